import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { EVENTS_PATH, OVERLAY_ID } from '../../src/watch/inject.js';
import { buildSite, bulletin, cleanupSites, makeSite, snapshot } from '../helpers/site.js';
import { listTitles, startTestSession, type TestSession } from './helpers/session.js';

// Fixed clock 2026-01-01 09:00 (+08:00): epsilon is scheduled, delta is a draft.
const SITE = {
  'bulletin.config.yaml': 'title: 明川市测试站\nurl: https://www.example.gov.cn/\npageSize: 3\n',
  'content/2025/2025-03-01-alpha.md': bulletin({ title: '甲公告', date: '2025-03-01 09:00', tags: ['环境'] }, '甲的正文。'),
  'content/2025/2025-04-01-beta.md': bulletin({ title: '乙公告', date: '2025-04-01 09:00', tags: ['环境'] }, '乙的正文。'),
  'content/2025/2025-05-01-gamma.md': bulletin({ title: '丙公告', date: '2025-05-01 09:00' }, '丙的正文。'),
  'content/2025/2025-06-01-delta.md': bulletin({ title: '丁草稿', date: '2025-06-01 09:00', draft: true }, '丁的正文。'),
  'content/2026/2026-02-01-epsilon.md': bulletin({ title: '戊定时', date: '2026-02-01 09:00' }, '戊的正文。'),
};

let t: TestSession | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  cleanupSites();
});

const write = (root: string, rel: string, text: string) => () => fs.writeFileSync(path.join(root, rel), text);

describe('bulletin watch', { timeout: 40_000 }, () => {
  it('serves drafts and scheduled bulletins with their banners, and adds the reload script only to what it serves', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    expect(t.builds[0]!.outcome.ok).toBe(true);

    const draft = await t.page('/2025/06/delta/');
    expect(draft.status).toBe(200);
    expect(draft.doc.querySelector('.banner-draft')).not.toBeNull();
    const scheduled = await t.page('/2026/02/epsilon/');
    expect(scheduled.doc.querySelector('.banner-scheduled')).not.toBeNull();

    const home = await t.page('/');
    expect(listTitles(home.doc)).toEqual(['戊定时', '丁草稿', '丙公告']);
    const hasReloadScript = (doc: Document) => [...doc.querySelectorAll('script')].some((s) => s.textContent!.includes(EVENTS_PATH));
    expect(hasReloadScript(home.doc)).toBe(true);
    // The development folder itself is a plain build: nothing injected on disk.
    const onDisk = parseHTML(fs.readFileSync(path.join(t.session.outDir, 'index.html'), 'utf8')).document as unknown as Document;
    expect(hasReloadScript(onDisk)).toBe(false);
    expect(t.session.outDir).toBe(path.join(root, '.bulletin-dev'));
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('redirects a page address without its final slash, and answers unknown addresses with the 404 page', async () => {
    t = await startTestSession(makeSite(SITE));
    const res = await fetch(new URL('2025/03/alpha?x=1', t.session.url), { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/2025/03/alpha/?x=1');
    const missing = await t.page('/2025/03/no-such-bulletin/');
    expect(missing.status).toBe(404);
    expect([...missing.doc.querySelectorAll('script')].some((s) => s.textContent!.includes(EVENTS_PATH))).toBe(true);
    const css = await fetch(new URL('assets/style.css', t.session.url));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('updates a bulletin page after its body is saved and tells open pages to reload', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    const from = t.events.received.length;
    const built = await t.rebuildAfter('content/2025/2025-04-01-beta.md', write(root, 'content/2025/2025-04-01-beta.md', bulletin({ title: '乙公告', date: '2025-04-01 09:00', tags: ['环境'] }, '乙的新正文。')));
    expect(built.outcome.ok).toBe(true);
    // The first reload is the quick update's, and names the pages that show the bulletin.
    const reload = await t.events.waitFor('reload', from);
    expect(JSON.parse(reload.data).paths).toEqual(expect.arrayContaining(['/2025/04/beta/', '/2025/04/']));
    expect(t.updates.map((u) => u.outcome.write.changed)).toEqual([expect.arrayContaining(['2025/04/beta/index.html'])]);
    const page = await t.page('/2025/04/beta/');
    expect(page.doc.querySelector('main')!.textContent).toContain('乙的新正文。');
    expect(page.doc.querySelector('main')!.textContent).not.toContain('乙的正文。');
  });

  it('shows a new title in the lists and in the neighbours\' previous and next links', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    await t.rebuildAfter('content/2025/2025-05-01-gamma.md', write(root, 'content/2025/2025-05-01-gamma.md', bulletin({ title: '丙公告（修订）', date: '2025-05-01 09:00' }, '丙的正文。')));
    expect(listTitles((await t.page('/')).doc)).toEqual(['戊定时', '丁草稿', '丙公告（修订）']);
    const neighbour = (await t.page('/2025/04/beta/')).doc;
    expect([...neighbour.querySelectorAll('.prev-next a')].map((a) => a.textContent)).toContain('丙公告（修订）');
  });

  it('adds, renames and deletes bulletins: every list follows and pages that no longer exist are gone', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    await t.rebuildAfter('content/2025/2025-12-01-zeta.md', write(root, 'content/2025/2025-12-01-zeta.md', bulletin({ title: '己新稿', date: '2025-12-01 09:00' })));
    expect(listTitles((await t.page('/')).doc)).toEqual(['戊定时', '己新稿', '丁草稿']);
    expect((await t.page('/2025/12/zeta/')).status).toBe(200);

    await t.rebuildAfter('content/2025/2025-12-01-eta.md', () =>
      fs.renameSync(path.join(root, 'content/2025/2025-12-01-zeta.md'), path.join(root, 'content/2025/2025-12-01-eta.md')),
    );
    expect((await t.page('/2025/12/eta/')).status).toBe(200);
    expect((await t.page('/2025/12/zeta/')).status).toBe(404);

    await t.rebuildAfter('content/2025/2025-12-01-eta.md', () => fs.rmSync(path.join(root, 'content/2025/2025-12-01-eta.md')));
    expect((await t.page('/2025/12/eta/')).status).toBe(404);
    expect(listTitles((await t.page('/')).doc)).toEqual(['戊定时', '丁草稿', '丙公告']);
    expect(fs.existsSync(path.join(t.session.outDir, '2025/12'))).toBe(false);
  });

  it('reports broken front matter in the terminal and over the last good page, then recovers on the next good save', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    const rel = 'content/2025/2025-03-01-alpha.md';
    const from = t.events.received.length;
    const broken = await t.rebuildAfter(rel, write(root, rel, '---\ntitle: 甲公告\ndate: 2025-13-45\n---\n\n甲的坏正文。\n'));
    expect(broken.outcome.ok).toBe(false);
    const message = broken.outcome.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/^content\/2025\/2025-03-01-alpha\.md:3:\d+ date: /);
    const problems = await t.events.waitFor('problems', from);
    expect(JSON.parse(problems.data)).toEqual(message);

    const page = await t.page('/2025/03/alpha/');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('main')!.textContent).toContain('甲的正文。');
    const overlay = page.doc.getElementById(OVERLAY_ID);
    expect(overlay).not.toBeNull();
    expect([...overlay!.querySelectorAll('li')].map((li) => li.textContent)).toEqual(message);
    // Every page carries the overlay, not only the broken bulletin's.
    expect((await t.page('/')).doc.getElementById(OVERLAY_ID)).not.toBeNull();

    const fixedFrom = t.events.received.length;
    const fixed = await t.rebuildAfter(rel, write(root, rel, bulletin({ title: '甲公告', date: '2025-03-02 09:00', tags: ['环境'] }, '甲的好正文。')));
    expect(fixed.outcome.ok).toBe(true);
    await t.events.waitFor('reload', fixedFrom);
    const recovered = await t.page('/2025/03/alpha/');
    expect(recovered.doc.getElementById(OVERLAY_ID)).toBeNull();
    expect(recovered.doc.querySelector('main')!.textContent).toContain('甲的好正文。');
  });

  it('ignores editor swap and backup files and treats a save through rename as one change', async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    const dir = path.join(root, 'content/2025');
    const temporaries = ['.2025-03-01-alpha.md.swp', '2025-03-01-alpha.md~', '4913', '.#2025-03-01-alpha.md'];
    const built = await t.rebuildAfter('content/2025/2025-03-01-alpha.md', () => {
      for (const name of temporaries) fs.writeFileSync(path.join(dir, name), 'x');
      // How vim and many editors save: write a temporary file, then rename it over the original.
      fs.writeFileSync(path.join(dir, '2025-03-01-alpha.md.tmp'), bulletin({ title: '甲公告', date: '2025-03-01 09:00' }, '另存后的正文。'));
      fs.renameSync(path.join(dir, '2025-03-01-alpha.md.tmp'), path.join(dir, '2025-03-01-alpha.md'));
    });
    expect(built.outcome.ok).toBe(true);
    const seen = t.builds.flatMap((b) => b.changes.map((c) => path.basename(c.path)));
    expect(seen.filter((name) => temporaries.includes(name) || name.endsWith('.tmp'))).toEqual([]);
    // The original was replaced, never reported as deleted (which would flash a 404 in the browser).
    await new Promise((r) => setTimeout(r, 250));
    expect(t.builds.flatMap((b) => b.changes).filter((c) => c.event === 'unlink')).toEqual([]);
    expect((await t.page('/2025/03/alpha/')).doc.querySelector('main')!.textContent).toContain('另存后的正文。');
  });

  it('debounces a burst of saves into one rebuild', async () => {
    const root = makeSite(SITE);
    // A debounce wide enough that a busy test machine still delivers the burst inside it.
    t = await startTestSession(root, { timing: { debounceMs: 150, maxWaitMs: 1000 } });
    const names = ['b1', 'b2', 'b3', 'b4', 'b5'];
    const before = t.builds.length;
    const built = await t.rebuildAfter(`content/2025/2025-11-01-b5.md`, () => {
      for (const n of names) fs.writeFileSync(path.join(root, `content/2025/2025-11-01-${n}.md`), bulletin({ title: n, date: '2025-11-01 09:00' }));
    });
    expect(t.builds.length - before).toBe(1);
    expect(new Set(built.changes.map((c) => path.basename(c.path)))).toEqual(new Set(names.map((n) => `2025-11-01-${n}.md`)));
  });

  it('re-renders every page after a template or config change', async () => {
    const root = makeSite(SITE);
    fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
    t = await startTestSession(root);
    const footer = path.join(root, 'templates/partials/footer.liquid');
    const text = fs.readFileSync(footer, 'utf8').replace('<footer class="site-footer">', '<footer class="site-footer"><p class="watch-test">页脚已更新</p>');
    await t.rebuildAfter('templates/partials/footer.liquid', () => fs.writeFileSync(footer, text));
    for (const p of ['/', '/2025/03/alpha/', '/2025/06/delta/']) {
      expect((await t.page(p)).doc.querySelector('.watch-test')?.textContent, p).toBe('页脚已更新');
    }
    await t.rebuildAfter('bulletin.config.yaml', write(root, 'bulletin.config.yaml', 'title: 新站名\nurl: https://www.example.gov.cn/\npageSize: 3\n'));
    for (const p of ['/', '/2025/03/alpha/']) {
      expect((await t.page(p)).doc.querySelector('title')!.textContent, p).toMatch(/新站名$/);
    }
  });

  it('never touches dist/: after a session with drafts and edits it holds exactly what bulletin build published', async () => {
    const root = makeSite(SITE);
    expect((await buildSite(root)).ok).toBe(true);
    const published = snapshot(path.join(root, 'dist'));
    expect(Object.keys(published).some((p) => p.startsWith('2025/06/delta/'))).toBe(false);
    t = await startTestSession(root);
    await t.rebuildAfter('content/2025/2025-06-01-delta.md', write(root, 'content/2025/2025-06-01-delta.md', bulletin({ title: '丁草稿二', date: '2025-06-01 09:00', draft: true })));
    await t.rebuildAfter('content/2025/2025-11-01-new.md', write(root, 'content/2025/2025-11-01-new.md', bulletin({ title: '新草稿', date: '2025-11-01 09:00', draft: true })));
    expect((await t.page('/2025/11/new/')).status).toBe(200);
    await t.close();
    t = undefined;
    expect(snapshot(path.join(root, 'dist'))).toEqual(published);
  });

  it('watches a content folder outside the site folder (--content)', async () => {
    const root = makeSite({ 'site/bulletin.config.yaml': SITE['bulletin.config.yaml'], 'shared/2025-03-01-alpha.md': SITE['content/2025/2025-03-01-alpha.md'] });
    t = await startTestSession(path.join(root, 'site'), { contentDir: '../shared' });
    expect((await t.page('/2025/03/alpha/')).status).toBe(200);
    await t.rebuildAfter('../shared/2025-04-01-beta.md', write(root, 'shared/2025-04-01-beta.md', bulletin({ title: '乙公告', date: '2025-04-01 09:00' })));
    expect(listTitles((await t.page('/')).doc)).toEqual(['乙公告', '甲公告']);
    expect(fs.existsSync(path.join(root, 'shared', '.bulletin-dev'))).toBe(false);
  });

  it('rebuilds by itself when a scheduled bulletin is released, so its banner and the lists follow the clock', async () => {
    // Three seconds from now, to the second, in UTC; the session reads the real clock.
    const release = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000).toISOString().slice(0, 19) + '+00:00';
    const root = makeSite({
      'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\npermalink: /news/{slug}/\n',
      'content/soon.md': bulletin({ title: '即将发布', date: release }),
      'content/old.md': bulletin({ title: '旧稿', date: '2025-01-01 09:00' }),
    });
    t = await startTestSession(root, { now: undefined });
    expect((await t.page('/news/soon/')).doc.querySelector('.banner-scheduled')).not.toBeNull();
    const from = t.events.received.length;
    await t.events.waitFor('reload', from, 20_000);
    expect(t.builds.at(-1)!.cause).toBe('schedule');
    expect((await t.page('/news/soon/')).doc.querySelector('.banner-scheduled')).toBeNull();
  });

  it('ends open event streams when the session closes', async () => {
    t = await startTestSession(makeSite(SITE));
    const session = t;
    t = undefined;
    await session.close();
    await session.events.ended;
    await expect(fetch(session.session.url)).rejects.toThrow();
  });
});
