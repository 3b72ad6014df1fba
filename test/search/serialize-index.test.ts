import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIndex, postingsOf } from '../../src/search/build-index.js';
import { shardOf } from '../../src/search/hash-term.js';
import { DEFAULT_OPTIONS, excerptSource, serializeIndex } from '../../src/search/serialize-index.js';
import type { OutputFile } from '../../src/output/write-site.js';
import { doc } from './make-doc.js';
import { decodePostings } from '../../templates/assets/search/engine.js';

const DOCS = Array.from({ length: 30 }, (_, i) =>
  doc(i, { title: `第${i}号通知`, text: `${i % 2 ? '科技创新' : '营商环境'}工作 item${i} 会议${'内容'.repeat(i)}`, tags: [i % 3 ? '创新' : '环境'], year: 2025 - Math.floor(i / 10) }),
);
const json = (f: OutputFile) => JSON.parse(Buffer.from(f.content as Uint8Array).toString('utf8'));
const OPTIONS = { shardBytes: 512, docsPerChunk: 4, excerptBytes: 60 };

describe('serializeIndex', () => {
  const files = serializeIndex(buildIndex(DOCS), DOCS, OPTIONS);
  const manifest = json(files[0]!);
  const shards = files.filter((f) => f.path.startsWith('search/t/'));

  it('writes the same bytes every time', () => {
    const again = serializeIndex(buildIndex(DOCS), DOCS, OPTIONS);
    expect(again.map((f) => [f.path, Buffer.from(f.content as string | Uint8Array).toString('base64')])).toEqual(
      files.map((f) => [f.path, Buffer.from(f.content as string | Uint8Array).toString('base64')]),
    );
  });

  it('puts every term in the shard its hash names, and decodes back to the postings', () => {
    const index = buildIndex(DOCS);
    expect(shards.length).toBe(manifest.shards);
    let seen = 0;
    shards.forEach((f, n) => {
      for (const [term, text] of Object.entries(json(f) as Record<string, string>)) {
        seen++;
        expect(shardOf(term, manifest.shards)).toBe(n);
        const { ids, weights } = decodePostings(text);
        if (term.startsWith('#')) expect(ids).toEqual(index.facetPostings.get(term));
        else expect({ ids, weights }).toEqual(postingsOf(index, term));
      }
    });
    expect(seen).toBe(index.terms.length + index.facetPostings.size);
  });

  it('grows the number of shards with the size of the postings', () => {
    const few = serializeIndex(buildIndex(DOCS), DOCS, { ...OPTIONS, shardBytes: 1 << 20 });
    expect(json(few[0]!).shards).toBe(1);
    expect(manifest.shards).toBeGreaterThan(4);
  });

  it('chunks document records by id, with facets as indexes into the manifest', () => {
    const chunks = files.filter((f) => f.path.startsWith('search/d/'));
    expect(chunks.map((f) => f.path)).toEqual(Array.from({ length: 8 }, (_, n) => `search/d/${n}.json`));
    const [title, url, , agency, tags, lang] = json(chunks[1]!)[1];
    expect([title, url, manifest.agencies[agency][0], tags.map((t: number) => manifest.tags[t][0]), lang]).toEqual(['第5号通知', '5/', '市政府办公室', ['创新'], 'zh-CN']);
    expect(manifest.years).toEqual([[2025, 0, 10], [2024, 10, 10], [2023, 20, 10]]);
  });

  it('versions the files by their content, so a changed index is never mixed with a cached one', () => {
    const changed = serializeIndex(buildIndex(DOCS.map((d) => (d.id === 3 ? { ...d, title: '改了' } : d))), DOCS, OPTIONS);
    expect(json(changed[0]!).version).not.toBe(manifest.version);
  });
});

describe('excerptSource', () => {
  it('collapses whitespace and cuts at a whole character within the byte budget', () => {
    expect(excerptSource('  第一段\n\n第二段  ', 100)).toBe('第一段 第二段');
    expect(excerptSource('科技创新', 7)).toBe('科技'); // 3 bytes each: a third would need 9
    expect(excerptSource('a𠀀b', 4)).toBe('a'); // never half a surrogate pair
  });
  it('counts bytes as UTF-8 does, a lone surrogate included', () => {
    expect(excerptSource('aé中𠀀\ud800z', 11)).toBe('aé中𠀀');
    expect(excerptSource('aé中𠀀\ud800z', 13)).toBe('aé中𠀀\ud800');
  });

  it('is the longest whole-character start of the collapsed text that fits, for any text', () => {
    const unit = fc.constantFrom('a', ' ', '\n', 'é', '中', '𠀀', '\ud800', '\udc00', 'ß');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((units) => units.join('')), fc.integer({ min: 0, max: 60 }), (text, maxBytes) => {
        const flat = text.slice(0, maxBytes + 1).replace(/\s+/g, ' ').trim();
        const out = excerptSource(text, maxBytes);
        expect(flat.startsWith(out)).toBe(true);
        expect(Buffer.byteLength(out)).toBeLessThanOrEqual(maxBytes);
        // The next whole character (a surrogate pair is one) would not fit.
        const rest = [...flat.slice(out.length)];
        if (rest.length > 0) expect(Buffer.byteLength(out + rest[0]!)).toBeGreaterThan(maxBytes);
      }),
    );
  });

  it('uses the excerpt rendering made, without reading the whole text', () => {
    const long = `${'第一段正文，关于科技创新的通知。'.repeat(60)}\n\n最后一段。`;
    const full = [doc(0, { title: '长公告', text: long })];
    const opened = full.map((d) => {
      const { text: _text, ...rest } = d;
      return Object.defineProperty({ ...rest, excerpt: excerptSource(long, DEFAULT_OPTIONS.excerptBytes) }, 'text', {
        get: () => {
          throw new Error('the whole text was read');
        },
      }) as typeof d;
    });
    const chunk = (docs: typeof full) => serializeIndex(buildIndex(full), docs, DEFAULT_OPTIONS).find((f) => f.path === 'search/d/0.json')!.content;
    expect(chunk(opened)).toEqual(chunk(full));
  });
});

