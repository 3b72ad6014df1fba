import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { createDevBuilder, devBuildOptions } from '../../src/watch/dev-build.js';
import { bulletin, cleanupSites, FIXED_NOW, listFiles, makeSite, snapshot } from '../helpers/site.js';

/**
 * The invariant that matters most in watch mode: after any sequence of edits, adds, renames, deletes,
 * template and config changes (and broken saves in between), the development folder is byte for byte
 * what a fresh full build of the same files writes. The fresh build runs in a copy of the site, so
 * no cache or previous output can help it. Runs: BULLETIN_PROPERTY_RUNS (default 6); reproduce a
 * failure with BULLETIN_PROPERTY_SEED and the seed fast-check prints.
 */
const RUNS = Number(process.env.BULLETIN_PROPERTY_RUNS ?? 6);
const SEED = process.env.BULLETIN_PROPERTY_SEED === undefined ? undefined : Number(process.env.BULLETIN_PROPERTY_SEED);

const CONFIG = (pageSize: number, title: string) => `title: ${title}\nurl: https://www.example.gov.cn/\npageSize: ${pageSize}\nrelated:\n  count: 2\nfeed:\n  items: 3\n`;

const names = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
const years = fc.constantFrom('2025', '2026');
const filePath = fc.tuple(years, names).map(([y, n]) => `content/${y}/${n}.md`);
// The clock is 2026-01-01 09:00 (+08:00): 2026 dates are scheduled. Equal dates exercise the tie-break.
const dates = fc.constantFrom('2024-12-31 23:59', '2025-03-01 09:00', '2025-03-01 09:00', '2025-07-15 10:30', '2025-12-31 08:00', '2026-02-01 09:00');
const titles = fc.constantFrom('关于春季防火的通知', '空气质量月报', '公交线路调整公告', 'Budget statement', '教育经费公示', '交通管制公告');
const bodies = fc.constantFrom('空气质量持续改善。', '公交线路调整，市民出行请注意。\n\n第二段：教育经费公示。', 'The budget for roads and schools.', '## 要点\n\n- 防火\n- 交通\n');
const fields = fc.record({
  title: titles,
  date: dates,
  tags: fc.subarray(['环境', '交通', '教育']),
  draft: fc.boolean(),
  body: bodies,
});

type Op =
  | { t: 'write'; path: string; f: { title: string; date: string; tags: string[]; draft: boolean; body: string } }
  | { t: 'rename'; pick: number; to: string }
  | { t: 'delete'; pick: number }
  | { t: 'break'; pick: number; how: number }
  | { t: 'same-size'; pick: number }
  | { t: 'retitle'; pick: number; title: string; body: string }
  | { t: 'template'; variant: number }
  | { t: 'config'; pageSize: number; title: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('write' as const), path: filePath, f: fields }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('rename' as const), pick: fc.nat(), to: filePath }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('break' as const), pick: fc.nat(), how: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('same-size' as const), pick: fc.nat() }) },
  // A new title or body and nothing else: the saves that go through quick updates.
  { weight: 4, arbitrary: fc.record({ t: fc.constant('retitle' as const), pick: fc.nat(), title: titles, body: bodies }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('template' as const), variant: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('config' as const), pageSize: fc.integer({ min: 1, max: 3 }), title: fc.constantFrom('测试站', '新站名') }) },
);

const BROKEN = ['---\ntitle: 坏稿\ndate: 2025-13-45\n---\n\n正文。\n', '---\ntitle: [未闭合\n---\n\n正文。\n', '---\ndate: 2025-03-01 09:00\n---\n\n没有标题。\n'];

function markdownFiles(root: string): string[] {
  return listFiles(path.join(root, 'content')).filter((p) => p.endsWith('.md')).map((p) => `content/${p}`);
}

/**
 * Writes like a file system with whole-second timestamps (FAT, HFS+, many network shares).
 * `sameTick` keeps the file's previous mtime: a second save within the same timestamp tick, the
 * case where a cache that trusts mtime and size serves the old text.
 */
function save(file: string, text: string, sameTick = false): void {
  const before = sameTick ? fs.statSync(file).mtimeMs / 1000 : undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const second = before ?? Math.floor(fs.statSync(file).mtimeMs / 1000);
  fs.utimesSync(file, second, second);
}

/** Applies one change; returns the absolute paths it touched, as the watcher would report them. */
function apply(root: string, o: Op): string[] {
  const files = markdownFiles(root);
  const abs = (rel: string) => path.join(root, rel);
  const pick = (n: number) => abs(files[n % files.length]!);
  switch (o.t) {
    case 'write':
      save(abs(o.path), bulletin({ title: o.f.title, date: o.f.date, tags: o.f.tags, ...(o.f.draft ? { draft: true } : {}) }, o.f.body));
      return [abs(o.path)];
    case 'rename': {
      if (files.length === 0) return [];
      fs.mkdirSync(path.dirname(abs(o.to)), { recursive: true });
      fs.renameSync(pick(o.pick), abs(o.to));
      return [pick(o.pick), abs(o.to)];
    }
    case 'delete':
      if (files.length === 0) return [];
      fs.rmSync(pick(o.pick));
      return [pick(o.pick)];
    case 'break':
      if (files.length === 0) return [];
      save(pick(o.pick), BROKEN[o.how]!);
      return [pick(o.pick)];
    case 'same-size': {
      // Same bytes in a different order, saved within the same timestamp tick as the last save.
      if (files.length === 0) return [];
      const text = fs.readFileSync(pick(o.pick), 'utf8');
      const [, head, body, tail] = /^([\s\S]*\n---\n\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
      if (head === undefined) return [];
      save(pick(o.pick), head + [...body!].reverse().join('') + tail, true);
      return [pick(o.pick)];
    }
    case 'retitle': {
      if (files.length === 0) return [];
      const text = fs.readFileSync(pick(o.pick), 'utf8');
      const [, head] = /^(---\n[\s\S]*?\n---\n)/.exec(text) ?? [];
      if (head === undefined || !/^title: /m.test(head)) return [];
      save(pick(o.pick), `${head.replace(/^title: .*$/m, `title: ${o.title}`)}\n${o.body}\n`);
      return [pick(o.pick)];
    }
    case 'template': {
      const footer = abs('templates/partials/footer.liquid');
      const original = fs.readFileSync(path.join(builtinTemplatesDir, 'partials/footer.liquid'), 'utf8');
      save(footer, o.variant === 0 ? original : original.replace('<footer class="site-footer">', `<footer class="site-footer"><p>版本 ${o.variant}</p>`));
      return [footer];
    }
    case 'config':
      save(abs('bulletin.config.yaml'), CONFIG(o.pageSize, o.title));
      return [abs('bulletin.config.yaml')];
  }
}

/** A fresh full build of the site's current files, in a copy of the site with no output or cache. */
async function freshBuild(root: string): Promise<{ ok: boolean; files: Record<string, string> }> {
  const copy = makeSite({});
  for (const entry of ['content', 'templates', 'bulletin.config.yaml']) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  const options = devBuildOptions({ root: copy, now: FIXED_NOW });
  const result = await build(options);
  const files = snapshot(options.outDir!);
  fs.rmSync(copy, { recursive: true, force: true });
  return { ok: result.ok, files };
}

/** Which files differ between two folder snapshots: `+` only in `actual`, `-` only in `expected`, `~` other bytes. */
function differences(actual: Record<string, string>, expected: Record<string, string>): string[] {
  const paths = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  return paths.flatMap((p) => (!(p in expected) ? [`+ ${p}`] : !(p in actual) ? [`- ${p}`] : actual[p] !== expected[p] ? [`~ ${p}`] : []));
}

/** Applies `ops` one by one to a new site through the watch loop's builder, checking after each. */
async function checkSequence(ops: readonly Op[]): Promise<void> {
  const root = makeSite({
    'bulletin.config.yaml': CONFIG(2, '测试站'),
    'content/2025/a.md': bulletin({ title: '关于春季防火的通知', date: '2025-03-01 09:00', tags: ['环境'] }, '空气质量持续改善。'),
    'content/2025/b.md': bulletin({ title: '空气质量月报', date: '2025-07-15 10:30', tags: ['环境', '交通'] }, '公交线路调整。'),
    'content/2025/c.md': bulletin({ title: '教育经费公示', date: '2025-12-31 08:00', draft: true }, '教育经费。'),
    'content/2026/d.md': bulletin({ title: '交通管制公告', date: '2026-02-01 09:00', tags: ['交通'] }, '交通管制。'),
  });
  try {
    for (const file of markdownFiles(root)) save(path.join(root, file), fs.readFileSync(path.join(root, file), 'utf8'));
    fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
    const builder = createDevBuilder({ root, now: FIXED_NOW });
    const outDir = devBuildOptions({ root, now: FIXED_NOW }).outDir!;
    expect((await builder.rebuild()).ok).toBe(true);
    let lastGood = snapshot(outDir);
    for (const [step, o] of ops.entries()) {
      // As the watch loop does: a quick update first (when the change allows one), then the full rebuild.
      const touched = apply(root, o);
      await builder.quick(touched);
      const outcome = await builder.rebuild(touched);
      const fresh = await freshBuild(root);
      const where = `after step ${step + 1}, ${JSON.stringify(o)}`;
      expect(outcome.ok, where).toBe(fresh.ok);
      const now = snapshot(outDir);
      // A broken save leaves the last good site in place, untouched.
      expect(differences(now, outcome.ok ? fresh.files : lastGood), where).toEqual([]);
      if (outcome.ok) lastGood = now;
    }
  } finally {
    // Hundreds of sites over a long run: remove each one as soon as it is checked.
    fs.rmSync(root, { recursive: true, force: true });
  }
}

afterAll(() => cleanupSites());

describe('incremental development builds', () => {
  it('leave the development folder byte for byte equal to a fresh full build after any sequence of changes', { timeout: 60_000 + RUNS * 40_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), checkSequence), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  });
});
