import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { bulletin, buildSite, cleanupSites, copyFixture, listFiles, snapshot, writeFiles } from '../helpers/site.js';

// Each test starts the CLI in child processes; on a loaded machine that takes seconds, not milliseconds.
const SLOW = 60_000;

afterAll(cleanupSites);

const NOW = ['--now', '2026-01-01T09:00+08:00'];

describe('content errors, as a press officer sees them', () => {
  it('reports every problem of every bulletin in one run, as file:line:col field: message, and exits 1', async () => {
    const root = copyFixture('sites/invalid-content');
    const run = await runCli(['build', ...NOW], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        '4 problems stop the build:',
        '  1. content/2020/2020-05-15-broken-link.md:7:2 The link "missing.md" points to a bulletin that does not exist (content/2020/missing.md). Check the file name and folder; links between bulletins are relative to this file.',
        '  2. content/2020/bad-date.md:3:7 date: "2020-13-45" is not a valid date. Use 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.',
        '  3. content/2020/no-title.md:1 title: is missing. Every bulletin needs a title (标题). Add a line such as title: 关于举办科技活动周的通知 to the front matter.',
        '  4. content/2020/no-title.md:3:7 tags: should be a list, e.g. tags: [科技创新, 资金扶持], not 5.',
        '1 warning:',
        '  - content/2020/bad-date.md:4:10 agencey: is not a known field and is ignored. Did you mean "agency"?',
        'Nothing was written; dist/ is as it was.',
        '',
      ].join('\n'),
    );
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    // No stack traces, no "Error:" prefixes: the text is for people, not programmers.
    expect(run.stderr).not.toMatch(/\bat .+\.js:\d+|Error:/);
  }, SLOW);

  it('reports the same problems from bulletin check, and writes nothing', async () => {
    const root = copyFixture('sites/invalid-content');
    const before = listFiles(root);
    const run = await runCli(['check', ...NOW], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('4 problems stop the build:');
    expect(run.stderr).toContain('content/2020/bad-date.md:3:7 date: "2020-13-45" is not a valid date.');
    expect(listFiles(root)).toEqual(before);
  }, SLOW);

  it('leaves the previous dist/ byte for byte as it was when a build fails', async () => {
    const root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
    const dist = path.join(root, 'dist');
    const before = snapshot(dist);
    const times = listFiles(dist).map((f) => fs.statSync(path.join(dist, f)).mtimeMs);
    const siblings = fs.readdirSync(root).sort();

    // A new bulletin with a broken date, and an edit to a good one that would change its page.
    writeFiles(root, {
      'content/2025/2025-10-01-broken.md': bulletin({ title: '新稿件', date: '2025-10-32' }),
      'content/2025/2025-08-15-open-day.md': bulletin({ title: '改过的标题', date: '2025-08-15 09:30' }),
    });
    const run = await runCli(['build', ...NOW], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('content/2025/2025-10-01-broken.md:3:7 date: "2025-10-32" is not a valid date.');
    expect(snapshot(dist)).toEqual(before);
    expect(listFiles(dist).map((f) => fs.statSync(path.join(dist, f)).mtimeMs)).toEqual(times);
    // No temporary folder is left beside it either.
    expect(fs.readdirSync(root).sort()).toEqual(siblings);
  }, SLOW);
});

describe('usage errors exit 2 and say how to use the command', () => {
  it('for an unknown command, an unknown option and a missing argument', async () => {
    const root = copyFixture('sites/basic');
    const cases: [string[], string][] = [
      [['bogus'], "unknown command 'bogus'"],
      [['build', '--bogus'], "unknown option '--bogus'"],
      [['new'], "missing required argument 'title'"],
      [['build', '--url', 'www.x.gov.cn'], '"www.x.gov.cn" is not a web address. Use a full address such as https://www.example.gov.cn/news/.'],
      [['build', '--now', 'tomorrow'], "option '--now <datetime>' argument 'tomorrow' is invalid."],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, root)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![1]).toBe(2);
      expect(run.stderr).toContain(cases[i]![1]);
      expect(run.stderr).toContain('Usage: bulletin');
    });
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    expect(listFiles(path.join(root, 'content')).length).toBe(10);
  }, SLOW);

  it('a config file with mistakes stops the build with exit 1 and names the line', async () => {
    const root = copyFixture('sites/basic');
    writeFiles(root, { 'bulletin.config.yaml': 'title: 测试\npageSise: 10\n' });
    const run = await runCli(['build', ...NOW], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bulletin.config.yaml:2:1 pageSise: is not a known setting. Did you mean "pageSize"?');
  }, SLOW);
});
