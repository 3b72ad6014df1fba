#!/usr/bin/env node
// watch-latency.mjs — how long a press officer waits between saving a bulletin and seeing it.
//
// Usage: node bench/watch-latency.mjs DIR [--runs N] [--json]
//
// DIR is a folder of bulletins (e.g. `node bench/gen-corpus.mjs --out DIR --count 4000`). It is copied
// into a throwaway site, and `bulletin watch` (the compiled CLI, as users run it: `npm run build:ts`
// first) is started on it as a child process. Then, N times each (default 5):
//   body  — append a paragraph to the newest published bulletin, and time from the write until its
//           page, fetched over HTTP, contains the paragraph;
//   title — change that bulletin's title, and time until both its page and its month's archive list
//           show the new title (the list is the part that makes a title change expensive).
// Each sample also records when the reload event reached an open page (SSE), and the quick update and
// full rebuild times the CLI printed (the page is served after the quick update; the full rebuild that
// follows makes related lists, feeds and search exact; the next save waits until it is done).
// Reports medians; targets: body < 100 ms, title < 300 ms. With --json, the last line of output is
// one JSON object for bench/run.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/bulletin.js', import.meta.url));
const NOW = '2026-11-27T12:00+08:00';
const NOW_MS = Date.parse('2026-11-27T12:00:00+08:00');
const TARGETS = { body: 100, title: 300 };

const argv = process.argv.slice(2);
const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 5) || 5;
const json = argv.includes('--json');
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node bench/watch-latency.mjs DIR [--runs N] [--json]   (DIR: a folder of bulletins, e.g. from gen-corpus.mjs)');
  process.exit(2);
}
if (!fs.existsSync(fileURLToPath(new URL('../lib/watch/watch.js', import.meta.url)))) {
  console.error('lib/ is not compiled: run `npm run build:ts` first.');
  process.exit(2);
}

const log = (line) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// A throwaway site: the bulletins (copied, since the benchmark edits them) and the default config.
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-watch-bench-'));
const content = path.join(site, 'content');
fs.cpSync(dir, content, { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.md') });

// The newest published bulletin: on the first list pages, so a title change moves real lists.
const target = newestPublished(content);
const original = fs.readFileSync(target.file, 'utf8');

const child = spawn(process.execPath, [BIN, 'watch', '--port', '0', '--now', NOW], { cwd: site, env: { ...process.env, NO_COLOR: '1' } });
let output = '';
const seen = new Set();
const onOutput = (chunk) => {
  output += chunk;
  seen.forEach((check) => check());
};
child.stdout.setEncoding('utf8').on('data', onOutput);
child.stderr.setEncoding('utf8').on('data', onOutput);
const until = (pattern, from = 0, ms = 600_000) =>
  new Promise((resolve, reject) => {
    const check = () => {
      const m = output.slice(from).match(pattern);
      if (!m) return;
      seen.delete(check);
      clearTimeout(timer);
      resolve(m);
    };
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`)), ms);
    seen.add(check);
    check();
  });

let exitCode = 0;
try {
  const [, url] = await until(/at (http:\/\/\S+\/) /);
  const [, firstMs] = await until(/Built in (\d+) ms \(first build\)/);
  log(`bulletin watch on ${countFiles(content)} bulletins: first build ${firstMs} ms; serving ${url}`);
  const pageUrl = new URL(target.sitePath, url).href;
  const listUrl = new URL(target.monthPath, url).href;
  for (const u of [pageUrl, listUrl]) if ((await fetch(u)).status !== 200) throw new Error(`${u} is not served; the corpus layout is not the expected one`);
  log(`editing ${path.relative(site, target.file)} (${target.sitePath}), list ${target.monthPath}`);
  const events = await openEvents(url);

  const results = { body: [], title: [] };
  for (const kind of ['body', 'title']) {
    for (let i = 1; i <= runs; i++) {
      const marker = `${kind === 'body' ? '基准正文' : '基准标题'}${i}-${Date.now().toString(36)}`;
      const text = kind === 'body' ? `${original.trimEnd()}\n\n${marker}\n` : original.replace(/^title: .*$/m, `title: "${marker}"`);
      const from = output.length;
      const eventsFrom = events.count();
      const t0 = performance.now();
      fs.writeFileSync(target.file, text);
      // Poll as a browser would reload: the page counts as served when it shows the change.
      await pollUntil(pageUrl, marker);
      if (kind === 'title') await pollUntil(listUrl, marker);
      const served = performance.now() - t0;
      const reloadAt = await events.next(eventsFrom, 60_000);
      const [, buildMs] = await until(/Built in (\d+) ms \(content\//, from, 120_000);
      const quick = /Updated (\d+) pages? in (\d+) ms/.exec(output.slice(from));
      results[kind].push({ served, reload: reloadAt - t0, build: Number(buildMs), quick: quick ? Number(quick[2]) : undefined });
      const quickText = quick ? `quick update of ${quick[1]} page(s) ${quick[2]} ms, ` : 'no quick update, ';
      log(`${kind.padEnd(5)} run ${i}: served after ${served.toFixed(0)} ms (reload event ${(reloadAt - t0).toFixed(0)} ms, ${quickText}full rebuild ${buildMs} ms)`);
      // Let chokidar's delayed events and any follow-up rebuild settle before the next save.
      await sleep(400);
    }
  }
  events.close();
  fs.writeFileSync(target.file, original);

  const summary = {};
  for (const kind of ['body', 'title']) {
    const r = results[kind];
    summary[kind] = {
      medianServedMs: Math.round(median(r.map((x) => x.served))),
      medianReloadEventMs: Math.round(median(r.map((x) => x.reload))),
      medianRebuildMs: Math.round(median(r.map((x) => x.build))),
      medianQuickMs: r.every((x) => x.quick !== undefined) ? Math.round(median(r.map((x) => x.quick))) : undefined,
      minServedMs: Math.round(Math.min(...r.map((x) => x.served))),
      maxServedMs: Math.round(Math.max(...r.map((x) => x.served))),
      targetMs: TARGETS[kind],
      met: median(r.map((x) => x.served)) < TARGETS[kind],
    };
    const s = summary[kind];
    log(`${kind}: median save → served ${s.medianServedMs} ms (min ${s.minServedMs}, max ${s.maxServedMs}; reload event ${s.medianReloadEventMs} ms; quick update ${s.medianQuickMs ?? '–'} ms; full rebuild after it ${s.medianRebuildMs} ms) — target < ${s.targetMs} ms: ${s.met ? 'met' : 'NOT met'}`);
  }
  if (json) console.log(JSON.stringify({ bench: 'watch-latency', bulletins: countFiles(content), runs, firstBuildMs: Number(firstMs), ...summary }));
} catch (err) {
  console.error(`${err.stack ?? err.message}\n--- bulletin watch output ---\n${output}`);
  exitCode = 1;
} finally {
  child.kill('SIGINT');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.on('exit', r)));
  fs.rmSync(site, { recursive: true, force: true });
}
process.exit(exitCode);

/** Polls until the page shows `marker`; gives up after a minute (a save never served is a failure, not a hang). */
async function pollUntil(u, marker, ms = 60_000) {
  const deadline = performance.now() + ms;
  for (;;) {
    if (performance.now() > deadline) throw new Error(`${u} did not show ${marker} within ${ms / 1000} s of the save`);
    try {
      const res = await fetch(u, { headers: { 'cache-control': 'no-cache' } });
      if ((await res.text()).includes(marker)) return;
    } catch {
      // A kept-alive connection closed by the server while the next request went out: ask again.
    }
    await sleep(2);
  }
}

/** Reads the server-sent events an open page receives; `next(n)` is the arrival time of event n (0-based) or later. */
async function openEvents(base) {
  const controller = new AbortController();
  const res = await fetch(new URL('__bulletin/events', base), { signal: controller.signal });
  const arrivals = [];
  const waiters = new Set();
  (async () => {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (/^event: (reload|problems)$/m.test(block)) arrivals.push(performance.now());
          waiters.forEach((w) => w());
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    count: () => arrivals.length,
    // A lost event is a failure with the server's output, not a hang of the whole bench.
    next: (n, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no reload event ${n + 1} within ${ms / 1000} s of the save`));
        }, ms);
        const check = () => {
          if (arrivals.length <= n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(arrivals[n]);
        };
        waiters.add(check);
        check();
      }),
    close: () => controller.abort(),
  };
}

function newestPublished(folder) {
  const files = fs.readdirSync(folder, { recursive: true }).filter((f) => f.endsWith('.md')).sort().reverse();
  for (const rel of files) {
    const file = path.join(folder, rel);
    const text = fs.readFileSync(file, 'utf8');
    const date = /^date: (.+)$/m.exec(text)?.[1];
    if (!date || /^draft: true$/m.test(text) || !(Date.parse(date) <= NOW_MS)) continue;
    // gen-corpus names files YYYY-MM-DD-NNNNN.md and dates them in +08:00: the default permalink is
    // /{yyyy}/{mm}/{slug}/ with the slug from the name after the date.
    const m = /^(\d{4})-(\d{2})-\d{2}-(.+)\.md$/.exec(path.basename(rel));
    if (!m) continue;
    return { file, sitePath: `${m[1]}/${m[2]}/${m[3]}/`, monthPath: `${m[1]}/${m[2]}/` };
  }
  throw new Error(`no published bulletin named YYYY-MM-DD-name.md in ${folder}`);
}

function countFiles(folder) {
  return fs.readdirSync(folder, { recursive: true }).filter((f) => f.endsWith('.md')).length;
}
