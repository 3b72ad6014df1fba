import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { buildSampleSite } from '../helpers/sample-site.js';
import { cleanupSites, listFiles } from '../helpers/site.js';

/*
 * Every page of the sample site goes through html-validate with the repository's .htmlvalidate.json:
 * the recommended rule set, with three changes that keep it about validity and accessibility rather
 * than house style —
 * - no-trailing-whitespace off: Liquid tags leave blank indentation, which no browser or reader sees;
 * - long-title raised to 160: Chinese official titles (《…》的通知) are routinely longer than the
 *   70-character search-snippet advice, and cutting them would misquote the document;
 * - require-sri off: every script and stylesheet is our own, served from the same site.
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const validator = new HtmlValidate(new FileSystemConfigLoader());

/** html-validate's findings for every page under `dist`, one line each (empty when all are valid). */
async function validateAll(dist: string, pages: readonly string[]): Promise<string> {
  const problems: string[] = [];
  for (const page of pages) {
    // Validated as if it were in the repository, so the committed config applies.
    const report = await validator.validateString(fs.readFileSync(path.join(dist, page), 'utf8'), path.join(repoRoot, 'dist-check', page));
    for (const r of report.results) for (const m of r.messages) problems.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
  }
  return problems.join('\n');
}

const htmlPages = (dist: string) => listFiles(dist).filter((f) => f.endsWith('.html'));

afterAll(cleanupSites);

describe('generated HTML', () => {
  let dist: string;
  let pages: string[];

  beforeAll(async () => {
    dist = path.join(await buildSampleSite(), 'dist');
    pages = htmlPages(dist);
  }, 60_000);

  it('covers every kind of page of the sample site', () => {
    for (const p of ['index.html', '404.html', 'sitemap/index.html', 'accessibility/index.html', 'archive/index.html', '2024/index.html', '2024/03/index.html', '2024/03/innovation-fund-notice/index.html']) {
      expect(pages).toContain(p);
    }
  });

  it('has no html-validate errors on any page', async () => {
    expect(await validateAll(dist, pages)).toBe('');
  }, 60_000);

  it('stays valid with draft and scheduled banners (--drafts --future)', async () => {
    const previewDist = path.join(await buildSampleSite({ flags: { drafts: true, future: true } }), 'dist');
    const previewPages = htmlPages(previewDist);
    expect(previewPages.length).toBeGreaterThan(pages.length);
    expect(await validateAll(previewDist, previewPages)).toBe('');
  }, 60_000);

  it('is a live check: it reports a page with a broken structure', async () => {
    const report = await validator.validateString('<!DOCTYPE html><html lang="zh-CN"><head><title>t</title></head><body><p><div>x</div></p></body></html>', path.join(repoRoot, 'dist-check', 'x.html'));
    expect(report.valid).toBe(false);
  });
});
