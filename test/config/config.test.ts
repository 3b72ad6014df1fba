import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { findBrokenLinks } from '../helpers/links.js';
import { bulletin, buildSite, cleanupSites, listFiles, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

const problems = async (files: Record<string, string>) => {
  const root = makeSite({ 'content/a.md': bulletin({ title: 'a', date: '2020-01-01' }), ...files });
  const result = await buildSite(root);
  expect(result.ok).toBe(false);
  expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  return result.diagnostics.map(formatDiagnostic);
};

describe('a site folder without a config file', () => {
  it('builds with the defaults: title, address, language, Shanghai time, /{yyyy}/{mm}/{slug}/, 20 a page', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 21; n++) files[`content/item-${n}.md`] = bulletin({ title: `稿件${n}`, date: `2024-07-${String(n).padStart(2, '0')} 23:30` });
    const root = makeSite(files);
    const result = await buildSite(root);
    expect(result.diagnostics).toEqual([]);
    const page = readHtml(root, '2024/07/item-1/index.html');
    expect(page.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(page.querySelector('title')!.textContent).toBe('稿件1 - 政府信息发布');
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe('https://www.example.gov.cn/2024/07/item-1/');
    expect(page.querySelector('dl.meta time')!.getAttribute('datetime')).toBe('2024-07-01T23:30:00+08:00');
    expect(readHtml(root, 'index.html').querySelectorAll('main .item-list > li')).toHaveLength(20);
    expect(readHtml(root, 'page/2/index.html').querySelectorAll('main .item-list > li')).toHaveLength(1);
    // The agency defaults to the site title.
    expect(page.querySelector('dl.meta a')!.textContent).toBe('政府信息发布');
  });
});

describe('config validation', () => {
  it('reports every mistake in one run with its line, column and what to write instead', async () => {
    const config = [
      'title: 测试', // 1
      'pageSise: 10', // 2
      'timezone: Asia/Shangai', // 3
      'url: www.test.gov.cn', // 4
      'permalink: /{yyyy}/{month}/{slug}/', // 5
      'agencies:', // 6
      '  测试局: 5', // 7
      'related:', // 8
      '  cont: 3', // 9
      'allowHtml: yes', // 10
      'feed:', // 11
      '  items: 0', // 12
      '',
    ].join('\n');
    expect(await problems({ 'bulletin.config.yaml': config })).toEqual([
      'bulletin.config.yaml:2:1 pageSise: is not a known setting. Did you mean "pageSize"?',
      'bulletin.config.yaml:3:11 timezone: "Asia/Shangai" is not a time zone. Use an IANA name such as Asia/Shanghai or Europe/London.',
      'bulletin.config.yaml:4:6 url: "www.test.gov.cn" is not a web address. Use a full address such as https://www.example.gov.cn/news/.',
      'bulletin.config.yaml:5:12 permalink: "/{yyyy}/{month}/{slug}/" uses {month}, which is not a permalink part. Use {yyyy}, {mm}, {dd}, {slug}, {agency}, {lang}.',
      'bulletin.config.yaml:7:8 agencies.测试局: should be text (put it in quotes if it looks like a number), not 5.',
      'bulletin.config.yaml:9:3 related.cont: is not a known setting. Did you mean "count"?',
      'bulletin.config.yaml:10:12 allowHtml: should be true or false, not "yes".',
      'bulletin.config.yaml:12:10 feed.items: should be at least 1, not 0.',
    ]);
  });

  it('requires {slug} in the permalink and keeps it inside the output folder', async () => {
    expect(await problems({ 'bulletin.config.yaml': 'permalink: /{yyyy}/{mm}/\n' })).toEqual([
      'bulletin.config.yaml:1:12 permalink: "/{yyyy}/{mm}/" must contain {slug} so that every bulletin gets its own address, e.g. /{yyyy}/{mm}/{slug}/.',
    ]);
    const [line] = await problems({ 'bulletin.config.yaml': 'permalink: /../{slug}/\n' });
    expect(line).toMatch(/^bulletin\.config\.yaml:1:12 permalink: "\/\.\.\/\{slug\}\/" has a part "\.\." /);
  });

  it('only accepts agency and tag slugs that are one safe part of an address', async () => {
    const config = 'agencies:\n  测试局: ../../etc\n  科技局: 科技\ntags:\n  创新: ""\n';
    expect(await problems({ 'bulletin.config.yaml': config })).toEqual([
      'bulletin.config.yaml:2:8 agencies.测试局: "../../etc" contains a slash; a slug is one part of an address. Use lower-case letters, digits and hyphens, e.g. science-technology.',
      'bulletin.config.yaml:3:8 agencies.科技局: "科技" may only contain letters a–z, digits, "-", "_" and ".". Use lower-case letters, digits and hyphens, e.g. science-technology.',
      'bulletin.config.yaml:5:7 tags.创新: "" is empty. Use lower-case letters, digits and hyphens, e.g. science-technology.',
    ]);
  });

  it('reports YAML syntax errors at their line', async () => {
    expect(await problems({ 'bulletin.config.yaml': 'title: 测试\ntitle: 又一个\n' })).toEqual([
      'bulletin.config.yaml:2:1 is not valid YAML: Map keys must be unique. Check the quotes, brackets and indentation on this line and the one before it.',
    ]);
  });

  it('reads bulletin.config.json the same way, with positions', async () => {
    expect(await problems({ 'bulletin.config.json': '{\n  "title": "测试",\n  "pageSize": "3"\n}\n' })).toEqual([
      'bulletin.config.json:3:15 pageSize: should be a number, not "3".',
    ]);
    const root = makeSite({ 'bulletin.config.json': '{ "title": "JSON 站点", "pageSize": 1 }', 'content/a.md': bulletin({ title: 'a', date: '2020-01-01' }) });
    expect((await buildSite(root)).ok).toBe(true);
    expect(readHtml(root, 'index.html').querySelector('title')!.textContent).toBe('JSON 站点');
  });
});

describe('agencies and tags get ASCII addresses', () => {
  it('from the config mapping, else from a stable pinyin transliteration', async () => {
    const root = makeSite({
      'bulletin.config.yaml': 'agencies:\n  测试市科学技术局: sci-tech\ntags:\n  科技创新: innovation\n',
      'content/a.md': bulletin({ title: 'a', date: '2020-01-01', agency: '测试市科学技术局', tags: '[科技创新, 绿色发展]' }),
      'content/b.md': bulletin({ title: 'b', date: '2020-01-02', agency: '测试市绿化委员会' }),
      'content/c.md': bulletin({ title: 'c', date: '2020-01-03', agency: 'Office of the Mayor' }),
    });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    const pages = listFiles(path.join(root, 'dist')).filter((f) => /^(agencies|tags)\/.+\/index\.html$/.test(f));
    expect(pages).toEqual([
      'agencies/ce-shi-shi-lv-hua-wei-yuan-hui/index.html',
      'agencies/office-of-the-mayor/index.html',
      'agencies/sci-tech/index.html',
      'tags/innovation/index.html',
      'tags/lv-se-fa-zhan/index.html',
    ]);
    expect(readHtml(root, 'agencies/ce-shi-shi-lv-hua-wei-yuan-hui/index.html').querySelector('main h1')!.textContent).toBe('测试市绿化委员会');
  });
});

describe('the permalink pattern', () => {
  it('places articles where the pattern says, .html files included, and links to them still resolve', async () => {
    const root = makeSite({
      'bulletin.config.yaml': 'permalink: /news/{agency}/{yyyy}{mm}{dd}-{slug}.html\nagencies:\n  测试局: test\n',
      'content/a.md': bulletin({ title: 'a', date: '2020-01-05', agency: '测试局' }, '见[另一篇](b.md)。'),
      'content/b.md': bulletin({ title: 'b', date: '2020-02-06', agency: '测试局' }),
    });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    const files = listFiles(path.join(root, 'dist'));
    expect(files).toContain('news/test/20200105-a.html');
    expect(files).toContain('news/test/20200206-b.html');
    expect(readHtml(root, 'news/test/20200105-a.html').querySelector('.body a')!.getAttribute('href')).toBe('20200206-b.html');
    expect(findBrokenLinks(path.join(root, 'dist'), { allowRootRelative: ['404.html'] })).toEqual([]);
  });
});
