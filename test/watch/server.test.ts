import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { error } from '../../src/diagnostics.js';
import { DevServerError, startDevServer, type DevServer } from '../../src/watch/server.js';
import { cleanupSites, makeSite } from '../helpers/site.js';
import { openEvents } from './helpers/session.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  cleanupSites();
});

async function occupyPort(): Promise<number> {
  const blocker = http.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise((r) => blocker.close(r)) });
  return (blocker.address() as AddressInfo).port;
}

async function serve(dir: string, port = 0, extra: Partial<Parameters<typeof startDevServer>[0]> = {}): Promise<DevServer> {
  const server = await startDevServer({ dir, host: '127.0.0.1', port, problems: () => [], ...extra });
  open.push(server);
  return server;
}

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s)).on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

describe('startDevServer', { timeout: 20_000 }, () => {
  it('tries the next port when the one asked for is taken, and says so', async () => {
    const taken = await occupyPort();
    const told: [number, number][] = [];
    const server = await serve(makeSite({ 'site/index.html': '<p>x</p>' }), taken, { onPortTaken: (p, n) => told.push([p, n]) });
    expect(server.port).toBeGreaterThan(taken);
    expect(told[0]).toEqual([taken, taken + 1]);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('explains what to do when every port it may try is taken', async () => {
    const taken = await occupyPort();
    const attempt = startDevServer({ dir: makeSite({}), host: '127.0.0.1', port: taken, portAttempts: 1, problems: () => [] });
    await expect(attempt).rejects.toThrow(DevServerError);
    await expect(attempt).rejects.toThrow(`Port ${taken} is in use. Stop the other server (another bulletin watch?), or choose a free port with --port.`);
  });

  it('serves nothing from outside the development folder', async () => {
    const root = makeSite({ 'secret.txt': 'private', 'site/index.html': '<html><body><p>home</p></body></html>' });
    const server = await serve(path.join(root, 'site'));
    for (const raw of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const res = await rawGet(server.port, raw);
      expect(res.body, raw).not.toContain('private');
    }
    expect((await rawGet(server.port, '/')).body).toContain('home');
  });

  it('shows the problems of the latest build on every page it serves, the 404 page included', async () => {
    const dir = makeSite({ 'index.html': '<html><body><p>home</p></body></html>', '404.html': '<html><body><p>missing</p></body></html>' });
    let problems = [error('is not a date.', { file: 'content/a.md', line: 3, column: 7, field: 'date' })];
    const server = await serve(dir, 0, { problems: () => problems });
    for (const p of ['/', '/nowhere/']) expect(await (await fetch(new URL(p, server.url))).text(), p).toContain('content/a.md:3:7 date: is not a date.');
    problems = [];
    expect(await (await fetch(server.url)).text()).not.toContain('is not a date');
    expect(fs.existsSync(path.join(dir, 'index.html'))).toBe(true);
  });

  it('sends events to every open page and ends their streams on close', async () => {
    const server = await startDevServer({ dir: makeSite({}), host: '127.0.0.1', port: 0, problems: () => [] });
    const pages = [await openEvents(server.url), await openEvents(server.url)];
    server.send('reload', { ms: 12 });
    for (const page of pages) expect((await page.waitFor('reload', 0)).data).toBe('{"ms":12}');
    await server.close();
    await Promise.all(pages.map((p) => p.ended));
  });
});

describe('startDevServer on loopback', { timeout: 20_000 }, () => {
  it('refuses requests addressed to another host name, so a web page elsewhere cannot read drafts through DNS rebinding', async () => {
    const server = await serve(makeSite({ 'index.html': '<html><body><p>草稿</p></body></html>' }));
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: server.port, path: '/', headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (s: string) => (body += s)).on('end', () => resolve({ status: res.statusCode!, body }));
        }).on('error', reject);
      });
    const refused = await get(`attacker.example:${server.port}`);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('草稿');
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, 'LOCALHOST']) {
      expect((await get(host)).status, host).toBe(200);
    }
  });
});
