import { describe, expect, it } from 'vitest';
import type { Bulletin } from '../../src/content/bulletin.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { assignPermalinks, checkPermalinkPattern, permalinkFor } from '../../src/site/permalinks.js';

const b = (slug: string, iso: string, extra: Partial<Bulletin> = {}) =>
  ({
    slug,
    file: `content/${slug}.md`,
    agencySlug: 'sci-tech',
    lang: 'zh-CN',
    date: { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)), iso } as Bulletin['date'],
    ...extra,
  }) as Bulletin;

describe('permalinkFor', () => {
  it('fills the pattern from the site-zone date, slug, agency and language', () => {
    const x = b('flood', '2020-05-04T17:08:00+08:00', { lang: 'EN' });
    expect(permalinkFor('/{yyyy}/{mm}/{slug}/', x)).toBe('/2020/05/flood/');
    expect(permalinkFor('{agency}/{yyyy}{mm}{dd}-{slug}.html', x)).toBe('/sci-tech/20200504-flood.html');
    expect(permalinkFor('/{lang}/{slug}', x)).toBe('/en/flood/');
  });
});

describe('checkPermalinkPattern', () => {
  it('names unknown parts and unsafe segments', () => {
    expect(checkPermalinkPattern('/{yyyy}/{slug}/', 'bulletin.config.yaml')).toEqual([]);
    expect(checkPermalinkPattern('/{year}/../{slug}/', 'bulletin.config.yaml').map(formatDiagnostic)).toEqual([
      'bulletin.config.yaml permalink: uses {year}, which is not a permalink part. Use {yyyy}, {mm}, {dd}, {slug}, {agency}, {lang}.',
      expect.stringMatching(/^bulletin\.config\.yaml permalink: has a part "\.\." /),
    ]);
  });
});

describe('assignPermalinks', () => {
  it('reports the second of two bulletins at one address, letter case ignored, and reserved addresses', () => {
    const { bulletins, diagnostics } = assignPermalinks('/{slug}/', [b('a', '2020-01-01T00:00:00+08:00'), b('A', '2021-01-01T00:00:00+08:00'), b('archive', '2020-01-01T00:00:00+08:00')]);
    expect(bulletins.map((x) => x.url)).toEqual(['/a/', '/A/', '/archive/']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'content/A.md slug: would be published at /A/, the same address as content/a.md. Give one of them a different slug: line in its front matter.',
      'content/archive.md slug: would be published at /archive/, which the site uses for its own pages. Choose another slug or permalink pattern.',
    ]);
  });
});
