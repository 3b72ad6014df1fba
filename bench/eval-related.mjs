#!/usr/bin/env node
// eval-related.mjs — how good and how fast are related articles (相关稿件) on a generated corpus?
//
// Usage: npm run build:ts && npm run eval:related -- DIR [--runs 3]
//
// DIR holds bulletins (.md, any layout) and topics.json ({ "file name": hidden topic }), as written by
// bench/gen-corpus.mjs. The bulletins are loaded and rendered with the compiled library (lib/), the
// same code a build runs, so each one's term vector comes from its rendered text. Then related lists
// are computed twice: with text similarity alone (tags, agency and date weights 0) and with the
// default weights from the config schema. For each it prints precision@5 — the share of each
// bulletin's related list with the same hidden topic — and the median time and extra memory of
// `computeRelated` over --runs runs, each in a fresh child process so one run's garbage does not
// weigh on the next. Tokenizing (term vectors from title and text) is timed on its own too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';

const lib = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib');
if (!fs.existsSync(path.join(lib, 'site', 'related', 'index.js'))) {
  console.error('lib/ is missing or out of date: run `npm run build:ts` first.');
  process.exit(2);
}
const { computeRelated, termVector } = await import(path.join(lib, 'site', 'related', 'index.js'));

if (process.argv[2] === '--score') await scoreChild(process.argv[3], JSON.parse(process.argv[4]));
else await main();

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--runs');
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
  if (!dir || !fs.existsSync(path.join(dir, 'topics.json'))) {
    console.error('usage: npm run eval:related -- DIR [--runs 3]   (DIR: bulletins and topics.json from bench/gen-corpus.mjs)');
    process.exit(2);
  }
  const { configSchema } = await import(path.join(lib, 'config', 'schema.js'));
  const { resolveConfig } = await import(path.join(lib, 'config', 'resolve-config.js'));
  const { discover } = await import(path.join(lib, 'content', 'discover.js'));
  const { loadContentCached } = await import(path.join(lib, 'cache', 'load-cached.js'));
  const { renderBulletins } = await import(path.join(lib, 'markdown', 'render-all.js'));
  const { byNewest } = await import(path.join(lib, 'site', 'plan-site.js'));

  const topics = JSON.parse(fs.readFileSync(path.join(dir, 'topics.json'), 'utf8'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-eval-'));
  const parsed = configSchema.parse({});
  // "Now" after every corpus date, so that every bulletin is published.
  const { config } = resolveConfig(root, parsed, { contentDir: path.resolve(dir), now: Date.parse('2100-01-01T00:00:00Z') });
  let t = performance.now();
  const found = discover(config.root, config.contentDir);
  const loaded = await loadContentCached(found.files, config, undefined);
  const bulletins = loaded.bulletins.sort(byNewest);
  const loadMs = performance.now() - t;
  t = performance.now();
  let cpu = process.cpuUsage();
  const { rendered } = await renderBulletins(bulletins, config, new Set());
  const renderMs = performance.now() - t;
  // CPU time of the whole process, worker threads included: rendering may run on several cores.
  const renderCpuMs = cpuMs(process.cpuUsage(cpu));
  const topic = bulletins.map((b) => topics[path.basename(b.file)]);
  if (topic.some((x) => x === undefined)) throw new Error('topics.json does not name every bulletin in DIR.');
  const mb = rendered.reduce((n, r, i) => n + Buffer.byteLength(r.text) + Buffer.byteLength(bulletins[i].title), 0) / 1048576;
  console.log(
    `${bulletins.length} bulletins in ${dir}: loaded in ${(loadMs / 1000).toFixed(1)} s, rendered (term vectors included) in ` +
      `${(renderMs / 1000).toFixed(1)} s (${(renderCpuMs / 1000).toFixed(1)} s CPU)`,
  );

  const tokenize = Array.from({ length: runs }, () => {
    const start = performance.now();
    cpu = process.cpuUsage();
    // The same text renderOne gives termVector: title, then summary and body.
    for (let i = 0; i < bulletins.length; i++) termVector(bulletins[i].title, bulletins[i].summary ? `${bulletins[i].summary}\n${rendered[i].text}` : rendered[i].text);
    return { ms: performance.now() - start, cpuMs: cpuMs(process.cpuUsage(cpu)) };
  });
  const tokenizeMs = median(tokenize.map((x) => x.ms));
  const tokenizeCpuMs = median(tokenize.map((x) => x.cpuMs));
  console.log(
    `tokenizing ${mb.toFixed(1)} MB of text into term vectors: ${(tokenizeMs / 1000).toFixed(2)} s, ${(tokenizeCpuMs / 1000).toFixed(2)} s CPU ` +
      `(median of ${runs}; ${(mb / (tokenizeCpuMs / 1000)).toFixed(1)} MB per CPU second; ${((100 * tokenizeCpuMs) / renderCpuMs).toFixed(1)}% of the Markdown stage's CPU time)`,
  );

  // Hand the scorer only what it reads, so the child's memory is the scorer's, not the corpus's.
  const input = path.join(root, 'input.bin');
  const items = bulletins.map((b) => ({ slug: b.slug, file: b.file, date: { epochMs: b.date.epochMs }, tags: b.tags, agency: b.agency }));
  fs.writeFileSync(input, v8.serialize({ items, terms: rendered.map((r) => r.terms), topic, count: parsed.related.count }));
  const settings = [
    ['text only', { text: parsed.related.weights.text, tags: 0, agency: 0, date: 0 }],
    ['default weights', parsed.related.weights],
  ];
  for (const [name, weights] of settings) {
    const results = Array.from({ length: runs }, () =>
      JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--score', input, JSON.stringify(weights)], { encoding: 'utf8' })),
    );
    const p = results[0].precision;
    if (results.some((r) => r.precision !== p)) throw new Error('Runs disagree: related lists are not deterministic.');
    console.log(
      `${name.padEnd(16)} ${JSON.stringify(weights)}: precision@5 ${p.toFixed(4)}; computeRelated ${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} s ` +
        `(${(median(results.map((r) => r.cpuMs)) / 1000).toFixed(2)} s CPU), ` +
        `+${median(results.map((r) => r.peakMB)).toFixed(0)} MB peak RSS (medians of ${runs} runs)`,
    );
  }
  if (process.env.KEEP_EVAL_INPUT) console.log(`input kept in ${input}`);
  else fs.rmSync(root, { recursive: true, force: true });
}

/** One timed run in a fresh process: prints { ms, cpuMs, peakMB, precision } as JSON. */
async function scoreChild(file, weights) {
  const { items, terms, topic, count } = v8.deserialize(fs.readFileSync(file));
  globalThis.gc();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const lists = computeRelated(items, terms, items.map(() => true), items.map(() => []), { count, weights });
  const ms = performance.now() - start;
  const cpu = cpuMs(process.cpuUsage(cpuStart));
  // maxRSS is the process's high-water mark (KiB): what the scorer needed at its peak, over the loaded input.
  const peakMB = (process.resourceUsage().maxRSS * 1024 - before) / 1048576;
  let same = 0;
  let listed = 0;
  lists.forEach((list, i) => {
    for (const j of list.slice(0, 5)) {
      listed++;
      if (topic[j] === topic[i]) same++;
    }
  });
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpu, peakMB, precision: listed ? same / listed : 0 }));
}

function cpuMs(usage) {
  return (usage.user + usage.system) / 1000;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
