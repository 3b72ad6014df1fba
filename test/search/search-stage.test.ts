import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../templates/assets/search/engine.js';
import { bulletin, buildSite, cleanupSites, listFiles, makeSite, readHtml, snapshot, writeFiles } from '../helpers/site.js';
import { searchFixtureFiles } from './fixture-site.js';

afterAll(cleanupSites);

/** Titles the built index finds for a query, via the page's own engine. */
async function find(root: string, q: string): Promise<string[]> {
  const engine = createEngine(async (p: string) => JSON.parse(fs.readFileSync(path.join(root, 'dist', 'search', p.replace(/\?.*$/, '')), 'utf8')));
  return (await engine.documents((await engine.search({ q })).ids)).map((d: { title: string }) => d.title);
}

describe('the search stage of bulletin build', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });

  it('writes the index under search/ with the search page, and neither with search switched off', async () => {
    const on = makeSite(searchFixtureFiles());
    expect((await buildSite(on)).ok).toBe(true);
    expect(listFiles(path.join(on, 'dist', 'search'))).toContain('manifest.json');
    expect(readHtml(on, 'search/index.html').querySelector('#search-q')).not.toBeNull();

    const off = makeSite(searchFixtureFiles());
    expect((await buildSite(off, { flags: { search: false } })).ok).toBe(true);
    expect(fs.existsSync(path.join(off, 'dist', 'search'))).toBe(false);
    expect(readHtml(off, 'index.html').querySelector('form[role="search"]')).toBeNull();
  }, 60_000);

  it('writes the same index bytes whatever the time zone of the machine and the order the files were created in', async () => {
    const files = searchFixtureFiles();
    const a = makeSite(files);
    process.env.TZ = 'Asia/Shanghai';
    await buildSite(a);
    const b = makeSite({});
    writeFiles(b, Object.fromEntries(Object.entries(files).reverse()));
    process.env.TZ = 'America/Los_Angeles';
    await buildSite(b);
    const first = snapshot(path.join(a, 'dist', 'search'));
    expect(Object.keys(first).length).toBeGreaterThan(3);
    expect(snapshot(path.join(b, 'dist', 'search'))).toEqual(first);
  }, 60_000);

  it('keeps withdrawn bulletins out of the index, though their pages stay', async () => {
    const root = makeSite({
      'content/2024/05/kept.md': bulletin({ title: '保留的通知', date: '2024-05-01' }, '水价调整听证会。'),
      'content/2024/06/gone.md': bulletin({ title: '撤回的通知', date: '2024-06-01', withdrawn: { date: '2024-06-02', reason: '政策已废止' } }, '水价调整方案。'),
    });
    expect((await buildSite(root)).ok).toBe(true);
    expect(await find(root, '水价调整')).toEqual(['保留的通知']);
    expect(fs.existsSync(path.join(root, 'dist', '2024', '06', 'gone', 'index.html'))).toBe(true);
  }, 60_000);

  it('rewrites nothing when nothing changed, and finds a changed bulletin after a rebuild', async () => {
    const root = makeSite(searchFixtureFiles());
    await buildSite(root);
    expect((await buildSite(root)).write!.written).toBe(0);
    expect(await find(root, '光伏电站')).toEqual([]);
    const file = path.join(root, 'content', '2022', '09', 'kj-fair.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('交易会签约', '交易会上光伏电站项目签约'));
    await buildSite(root);
    expect(await find(root, '光伏电站')).toEqual(['科技成果转化交易会成功举办']);
  }, 60_000);
});
