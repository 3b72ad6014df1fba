#!/usr/bin/env node
// Scale benchmark of the search stage (issue 8). Usage:
//   node /work/shared/bench/gen-corpus.mjs --out DIR --count 20000
//   npm run build:ts && node bench/search-scale.mjs DIR [--runs 5] [--docs FILE]
// Plans the corpus with the real build (pages rendered, nothing written), then runs the search
// stage in fresh child processes (so peak memory is the stage's own, not the whole build's) and
// reports the median time, the peak resident memory, the index size, and the bytes a browser
// downloads for typical queries, found by running the page's own engine over the written files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = path.join(here, '..', 'lib');

if (process.argv[2] === '--stage') await stage(process.argv[3], process.argv[4]);
else await main();

/** Child: SearchDoc[] JSON in → the search stage → files out; prints time and memory. */
async function stage(docsFile, outDir) {
  const { buildIndex, serializeIndex } = await import(path.join(lib, 'search', 'index.js'));
  const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const files = serializeIndex(buildIndex(docs), docs);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  if (outDir) {
    for (const f of files) {
      fs.mkdirSync(path.join(outDir, path.dirname(f.path)), { recursive: true });
      fs.writeFileSync(path.join(outDir, f.path), f.content);
    }
  }
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peak, before, files: files.length }));
}

async function main() {
  const dir = process.argv[2];
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
  if (!dir || !fs.existsSync(dir)) {
    console.error('usage: node bench/search-scale.mjs CORPUS_DIR [--runs N] [--docs FILE]');
    process.exit(2);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'search-scale-'));
  // Planning and rendering 20,000 bulletins takes minutes; --docs FILE keeps their texts for reruns.
  const cache = process.argv.includes('--docs') ? process.argv[process.argv.indexOf('--docs') + 1] : undefined;
  const docsFile = cache ?? path.join(work, 'docs.json');
  if (!cache || !fs.existsSync(cache)) {
    const { build } = await import(path.join(lib, 'build.js'));
    const { renderBulletins } = await import(path.join(lib, 'markdown', 'render-all.js'));
    const { searchDocs } = await import(path.join(lib, 'search', 'index.js'));
    fs.writeFileSync(path.join(work, 'bulletin.config.yaml'), 'title: Bench\nurl: https://www.example.gov.cn/\n');
    const t0 = performance.now();
    const result = await build({ root: work, contentDir: path.resolve(dir), write: false, now: Date.parse('2027-06-01T00:00:00+08:00'), flags: { search: false } });
    if (!result.plan) throw new Error(`The corpus did not plan: ${result.diagnostics.slice(0, 3).map((d) => d.message).join('; ')}`);
    const { rendered } = await renderBulletins(result.plan.bulletins, result.config, new Set());
    fs.writeFileSync(docsFile, JSON.stringify(searchDocs(result.plan, rendered)));
    console.log(`planned and rendered in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
  console.log(`corpus: ${docs.length} searchable bulletins`);

  const out = path.join(work, 'out');
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const json = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--stage', docsFile, r === 0 ? out : ''], { maxBuffer: 1 << 20 });
    samples.push(JSON.parse(json));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
  console.log(`search stage: median ${(med(samples.map((s) => s.ms)) / 1000).toFixed(2)} s over ${runs} runs (${samples.map((s) => (s.ms / 1000).toFixed(2)).join(', ')})`);
  // Wall time suffers when other work shares the cores; CPU time is what the stage itself costs.
  console.log(`search stage CPU time: median ${(med(samples.map((s) => s.cpuMs)) / 1000).toFixed(2)} s`);
  console.log(`peak RSS of the stage's process: median ${mb(med(samples.map((s) => s.peak)))} (${mb(med(samples.map((s) => s.before)))} of it the input texts and Node itself)`);

  const files = listFiles(path.join(out, 'search'));
  const total = files.reduce((s, f) => s + fs.statSync(path.join(out, 'search', f)).size, 0);
  const shards = files.filter((f) => f.startsWith('t/')).map((f) => fs.statSync(path.join(out, 'search', f)).size);
  console.log(`index: ${files.length} files, ${mb(total)}; ${shards.length} shards, median ${kb(med(shards))}, largest ${kb(Math.max(...shards))}`);

  const { createEngine } = await import(path.join(here, '..', 'templates', 'assets', 'search', 'engine.js'));
  const queries = [
    { q: '科技创新' }, { q: '创新' }, { q: '营商环境' }, { q: '青澜市 生态环境局' }, { q: '2020年' }, { q: '高校毕业生就业' },
    { q: 'innovation' }, { q: 'air pollution control' }, { q: 'talent', sort: 'newest' },
    { q: '科技创新', agency: docs[0].agency, year: String(docs[0].year) },
    { q: '进一步优化营商环境' }, { q: '青澜市科学技术局推进关键核心技术攻关' }, // long phrases: many shards
  ];
  console.log('per-query download (manifest + shards + document chunks for the first 10 hits), raw / gzip:');
  for (const request of queries) {
    const fetched = new Map();
    const engine = createEngine(async (p) => {
      const file = path.join(out, 'search', p.replace(/\?.*$/, ''));
      const bytes = fs.readFileSync(file);
      fetched.set(p, bytes);
      return JSON.parse(bytes.toString('utf8'));
    });
    const hits = await engine.search(request);
    await engine.documents(hits.ids.slice(0, 10));
    const raw = [...fetched.values()].reduce((s, b) => s + b.length, 0);
    const gz = [...fetched.values()].reduce((s, b) => s + zlib.gzipSync(b).length, 0);
    console.log(`  ${JSON.stringify(request)}: ${hits.total} hits, ${fetched.size} files, ${kb(raw)} / ${kb(gz)}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

function kb(b) {
  return `${(b / 1024).toFixed(0)} KB`;
}

function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
