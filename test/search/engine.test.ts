import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The very module the search page runs, imported into Node.
import { createEngine, highlight } from '../../templates/assets/search/engine.js';
import { buildSite, cleanupSites, makeSite } from '../helpers/site.js';
import { CASES, searchFixtureFiles } from './fixture-site.js';

let dist: string;
beforeAll(async () => {
  const root = makeSite(searchFixtureFiles());
  const result = await buildSite(root);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  dist = path.join(root, 'dist');
}, 60_000);
afterAll(cleanupSites);

/** An engine over the built files, recording which files it asked for. */
function engineOverDist() {
  const loaded: string[] = [];
  const engine = createEngine(async (p: string) => {
    loaded.push(p);
    return JSON.parse(fs.readFileSync(path.join(dist, 'search', p.replace(/\?.*$/, '')), 'utf8'));
  });
  return { engine, loaded };
}

async function titles(request: Record<string, string>): Promise<string[]> {
  const { engine } = engineOverDist();
  const result = await engine.search(request);
  expect(result.total).toBe(result.ids.length);
  return (await engine.documents(result.ids)).map((d: { title: string }) => d.title);
}

describe('the search engine on a built site (Node)', () => {
  for (const c of CASES) {
    it(`finds the expected bulletins for ${c.name}: ${JSON.stringify(c.request)}`, async () => {
      const got = await titles(c.request);
      expect(c.anyOrder ? [...got].sort() : got).toEqual(c.anyOrder ? [...c.hits].sort() : c.hits);
    });
  }

  it('finds nothing for an agency or year the index does not know', async () => {
    expect(await titles({ q: '创新', agency: '不存在的机构' })).toEqual([]);
    expect(await titles({ q: '创新', year: '1999' })).toEqual([]);
  });

  it('finds nothing for an empty request', async () => {
    expect(await titles({ q: '  ' })).toEqual([]);
  });

  it('fetches the manifest, the shards of the query terms and only the document chunks of the hits', async () => {
    const { engine, loaded } = engineOverDist();
    const m = await engine.manifest();
    const result = await engine.search({ q: '王建国' });
    await engine.documents(result.ids);
    const shards = loaded.filter((p) => p.startsWith('t/'));
    const chunks = loaded.filter((p) => p.startsWith('d/'));
    expect(loaded[0]).toBe('manifest.json');
    expect(shards.length).toBeGreaterThanOrEqual(1);
    expect(shards.length).toBeLessThanOrEqual(2); // 王建, 建国
    expect(new Set(chunks).size).toBe(new Set(result.ids.map((id: number) => Math.floor(id / m.docsPerChunk))).size);
    expect(loaded.every((p) => p === 'manifest.json' || p.endsWith(`?v=${m.version}`))).toBe(true);
  });

  it('gives hits a page-relative address, the date, the agency and an excerpt source', async () => {
    const { engine } = engineOverDist();
    const [doc] = await engine.documents((await engine.search({ q: '科技创新' })).ids);
    expect(doc).toMatchObject({ url: '2020/03/kj-meeting/', date: '2020-03-15', agency: '阳泉市科技局', tags: ['科技创新'], lang: 'zh-CN' });
    expect(doc.excerpt.startsWith('3月15日，阳泉市科技局召开')).toBe(true);
    expect(fs.existsSync(path.join(dist, doc.url, 'index.html'))).toBe(true);
  });
});

describe('highlight', () => {
  const marked = (segments: { text: string; mark: boolean }[]) => segments.filter((s) => s.mark).map((s) => s.text);

  it('marks a phrase as one span, because its overlapping bigrams merge', () => {
    expect(marked(highlight('会议部署科技创新重点任务', '科技创新', 0))).toEqual(['科技创新']);
  });

  it('marks only the places that hold the whole phrase, when there are any', () => {
    expect(marked(highlight('阳泉市科技局召开科技创新会议', '科技创新', 0))).toEqual(['科技创新']);
    expect(marked(highlight('科技局推动技术创新', '科技创新', 0))).toEqual(['科技', '创新']);
  });

  it('marks each word of a two-word query, and English words whole', () => {
    expect(marked(highlight('阳泉市科技局发布', '阳泉 科技局', 0))).toEqual(['阳泉', '科技局']);
    expect(marked(highlight('Key Laboratories for innovation', 'laboratories INNOVATION', 0))).toEqual(['Laboratories', 'innovation']);
  });

  it('marks full-width digits that match a half-width query, at their own offsets', () => {
    const segments = highlight('发布于２０２０年８月', '2020', 0);
    expect(marked(segments)).toEqual(['２０２０']);
    expect(segments.map((s) => s.text).join('')).toBe('发布于２０２０年８月');
  });

  it('cuts a long text to a window around the first match, with ellipses', () => {
    const text = `${'前'.repeat(100)}营商环境${'后'.repeat(100)}`;
    const segments = highlight(text, '营商环境', 40);
    const shown = segments.map((s) => s.text).join('');
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBe(42);
    expect(marked(segments)).toEqual(['营商环境']);
  });

  it('shows the start of the text when nothing matches', () => {
    expect(highlight('一二三四五六', '七八', 4)).toEqual([
      { text: '一二三四', mark: false },
      { text: '…', mark: false },
    ]);
  });
});
