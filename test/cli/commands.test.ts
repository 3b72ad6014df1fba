import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { runCli } from '../helpers/cli.js';
import { findBrokenLinks } from '../helpers/links.js';
import { buildSite, cleanupSites, copyFixture, listFiles, makeSite, readHtml, snapshot } from '../helpers/site.js';

// Each test starts the CLI in child processes; on a loaded machine that takes seconds, not milliseconds.
const SLOW = 60_000;

afterAll(cleanupSites);

const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

describe('bulletin --help and --version', () => {
  it('print the commands and the version, and exit 0', async () => {
    const cwd = makeSite({});
    const [help, version, buildHelp] = await Promise.all([runCli(['--help'], cwd), runCli(['--version'], cwd), runCli(['build', '--help'], cwd)]);
    expect(help.code).toBe(0);
    for (const command of ['build', 'check', 'new', 'init']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(buildHelp.code).toBe(0);
    for (const flag of ['--content', '--out', '--drafts', '--future', '--url', '--quiet', '--now']) expect(buildHelp.stdout).toContain(flag);
    expect(listFiles(cwd)).toEqual([]);
  }, SLOW);
});

describe('bulletin init', () => {
  it('creates a site folder that builds, with the built-in templates, and links that resolve', async () => {
    const parent = makeSite({});
    const init = await runCli(['init', 'press'], parent);
    expect(init.code).toBe(0);
    const root = path.join(parent, 'press');
    expect(listFiles(root)).toEqual(['bulletin.config.yaml', 'content/2025/2025-01-06-welcome.md']);
    expect(init.stdout).toContain('cd press && npx bulletin build');

    const build = await runCli(['build', '--now', '2026-01-01T09:00+08:00'], root);
    expect(build.code).toBe(0);
    // The one-line summary: bulletins read, pages written, time.
    expect(build.stdout).toMatch(/^Built 1 of 1 bulletins into dist\/: \d+ pages, \d+ files \(\d+ written, 0 unchanged, 0 removed\) in \d+\.\d\d s\.\n$/);
    expect(readHtml(root, '2025/01/welcome/index.html').querySelector('h1')!.textContent).toBe('示例稿件：欢迎使用 bulletin');
    expect(fs.readFileSync(path.join(root, 'dist/assets/style.css'))).toEqual(fs.readFileSync(path.join(builtinTemplatesDir, 'assets/style.css')));
    expect(findBrokenLinks(path.join(root, 'dist'), { allowRootRelative: ['404.html'] })).toEqual([]);
  }, SLOW);

  it('copies the default templates with --templates, and the site then uses its own', async () => {
    const parent = makeSite({});
    expect((await runCli(['init', 'press', '--templates'], parent)).code).toBe(0);
    const root = path.join(parent, 'press');
    expect(snapshot(path.join(root, 'templates'))).toEqual(snapshot(builtinTemplatesDir));

    fs.writeFileSync(path.join(root, 'templates/strings.yaml'), fs.readFileSync(path.join(root, 'templates/strings.yaml'), 'utf8').replace('agency: 发布机构', 'agency: 发文单位'));
    expect((await buildSite(root)).ok).toBe(true);
    expect(readHtml(root, '2025/01/welcome/index.html').querySelector('dl.meta dt')!.textContent).toBe('发文单位');
  }, SLOW);

  it('refuses to overwrite an existing site (exit 2) and changes nothing', async () => {
    const root = copyFixture('sites/basic');
    const before = snapshot(root);
    const run = await runCli(['init', '.'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists; nothing was changed.');
    expect(snapshot(root)).toEqual(before);
  }, SLOW);
});

describe('bulletin new', () => {
  it('creates a correctly named draft dated now in the site time zone, whatever the machine zone', async () => {
    const root = copyFixture('sites/basic');
    // 20:00 UTC on New Year's Eve is already 1 January in Shanghai.
    const run = await runCli(['new', '测试市召开科技创新大会', '--now', '2025-12-31T20:00Z'], root, { TZ: 'America/Los_Angeles' });
    expect(run.code).toBe(0);
    const rel = 'content/2026/2026-01-01-ce-shi-shi-zhao-kai-ke-ji-chuang-xin-da-hui.md';
    expect(run.stdout).toBe(`Created ${rel} (a draft: remove "draft: true" to publish it).\n`);
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    expect(text).toMatch(/^---\ntitle: 测试市召开科技创新大会\n/);
    expect(text).toContain('\ndate: 2026-01-01 04:00:00\n');
    expect(text).toContain('\nagency: 测试市人民政府办公室\n');
    expect(text).toContain('\ndraft: true\n');

    // The new file is valid: a build with drafts publishes it at the expected address.
    const build = await buildSite(root, { flags: { drafts: true } });
    expect(build.diagnostics).toEqual([]);
    const page = readHtml(root, '2026/01/ce-shi-shi-zhao-kai-ke-ji-chuang-xin-da-hui/index.html');
    expect(page.querySelector('dl.meta time')!.getAttribute('datetime')).toBe('2026-01-01T04:00:00+08:00');

    // The same title again is refused rather than overwriting the draft.
    const again = await runCli(['new', '测试市召开科技创新大会', '--now', '2025-12-31T20:00Z'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; nothing was changed. Choose another --slug.');
  }, SLOW);

  it('takes --slug and --agency, and cuts a long title’s slug between words', async () => {
    const root = copyFixture('sites/basic');
    const [run, long] = await Promise.all([
      runCli(['new', 'Science week', '--slug', 'science-week', '--agency', 'Test Bureau', '--now', '2026-05-01T10:00+08:00'], root),
      runCli(['new', '测试市人民政府办公室关于印发测试市加快推进科技创新和产业创新深度融合实施方案的通知', '--now', '2026-05-01T10:00+08:00'], root),
    ]);
    expect(long.code).toBe(0);
    expect(long.stdout).toContain('Created content/2026/2026-05-01-ce-shi-shi-ren-min-zheng-fu-ban-gong-shi-guan-yu-yin-fa-ce.md ');
    expect(run.code).toBe(0);
    const text = fs.readFileSync(path.join(root, 'content/2026/2026-05-01-science-week.md'), 'utf8');
    expect(text).toContain('\nagency: Test Bureau\n');
    expect(text).toContain('\ndate: 2026-05-01 10:00:00\n');
  }, SLOW);
});

describe('bulletin check', () => {
  it('validates a good site, reports the next release, and writes nothing', async () => {
    const root = copyFixture('sites/basic');
    const before = snapshot(root);
    const run = await runCli(['check', '--now', '2026-01-01T09:00+08:00'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Next scheduled release: 2026-03-01T10:00:00+08:00 (content/2026/2026-03-01-spring-plan.md).\n' +
        `Checked 8 bulletins and ${(run.stdout.match(/and (\d+) pages/) ?? [])[1]} pages: no problems.\n`,
    );
    expect(snapshot(root)).toEqual(before);
  }, SLOW);
});

describe('a site folder with nothing but Markdown', () => {
  it('builds with the built-in templates and no config', async () => {
    const root = makeSite({ 'content/hello.md': '---\ntitle: 你好\ndate: 2025-01-01 09:00\n---\n\n第一篇。\n' });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    expect(readHtml(root, '2025/01/hello/index.html').querySelector('.body p')!.textContent).toBe('第一篇。');
    expect(fs.existsSync(path.join(root, 'templates'))).toBe(false);
  });

  it('builds into --out and reads --content', async () => {
    const root = makeSite({ 'posts/hello.md': '---\ntitle: 你好\ndate: 2025-01-01 09:00\n---\n\n第一篇。\n' });
    const run = await runCli(['build', '--content', 'posts', '--out', 'public', '--now', '2026-01-01T09:00+08:00'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/into public\//);
    expect(listFiles(path.join(root, 'public'))).toContain('2025/01/hello/index.html');
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  }, SLOW);
});
