import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { bulletin, cleanupSites, makeSite } from '../helpers/site.js';

/** `bulletin watch` as a child process, with its output collected as it comes. */
function startCli(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, 'watch', '--now', '2026-01-01T09:00+08:00', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (s: string) => ((stdout += s), waiters.forEach((w) => w())));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => ((stderr += s), waiters.forEach((w) => w())));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  running.push(child);
  return {
    child,
    exited,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    /** Waits until stdout + stderr match. */
    until(pattern: RegExp): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (stdout + stderr).match(pattern);
          if (!m) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${stdout}\n${stderr}`)), 20_000);
        waiters.add(check);
        check();
      });
    },
  };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  cleanupSites();
});

const SITE = {
  'content/2025-03-01-alpha.md': bulletin({ title: '甲公告', date: '2025-03-01 09:00' }),
  'content/2025-06-01-draft.md': bulletin({ title: '草稿公告', date: '2025-06-01 09:00', draft: true }),
};

describe('bulletin watch (CLI)', { timeout: 40_000 }, () => {
  it('prints where it serves, reports a broken save with its location, recovers, and stops cleanly on Ctrl-C', async () => {
    const root = makeSite(SITE);
    const cli = startCli(['--port', '0'], root);
    const [, url] = await cli.until(/Serving drafts and scheduled bulletins at (http:\/\/127\.0\.0\.1:\d+\/)/);
    await cli.until(/Built in \d+ ms \(first build\)/);
    expect((await fetch(new URL('2025/06/draft/', url!))).status).toBe(200);

    fs.writeFileSync(path.join(root, 'content/2025-03-01-alpha.md'), '---\ntitle: 甲公告\ndate: 2025-13-45\n---\n\n正文。\n');
    await cli.until(/Not rebuilt \(content\/2025-03-01-alpha\.md\)/);
    expect(cli.stderr).toMatch(/1 problem stops the build:\n {2}1\. content\/2025-03-01-alpha\.md:3:7 date: /);
    expect(cli.stderr).not.toMatch(/Error:|at .*\.js:\d+/);

    fs.writeFileSync(path.join(root, 'content/2025-03-01-alpha.md'), bulletin({ title: '甲公告', date: '2025-03-01 09:00' }, '修好了。'));
    await cli.until(/Built in \d+ ms \(content\/2025-03-01-alpha\.md\)/);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout).toContain('Stopping.');
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    await expect(fetch(url!)).rejects.toThrow();
  });

  it('says a port is taken and serves on the next one', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const cli = startCli(['--port', String(taken)], makeSite(SITE));
      await cli.until(/Built in \d+ ms \(first build\)/);
      expect(cli.stderr).toContain(`Port ${taken} is in use (another bulletin watch or server?); trying ${taken + 1}.`);
      expect(cli.stdout).toMatch(new RegExp(`at http://127\\.0\\.0\\.1:(${taken + 1}|${taken + 2}|${taken + 3})/`));
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('refuses a port that is not a number, as a usage error', async () => {
    const cli = startCli(['--port', 'eighty'], makeSite(SITE));
    expect(await cli.exited).toBe(2);
    expect(cli.stderr).toContain('"eighty" is not a port number.');
  });
});
