#!/usr/bin/env node
// npm run bench — build speed and memory at several corpus sizes, against Eleventy and Hugo.
//
//   node bench/run.mjs [--sizes 1000,4000,20000] [--large] [--runs 3] [--large-runs 1] [--pairs N] [--no-peers] [--no-watch]
//
// For each size: generates a corpus (bench/gen-corpus.mjs) into bench/.corpus/N/ once, then in each
// of --runs rounds builds it (every build a separate process, measured by /usr/bin/time -v when present):
//   bulletin cold      no dist/, no .bulletin-cache/ — every page kind, feeds, search, related
//                      (and, up to 4,000 bulletins, the same with BULLETIN_WORKERS=0: what threads buy)
//   bulletin warm      again, nothing changed
//   bulletin edit      one bulletin's text edited
//   bulletin add       one bulletin added, the newest (every index page shifts), then taken out again unmeasured
//   eleventy / hugo    cold build of the minimal equivalent site (bench/peers.mjs)
// Variants are interleaved within each round, so a noisy shared machine slows them alike; medians
// and the ratios between medians of the same run are what to quote. Then bulletin's and Eleventy's
// cold builds run back to back as --pairs pairs (default 5 up to 4,000 bulletins, none above), and
// so do bulletin's one-edit build and Hugo's build, and its build with one bulletin added and Hugo's;
// the median of the per-pair ratios is printed: a
// pair meets the same state of the machine. Before a cold
// build the previous output is moved aside, not deleted (see `clean`). --large adds 100,000 bulletins
// (--large-runs rounds, without the peers). With the 4,000 corpus, the watch latency follows
// (bench/watch-latency.mjs: save to page served, body and title; --no-watch skips it).
// Results also go to bench/.corpus/results.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusYears, eleventySite, hugoSite, installEleventy, installHugo, toolsDir } from './peers.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(REPO, 'bench/.corpus');
const BIN = path.join(REPO, 'bin/bulletin.js');
const NOW = '2026-11-27T12:00+08:00';
const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const sizes = flag('--sizes', '1000,4000,20000').split(',').map(Number).concat(argv.includes('--large') ? [100000] : []);
const runs = Number(flag('--runs', '3'));
// Rounds at 100,000 (each cold build takes minutes); the scale target needs one good run.
const largeRuns = Number(flag('--large-runs', '1'));
const peers = !argv.includes('--no-peers');
// Cold builds of bulletin and Eleventy back to back, as pairs: by default 5 pairs up to 4,000 bulletins.
const pairsAsked = argv.includes('--pairs') ? Number(flag('--pairs', '0')) : undefined;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (!fs.existsSync(path.join(REPO, 'lib/build.js'))) {
  console.error('Compile first: npm run build:ts');
  process.exit(2);
}

/** Runs a command in a child process; wall seconds and peak resident MiB (from time -v, or bulletin's --profile). */
function measure(cmd, args, cwd, env = {}) {
  const start = performance.now();
  const run = TIME
    ? spawnSync(TIME, ['-v', cmd, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${run.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? /peak rss (\d+) MB/.exec(run.stderr)?.[1] * 1024;
  const stages = {};
  for (const m of run.stderr.matchAll(/^(\S+(?: cache)?)\s+(\d+)\s+\d+%\s+\d+\s+\d+/gm)) stages[m[1]] = Number(m[2]);
  return { seconds, rssMB: rss ? Number(rss) / 1024 : undefined, stages };
}

/** bench/.corpus/N: a bulletin site (config + content/) made once per size and generator version. */
function corpus(n) {
  const site = path.join(CORPUS, String(n));
  const stamp = `${n} ${fs.statSync(path.join(REPO, 'bench/gen-corpus.mjs')).size}`;
  const stampFile = path.join(site, '.generated');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return site;
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(site, { recursive: true });
  console.error(`generating ${n.toLocaleString('en')} bulletins…`);
  spawnSync(process.execPath, [path.join(REPO, 'bench/gen-corpus.mjs'), '--out', path.join(site, 'content'), '--count', String(n)], { stdio: 'ignore' });
  fs.renameSync(path.join(site, 'content/topics.json'), path.join(site, 'topics.json'));
  fs.writeFileSync(path.join(site, 'bulletin.config.yaml'), 'title: 云岭市政府信息发布\nurl: https://www.example.gov.cn/\nlang: zh-CN\n');
  fs.writeFileSync(stampFile, stamp);
  return site;
}

const bulletin = (site, env = {}) => measure(process.execPath, [BIN, 'build', '--quiet', '--profile', '--now', NOW], site, env);
/**
 * Moves a build's output out of the way before a cold build, instead of deleting it. On ext4 without
 * a journal (this machine's disk), each new file or folder costs kernel time for every inode of its
 * block group deleted in the last minute or so (the allocator skips "recently deleted" inodes one by
 * one): deleting a site's output and building right away measured Eleventy's 4,000 cold build at
 * 11.4 s instead of 5.2 s, and bulletin's 10.3 s instead of 9.2 s. That is the harness's deletion, not
 * the build; a rename frees no inode. The moved folders are deleted at the end of the run (see `emptyTrash`).
 */
const TRASH = path.join(CORPUS, '.trash');
let trashed = 0;
const clean = (...dirs) =>
  dirs.forEach((d) => {
    if (!fs.existsSync(d)) return;
    fs.mkdirSync(TRASH, { recursive: true });
    fs.renameSync(d, path.join(TRASH, `${trashed++}-${path.basename(d)}`));
  });
/**
 * Deletes what was moved aside, and waits until those inodes no longer count as recently deleted.
 * How long that takes grows with what was deleted (the kernel's window is 30 s after an inode's
 * table block is written back, three minutes while it is still dirty): after 24 GB of build output
 * went, creating files stayed four times slower for six minutes. So the moved-aside output is kept
 * until the last build of the run (`final`), and deleted before a round only when the
 * disk has less than ROOM_GB free (a whole run moves about 8 GB aside, 11 with --large); then with a
 * pause of 90 s, which may not be enough.
 */
const ROOM_GB = 20;
const emptyTrash = (final = false) => {
  if (!fs.existsSync(TRASH)) return;
  const { bavail, bsize } = fs.statfsSync(CORPUS);
  if (final) fs.rmSync(TRASH, { recursive: true, force: true });
  else if ((bavail * bsize) / 2 ** 30 < ROOM_GB) deleteTrashAndWait(`less than ${ROOM_GB} GB free`);
};
/** Deletes the moved-aside output before more builds are measured, then pauses (see `emptyTrash`). */
function deleteTrashAndWait(why) {
  fs.rmSync(TRASH, { recursive: true, force: true });
  console.error(`${why}: deleted the moved-aside output; waiting 90 s…`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 90_000);
}
/**
 * How fast this disk creates files just now: 2,000 files of 8 KB in 200 folders, timed, then moved
 * aside like any output. Printed with each size, so that a run made while the disk was slow (after a
 * large deletion, see `emptyTrash`) says so: every build in it, bulletin's and the peers', is slower.
 */
function probeDisk() {
  const dir = path.join(CORPUS, `.disk-probe-${process.pid}`);
  const bytes = Buffer.alloc(8192, 0x61);
  const start = performance.now();
  for (let d = 0; d < 200; d++) {
    fs.mkdirSync(path.join(dir, String(d)), { recursive: true });
    for (let f = 0; f < 10; f++) fs.writeFileSync(path.join(dir, String(d), `${f}.html`), bytes);
  }
  const ms = performance.now() - start;
  clean(dir);
  return Math.round(ms);
}
const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return s.length === 0 ? undefined : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tools = {};
if (peers) {
  const eleventy = installEleventy(toolsDir());
  const hugo = installHugo();
  if (eleventy.bin) tools.eleventy = eleventy.bin;
  else console.error(`Eleventy skipped: ${eleventy.reason}`);
  if (hugo.bin) tools.hugo = hugo.bin;
  else console.error(`Hugo skipped: ${hugo.reason}`);
}

// Left by an earlier run that stopped early: deleted before anything is measured.
if (fs.existsSync(TRASH)) deleteTrashAndWait('an earlier run stopped early');
const results = { machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, memoryGB: Math.round(os.totalmem() / 2 ** 30) }, runs, sizes: {} };
for (const n of sizes) {
  const site = corpus(n);
  const content = path.join(site, 'content');
  const dist = path.join(site, 'dist');
  const cacheDir = path.join(site, '.bulletin-cache');
  const edited = fs.readdirSync(content).filter((f) => f.endsWith('.md')).sort()[Math.floor(n / 2)];
  const editedFile = path.join(content, edited);
  const original = fs.readFileSync(editedFile, 'utf8');
  const peerSites = {};
  // Past 20,000 the peers would take most of an hour per round; the scale target is bulletin's own time per bulletin.
  const withPeers = n <= 20000;
  if (tools.eleventy && withPeers) peerSites.eleventy = eleventySite(path.join(site, '.eleventy'), content);
  if (tools.hugo && withPeers) peerSites.hugo = hugoSite(path.join(site, '.hugo'), content, corpusYears(content));
  const rounds = n > 20000 ? Math.min(runs, largeRuns) : runs;
  const samples = { 'bulletin cold': [], 'bulletin cold, 1 thread': [], 'bulletin warm': [], 'bulletin edit': [], 'bulletin add': [], eleventy: [], hugo: [] };
  const addedFile = path.join(content, `${NOW.slice(0, 10)}-bench-added.md`);
  // What the worker threads buy on this machine, measured in the same rounds (skipped where it would take long).
  const compareThreads = n <= 4000 && !argv.includes('--no-threads-compare');
  const diskBefore = probeDisk();
  try {
    for (let round = 1; round <= rounds; round++) {
      console.error(`N=${n.toLocaleString('en')} round ${round}/${rounds}`);
      emptyTrash(); // only when the disk is filling up
      if (peerSites.eleventy) {
        clean(path.join(peerSites.eleventy, '_site'));
        samples.eleventy.push(measure(process.execPath, [tools.eleventy, '--quiet'], peerSites.eleventy));
      }
      if (peerSites.hugo) {
        clean(path.join(peerSites.hugo, 'public'), path.join(peerSites.hugo, 'resources'));
        samples.hugo.push(measure(tools.hugo, ['--quiet'], peerSites.hugo));
      }
      if (compareThreads) {
        clean(dist, cacheDir);
        samples['bulletin cold, 1 thread'].push(bulletin(site, { BULLETIN_WORKERS: '0' }));
      }
      clean(dist, cacheDir);
      samples['bulletin cold'].push(bulletin(site));
      samples['bulletin warm'].push(bulletin(site));
      // Alternate between two versions of one bulletin, so every edit is a real change.
      fs.writeFileSync(editedFile, round % 2 ? original.replace(/\n$/, `\n\n修订说明：第${round}次修订。\n`) : original);
      samples['bulletin edit'].push(bulletin(site));
      fs.writeFileSync(addedFile, addedBulletin(content, round));
      samples['bulletin add'].push(bulletin(site));
      fs.rmSync(addedFile);
      bulletin(site); // the corpus as generated again, for the next round
    }
  } finally {
    fs.writeFileSync(editedFile, original);
    fs.rmSync(addedFile, { force: true });
  }
  const summary = {};
  for (const [name, list] of Object.entries(samples)) {
    if (list.length === 0) continue;
    const stageNames = [...new Set(list.flatMap((s) => Object.keys(s.stages)))];
    summary[name] = {
      seconds: median(list.map((s) => s.seconds)),
      rssMB: median(list.map((s) => s.rssMB)),
      all: list.map((s) => Number(s.seconds.toFixed(2))),
      stages: Object.fromEntries(stageNames.map((st) => [st, median(list.map((s) => s.stages[st]))])),
    };
  }
  results.sizes[n] = summary;
  results.diskProbeMs ??= {};
  results.diskProbeMs[n] = [diskBefore, probeDisk()];
  printSize(n, summary);
  console.log(`\nDisk: 2,000 files created in ${diskBefore} ms before these rounds and ${results.diskProbeMs[n][1]} ms after (a disk slowed by a recent large deletion takes several times longer).`);
  const pairCount = pairsAsked ?? (n <= 4000 ? 5 : 0);
  if (peerSites.eleventy && pairCount > 0) {
    const eleventyCold = () => (clean(path.join(peerSites.eleventy, '_site')), measure(process.execPath, [tools.eleventy, '--quiet'], peerSites.eleventy));
    (results.pairs ??= {})[n] = backToBack(n, pairCount, ['bulletin cold', () => (clean(dist, cacheDir), bulletin(site))], ['Eleventy', eleventyCold], 'cold builds back to back with Eleventy');
  }
  if (peerSites.hugo && pairCount > 0) {
    // The cache is warm from the cold pairs. Each edit starts without the output folder the last
    // swap retired, as the first edit after a cold build does (every unchanged file is linked
    // into folders made anew); the one-edit builds of the rounds above meet the machine at other
    // moments than Hugo's build of their round, these meet it at the same one.
    const hugoCold = () => (clean(path.join(peerSites.hugo, 'public'), path.join(peerSites.hugo, 'resources')), measure(tools.hugo, ['--quiet'], peerSites.hugo));
    bulletin(site); // warm, whatever the pairs before left
    let edits = 0;
    const edit = () => {
      clean(path.join(site, '.dist.prev'));
      fs.writeFileSync(editedFile, ++edits % 2 ? original.replace(/\n$/, `\n\n修订说明：第${edits}次修订。\n`) : original);
      return bulletin(site);
    };
    try {
      (results.editPairs ??= {})[n] = backToBack(n, pairCount, ['bulletin one edit', edit], ['Hugo', hugoCold], 'one-edit builds back to back with Hugo');
    } finally {
      fs.writeFileSync(editedFile, original);
    }
    // One bulletin added, as in the rounds (the newest, built with the cache), then taken out again
    // unmeasured, so that each pair starts from the corpus as generated.
    bulletin(site);
    let adds = 0;
    const add = () => {
      fs.writeFileSync(addedFile, addedBulletin(content, 100 + ++adds));
      try {
        return bulletin(site);
      } finally {
        fs.rmSync(addedFile, { force: true });
        bulletin(site);
      }
    };
    (results.addPairs ??= {})[n] = backToBack(n, pairCount, ['bulletin one added', add], ['Hugo', hugoCold], 'builds with one bulletin added back to back with Hugo');
  }
}
if (sizes.includes(4000) && !argv.includes('--no-watch')) results.watch = watchLatency(path.join(corpus(4000), 'content'));
emptyTrash(true);
fs.mkdirSync(CORPUS, { recursive: true });
fs.writeFileSync(path.join(CORPUS, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
printPerBulletin(results);
console.log(`\nMachine: ${results.machine.cpus} cores (${results.machine.model}), ${results.machine.memoryGB} GB, Node ${results.machine.node}, ${results.machine.platform}; medians of ${runs} runs.`);

/**
 * Two builds one right after the other, `count` times (bulletin's and a peer's): each pair meets the
 * same state of the machine, so the median of the per-pair ratios moves far less than a ratio of
 * medians taken across rounds.
 */
function backToBack(n, count, [aName, a], [bName, b], heading) {
  const pairs = [];
  for (let i = 1; i <= count; i++) {
    console.error(`N=${n.toLocaleString('en')} ${heading}: pair ${i}/${count}`);
    const first = a();
    const second = b();
    pairs.push({ [aName]: first.seconds, [bName]: second.seconds, ratio: first.seconds / second.seconds });
  }
  const ratios = pairs.map((p) => p.ratio);
  console.log(`\n### ${n.toLocaleString('en')} bulletins: ${heading}\n`);
  console.log(`| pairs | ${aName}, median | ${bName}, median | ${aName} ÷ ${bName} per pair: median (min–max) |\n|---:|---:|---:|---:|`);
  console.log(`| ${count} | ${median(pairs.map((p) => p[aName])).toFixed(2)} s | ${median(pairs.map((p) => p[bName])).toFixed(2)} s | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`);
  return { pairs, medianRatio: median(ratios) };
}

/** `bulletin watch` on the 4,000 corpus: save to page served, for a body and a title (bench/watch-latency.mjs). */
function watchLatency(content) {
  console.error('bulletin watch latency on 4,000 bulletins…');
  const run = spawnSync(process.execPath, [path.join(REPO, 'bench/watch-latency.mjs'), content, '--runs', String(Math.max(5, runs)), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 15 * 60_000 });
  const last = run.stdout.trim().split('\n').at(-1);
  if (run.status !== 0 || !last?.startsWith('{')) {
    console.error(`watch latency not measured:\n${run.stderr.slice(-2000)}`);
    return undefined;
  }
  const w = JSON.parse(last);
  console.log('\n### bulletin watch, 4,000 bulletins: save to page served\n');
  console.log('| save | median served | min–max | quick update | full rebuild after it | target |\n|---|---:|---:|---:|---:|---:|');
  for (const kind of ['body', 'title']) {
    const k = w[kind];
    console.log(`| ${kind} | ${k.medianServedMs} ms | ${k.minServedMs}–${k.maxServedMs} ms | ${k.medianQuickMs ?? '–'} ms | ${k.medianRebuildMs} ms | < ${k.targetMs} ms (${k.met ? 'met' : 'not met'}) |`);
  }
  return w;
}

/**
 * A new bulletin, the newest before NOW: the newest published one's agency, tags and body under a new
 * title and date, as a press office adds the day's release.
 */
function addedBulletin(content, round) {
  const today = NOW.slice(0, 10);
  const newest = fs.readdirSync(content).filter((f) => f.endsWith('.md') && f.slice(0, 10) <= today && !f.includes('bench-added')).sort().at(-1);
  const text = fs.readFileSync(path.join(content, newest), 'utf8');
  return text.replace(/^title: .*$/m, `title: "本市发布第${round}批重点项目清单"`).replace(/^date: .*$/m, `date: ${today}T09:00:00+08:00`);
}

function printSize(n, summary) {
  const eleventy = summary.eleventy?.seconds;
  const hugo = summary.hugo?.seconds;
  console.log(`\n### ${n.toLocaleString('en')} bulletins\n`);
  console.log('| build | median wall | bulletins/s | peak memory | vs Eleventy | vs Hugo | runs (s) |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const [name, s] of Object.entries(summary)) {
    const ratio = (base) => (base ? `${(s.seconds / base).toFixed(2)}×` : '–');
    const mem = s.rssMB === undefined ? 'n/a' : `${s.rssMB.toFixed(0)} MiB`;
    console.log(`| ${name} | ${s.seconds.toFixed(2)} s | ${Math.round(n / s.seconds).toLocaleString('en')} | ${mem} | ${ratio(eleventy)} | ${ratio(hugo)} | ${s.all.join(', ')} |`);
  }
  const stageNames = [...new Set(['bulletin cold', 'bulletin warm', 'bulletin edit', 'bulletin add'].flatMap((k) => Object.keys(summary[k]?.stages ?? {})))];
  console.log(`\n| stage (median ms) | cold | warm | edit | add |\n|---|---:|---:|---:|---:|`);
  for (const st of stageNames) {
    const cell = (k) => (summary[k]?.stages[st] === undefined ? '' : String(Math.round(summary[k].stages[st])));
    console.log(`| ${st} | ${cell('bulletin cold')} | ${cell('bulletin warm')} | ${cell('bulletin edit')} | ${cell('bulletin add')} |`);
  }
}

function printPerBulletin(results) {
  const ns = Object.keys(results.sizes).map(Number).filter((n) => results.sizes[n]['bulletin cold']).sort((a, b) => a - b);
  if (ns.length === 0) return;
  const base = ns.find((n) => n === 4000) ?? ns[0];
  console.log('\n### Time per bulletin, relative to the 4,000 corpus (scaling)\n');
  console.log('| N | cold ms/bulletin | ×4k | warm ms/bulletin | ×4k |\n|---:|---:|---:|---:|---:|');
  const per = (n, k) => (results.sizes[n][k].seconds * 1000) / n;
  for (const n of ns) {
    console.log(`| ${n.toLocaleString('en')} | ${per(n, 'bulletin cold').toFixed(2)} | ${(per(n, 'bulletin cold') / per(base, 'bulletin cold')).toFixed(2)} | ${per(n, 'bulletin warm').toFixed(2)} | ${(per(n, 'bulletin warm') / per(base, 'bulletin warm')).toFixed(2)} |`);
  }
}
