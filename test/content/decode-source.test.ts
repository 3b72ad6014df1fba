import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../src/content/decode-source.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';

const FILE = 'content/2020/05/flood.md';
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function decodeError(bytes: Uint8Array) {
  const result = decodeSource(bytes, FILE);
  if (result.ok) throw new Error(`expected an error, got text ${JSON.stringify(result.text)}`);
  return result.diagnostic;
}

describe('decodeSource', () => {
  it('returns UTF-8 text unchanged, including Chinese characters', () => {
    expect(decodeSource(utf8('---\ntitle: 防汛通知\n---\n正文\n'), FILE)).toEqual({ ok: true, text: '---\ntitle: 防汛通知\n---\n正文\n' });
  });

  it('strips a UTF-8 byte order mark so the file still starts with ---', () => {
    const result = decodeSource(concat([0xef, 0xbb, 0xbf], utf8('---\ntitle: A\n---\n')), FILE);
    expect(result).toEqual({ ok: true, text: '---\ntitle: A\n---\n' });
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(decodeSource(utf8('a\r\nb\rc\n'), FILE)).toEqual({ ok: true, text: 'a\nb\nc\n' });
  });

  it('gives CRLF files the same line numbers after front matter parsing as LF files', () => {
    const decoded = decodeSource(utf8('---\r\ntitle: A\r\ntags:\r\n  - x\r\n  - y\r\n---\r\nBody\r\n'), FILE);
    if (!decoded.ok) throw new Error('expected text');
    const fm = parseFrontMatter(decoded.text, FILE);
    expect(fm.diagnostics).toEqual([]);
    expect(fm.data).toEqual({ title: 'A', tags: ['x', 'y'] });
    expect(fm.positions.get('title')).toEqual({ line: 2, column: 8 });
    expect(fm.itemPositions.get('tags')).toEqual([{ line: 4, column: 5 }, { line: 5, column: 5 }]);
    expect(fm.body).toBe('Body\n');
    expect(fm.bodyLine).toBe(7);
  });

  it('rejects invalid UTF-8 and names the line where the bad bytes are', () => {
    // 0xb7 0xc0 is GBK for a Chinese character: the usual way a file ends up not being UTF-8.
    const d = decodeError(concat(utf8('---\r\ntitle: A\r\n---\r\n\r\n'), [0xb7, 0xc0], utf8('\r\n')));
    expect(d).toMatchObject({ severity: 'error', file: FILE, line: 5 });
    expect(d.message).toBe('is not valid UTF-8 text (line 5).');
    expect(d.hint).toMatch(/^Save it as UTF-8 in your editor\./);
  });

  it('finds the bad byte on line 1 and after a multi-byte character', () => {
    expect(decodeError(Uint8Array.from([0xff])).line).toBe(1);
    expect(decodeError(concat(utf8('é\né\n'), [0xe9, 0x0a])).line).toBe(3);
  });

  it('reports a character cut short at the end of the file as invalid UTF-8', () => {
    expect(decodeError(concat(utf8('a\nb\n'), [0xe6, 0xb0])).line).toBe(3);
  });

  it('refuses every malformed UTF-8 form the WHATWG decoder refuses, on the line where it is, and decodes the rest alike', () => {
    // Overlong forms, encoded surrogates, code points past U+10FFFF, stray and missing continuation bytes.
    const malformed = [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf0, 0x80, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xbf], [0xe6, 0xb0, 0x41], [0xc3]];
    for (const bad of malformed) {
      const bytes = concat(utf8('---\ntitle: A\n---\n正文\n'), bad, utf8('\n尾\n'));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      expect(decodeError(bytes)).toMatchObject({ message: 'is not valid UTF-8 text (line 5).', line: 5 });
    }
    // The largest code point, the last before the surrogates and the first after them, a noncharacter.
    const edges = '\u{10FFFF} \uD7FF \uE000 \uFFFF 全角';
    expect(decodeSource(utf8(`---\ntitle: A\n---\n${edges}\n`), FILE)).toEqual({ ok: true, text: `---\ntitle: A\n---\n${edges}\n` });
  });

  it('decodes text of every kind as the WHATWG decoder does: ASCII, Latin-1, Chinese, astral, mixed', () => {
    // Text beyond ASCII takes another way to a string than ASCII does (see utf8Text): both must give
    // the decoder's string, code unit for code unit.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const ranges: [number, number][] = [[0x20, 0x7e], [0xa0, 0xff], [0x100, 0x7ff], [0x4e00, 0x9fff], [0xe000, 0xfffd], [0x10000, 0x10ffff]];
    for (let run = 0; run < 300; run++) {
      const kinds = ranges.slice(0, 1 + random(ranges.length));
      let text = '';
      for (let k = 0; k < 1 + random(400); k++) {
        const [lo, hi] = kinds[random(kinds.length)]!;
        text += random(10) === 0 ? '\n' : String.fromCodePoint(lo + random(hi - lo + 1));
      }
      const bytes = utf8(`x${text}`);
      expect(decodeSource(bytes, FILE)).toEqual({ ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
    }
  });

  it('keeps a byte order mark that is not the first thing in the file, as the text shows it', () => {
    expect(decodeSource(concat([0xef, 0xbb, 0xbf], utf8('a\n\ufeffb\n')), FILE)).toEqual({ ok: true, text: 'a\n\ufeffb\n' });
  });

  it('rejects a binary file with a NUL byte near the start', () => {
    const d = decodeError(concat([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]));
    expect(d).toMatchObject({ severity: 'error', file: FILE });
    expect(d.message).toBe('is not a text file (it contains binary data).');
  });

  it('names the line of a NUL character that appears after the first 8 KB', () => {
    const text = `${'x'.repeat(100)}\n`.repeat(100);
    const d = decodeError(concat(utf8(text), [0x00]));
    expect(d).toMatchObject({ line: 101, message: 'contains an invisible NUL character (line 101).' });
  });

  it('says a UTF-16 file is UTF-16 rather than calling it binary', () => {
    expect(decodeError(Uint8Array.from([0xff, 0xfe, 0x2d, 0x00])).message).toBe('is saved as UTF-16 text.');
  });

  it('rejects an empty file', () => {
    expect(decodeError(new Uint8Array())).toMatchObject({ severity: 'error', file: FILE, message: 'is empty.' });
  });

  it('rejects a file with only whitespace, or only a byte order mark', () => {
    expect(decodeError(utf8(' \r\n\t\n')).message).toBe('is empty.');
    expect(decodeError(Uint8Array.from([0xef, 0xbb, 0xbf])).message).toBe('is empty.');
  });
});
