import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { error, warning } from '../../src/diagnostics.js';
import { EVENTS_PATH, injectDevTools, OVERLAY_ID, reloadPaths } from '../../src/watch/inject.js';

const page = '<!DOCTYPE html><html><head><title>t</title></head><body><main><p>正文</p></main></body></html>';
const parse = (html: string) => parseHTML(html).document;

describe('injectDevTools', () => {
  it('adds a live-reload script listening to the event stream at the end of the body, and no overlay when the build is good', () => {
    const doc = parse(injectDevTools(page, []));
    const scripts = [...doc.querySelectorAll('body > script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.textContent).toContain(`EventSource(${JSON.stringify(EVENTS_PATH)})`);
    expect(doc.body.lastElementChild).toBe(scripts[0]);
    expect(doc.getElementById(OVERLAY_ID)).toBeNull();
    expect(doc.querySelector('main p')!.textContent).toBe('正文');
  });

  it('shows every error of the latest build in the overlay, located and escaped, and leaves warnings to the terminal', () => {
    const problems = [
      error('"2024-13-01" is not a date.', { file: 'content/a.md', line: 3, column: 7, field: 'date', hint: 'Use 2024-05-14.' }),
      error('<script>alert(1)</script> is not a tag.', { file: 'content/b.md', line: 2 }),
      warning('has no summary.', { file: 'content/c.md' }),
    ];
    const doc = parse(injectDevTools(page, problems));
    const overlay = doc.getElementById(OVERLAY_ID)!;
    expect(overlay.getAttribute('role')).toBe('alert');
    expect([...overlay.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'content/a.md:3:7 date: "2024-13-01" is not a date. Use 2024-05-14.',
      'content/b.md:2 <script>alert(1)</script> is not a tag.',
    ]);
    expect(overlay.querySelector('script')).toBeNull();
    expect(overlay.textContent).toContain('2 problems stop the build');
  });

  it('appends to a page without a closing body tag', () => {
    const doc = parse(injectDevTools('<p>fragment</p>', [error('broken.')]));
    expect(doc.getElementById(OVERLAY_ID)).not.toBeNull();
    expect(doc.querySelectorAll('script')).toHaveLength(1);
  });
});

describe('reloadPaths', () => {
  it('names the pages behind changed HTML files, the search page for its index, and skips feeds and data files', () => {
    expect(reloadPaths(['2025/04/beta/index.html', 'index.html', 'tags/jiao-tong/page/2/index.html', '404.html', 'feed.xml', 'agencies/a/atom.xml', 'related.json', 'robots.txt', '.bulletin/manifest.json', 'search/terms-3.json'])).toEqual([
      '/',
      '/2025/04/beta/',
      '/404.html',
      '/search/',
      '/tags/jiao-tong/page/2/',
    ]);
  });

  it('asks every page to reload when a style sheet, script or image changed, or when it is not told what changed', () => {
    expect(reloadPaths(['2025/04/beta/index.html', 'assets/style.css'])).toBeUndefined();
    expect(reloadPaths(['2025/04/report.pdf'])).toBeUndefined();
    expect(reloadPaths(undefined)).toBeUndefined();
    expect(reloadPaths([])).toEqual([]);
  });
});
