import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { findBrokenLinks, resolveLink } from '../helpers/links.js';
import { bulletin, buildSite, cleanupSites, copyFixture, listFiles, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

/** Where a link in a built page leads, as a file of dist/. */
const target = (root: string, page: string, selector: string, attr = 'href') => {
  const value = readHtml(root, page).querySelector(selector)?.getAttribute(attr);
  expect(value, `${selector} on ${page}`).toBeTruthy();
  return resolveLink(page, value!);
};

describe('links between bulletins written as relative .md paths', () => {
  let root: string;
  beforeAll(async () => {
    root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
  });

  it('lead to the target bulletin’s page, across folders, keeping a #fragment', () => {
    const page = '2024/01/science-fund/index.html';
    expect(readHtml(root, page).querySelector('.body a')!.getAttribute('href')).toMatch(/#list$/);
    expect(target(root, page, '.body a')).toBe('2025/02/fund-results/index.html');
    expect(target(root, '2025/02/fund-results/index.html', '.body a')).toBe('2024/01/science-fund/index.html');
  });

  it('also resolve from the content folder root when written with a leading slash, or URL-encoded', async () => {
    const site = makeSite({
      'content/2024/a.md': bulletin({ title: 'a', date: '2024-01-01' }, '见[b](/2025/2025-01-01-b.md)和[c](../2025/c%20d.md)。'),
      'content/2025/2025-01-01-b.md': bulletin({ title: 'b' }),
      'content/2025/c d.md': bulletin({ title: 'c', date: '2025-02-02', slug: 'c' }),
    });
    expect((await buildSite(site)).diagnostics).toEqual([]);
    const links = [...readHtml(site, '2024/01/a/index.html').querySelectorAll('.body a')].map((a) => resolveLink('2024/01/a/index.html', a.getAttribute('href')!));
    expect(links).toEqual(['2025/01/b/index.html', '2025/02/c/index.html']);
  });

  it('are an error naming the file and line when the target does not exist, reported with every other problem', async () => {
    const site = makeSite({
      'content/a.md': bulletin({ title: 'a', date: '2024-01-01' }, '第一段。\n\n见[通知](notice.md)，另见[图](missing.png)。'),
      'content/b.md': bulletin({ title: 'b', date: '2024-13-01' }),
    });
    const result = await buildSite(site);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/a.md:8:2 The link "notice.md" points to a bulletin that does not exist (content/notice.md). Check the file name and folder; links between bulletins are relative to this file.',
      'content/a.md:8:20 The link "missing.png" points to a file that does not exist (content/missing.png). Put the file there, or correct the link.',
      expect.stringMatching(/^content\/b\.md:3:7 date: "2024-13-01" /),
    ]);
  });

  it('to a draft or a scheduled bulletin are an error that says so, so nothing links to an unpublished page', async () => {
    const site = makeSite({
      'content/a.md': bulletin({ title: 'a', date: '2024-01-01' }, '见[草稿](draft.md)和[预告](later.md)。'),
      'content/draft.md': bulletin({ title: 'draft', date: '2024-01-02', draft: true }),
      'content/later.md': bulletin({ title: 'later', date: '2030-01-01' }),
    });
    const result = await buildSite(site);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/a.md:6:2 The link "draft.md" points to a draft (content/draft.md), which this build does not publish. Remove the link until that bulletin is published.',
      'content/a.md:6:17 The link "later.md" points to a bulletin scheduled for 2030-01-01 (content/later.md), which this build does not publish. Remove the link until that bulletin is published.',
    ]);
    // With both published, the same site builds.
    expect((await buildSite(site, { flags: { drafts: true, future: true } })).diagnostics).toEqual([]);
  });
});

describe('images and attachments next to a bulletin', () => {
  let root: string;
  beforeAll(async () => {
    root = copyFixture('sites/basic');
    fs.writeFileSync(path.join(root, 'content/2024/files/unused.pdf'), 'not linked from anywhere');
    expect((await buildSite(root)).ok).toBe(true);
  });

  it('are copied beside the site and the image link rewritten to them', () => {
    const img = readHtml(root, '2025/02/fund-results/index.html').querySelector('.body img')!;
    expect(img.getAttribute('alt')).toBe('新建的创新园区');
    expect(resolveLink('2025/02/fund-results/index.html', img.getAttribute('src')!)).toBe('2025/images/park.png');
    expect(fs.readFileSync(path.join(root, 'dist/2025/images/park.png'))).toEqual(fs.readFileSync(path.join(root, 'content/2025/images/park.png')));
  });

  it('list front-matter attachments with their type and size, linked to the copy', () => {
    const page = '2024/01/science-fund/index.html';
    const item = readHtml(root, page).querySelector('.attachments li')!;
    expect(item.querySelector('a')!.textContent).toBe('申报书模板');
    expect(item.textContent).toMatch(/PDF.*27 B/);
    expect(target(root, page, '.attachments a')).toBe('2024/files/application-form.pdf');
    expect(listFiles(path.join(root, 'dist'))).toContain('2024/files/application-form.pdf');
  });

  it('are published only when a published bulletin uses them', () => {
    expect(listFiles(path.join(root, 'dist'))).not.toContain('2024/files/unused.pdf');
  });

  it('may have Chinese names and spaces in their names', async () => {
    const site = makeSite({
      'content/a.md': bulletin({ title: 'a', date: '2024-01-01' }, '下载[申报表](files/申报表.pdf)或[说明](<files/read me.txt>)。\n\n![图](images/图一.png)'),
      'content/files/申报表.pdf': '%PDF',
      'content/files/read me.txt': 'text',
      'content/images/图一.png': 'png',
    });
    expect((await buildSite(site)).diagnostics).toEqual([]);
    const dist = path.join(site, 'dist');
    expect(listFiles(dist)).toEqual(expect.arrayContaining(['files/申报表.pdf', 'files/read me.txt', 'images/图一.png']));
    expect(findBrokenLinks(dist, { allowRootRelative: ['404.html'] })).toEqual([]);
  });
});

describe('template assets', () => {
  it('are copied from the built-in templates/assets/ byte for byte', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const assets = listFiles(path.join(builtinTemplatesDir, 'assets'));
    expect(assets).toContain('style.css');
    for (const a of assets) {
      expect(fs.readFileSync(path.join(root, 'dist/assets', a)), a).toEqual(fs.readFileSync(path.join(builtinTemplatesDir, 'assets', a)));
    }
    expect(target(root, 'index.html', 'link[rel="stylesheet"]')).toBe('assets/style.css');
  });

  it('are copied from a site’s own templates/assets/, sub-folders included', async () => {
    const root = copyFixture('sites/basic');
    fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
    fs.mkdirSync(path.join(root, 'templates/assets/fonts'));
    fs.writeFileSync(path.join(root, 'templates/assets/fonts/extra.css'), 'body{}');
    await buildSite(root);
    expect(fs.readFileSync(path.join(root, 'dist/assets/fonts/extra.css'), 'utf8')).toBe('body{}');
  });
});
