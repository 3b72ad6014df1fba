import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import sirv from 'sirv';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildSampleSite } from './sample-site.js';
import { cleanupSites } from './site.js';

/** Debian's Chromium; `.ci/run` installs it, locally `apt-get install chromium`. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const hasChromium = fs.existsSync(CHROMIUM_PATH);
const inCi = process.env.CI === 'true';

/**
 * `describe` for tests that need the browser. Without Chromium they are skipped locally, with the
 * reason in the suite name; in CI they run anyway so that `launchBrowser` fails loudly, because a
 * CI run that silently skips the accessibility checks proves nothing.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (hasChromium || inCi) describe(name, body);
  else describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM_PATH}; run apt-get install chromium)`, body);
}

/** Headless Chromium with everything that would reach the network switched off. */
export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) throw new Error(`No Chromium at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium); .ci/run does this in CI.`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Served {
  /** Base URL ending in `/`, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a folder on loopback at a free port, the way a static host would: `/foo/` → `foo/index.html`,
 * anything missing → the site's 404.html with status 404.
 */
export async function serveFolder(dir: string): Promise<Served> {
  const files = sirv(dir, { dev: true, etag: false });
  const notFound = path.join(dir, '404.html');
  const server = http.createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'Not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** The WCAG 2.0 and 2.1 level A and AA rules: what GB/T 37668 level 2 and Section 508 ask for. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Injects axe-core into the page and returns its WCAG A/AA violations (empty when the page passes). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG_AA_TAGS);
}

/** One line per failing element, so a failed assertion says what to fix. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${JSON.stringify(n.target)}`)).join('\n');
}

/** A served site and a browser, filled in by `beforeAll` and closed by `afterAll`. */
export interface BrowserSession {
  browser: Browser;
  server: Served;
}

/**
 * For one describe block: builds the sample site, serves its dist/ on loopback and launches Chromium;
 * everything is closed and removed after the block.
 */
export function useSampleSiteInBrowser(): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    const root = await buildSampleSite();
    session.server = await serveFolder(`${root}/dist`);
    session.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
    cleanupSites();
  });
  return session;
}
