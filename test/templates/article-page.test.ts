import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMParser } from 'linkedom';
import { buildSampleSite } from '../helpers/sample-site.js';
import { cleanupSites, listFiles, readHtml } from '../helpers/site.js';

const NOTICE = '2024/03/innovation-fund-notice/index.html';
const INTERPRETATION = '2024/03/innovation-fund-interpretation/index.html';
const ENGLISH = '2024/09/international-science-cooperation-forum/index.html';
const WITHDRAWN = '2024/10/bus-route-adjustment-consultation/index.html';

let root: string;
let pages: string[];
const doc = (rel: string) => readHtml(root, rel);
const meta = (d: Document, name: string) => d.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
const og = (d: Document, property: string) => d.querySelector(`meta[property="${property}"]`)?.getAttribute('content');
const texts = (d: Document | Element, selector: string) => [...d.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
/** Meta block (发布机构, 发布日期 …) as label → text. */
const metaBlock = (d: Document) => Object.fromEntries([...d.querySelectorAll('.meta > div')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent!.trim()]));

beforeAll(async () => {
  root = await buildSampleSite();
  pages = listFiles(path.join(root, 'dist')).filter((f) => f.endsWith('.html'));
}, 60_000);
afterAll(cleanupSites);

describe('every page of the sample site', () => {
  it('has a language, one h1, the four landmarks and a skip link to the main content', () => {
    expect(pages.length).toBeGreaterThan(50);
    for (const rel of pages) {
      const d = doc(rel);
      expect(d.documentElement.getAttribute('lang'), rel).toMatch(/^(zh-CN|en)$/);
      expect(d.querySelectorAll('h1').length, rel).toBe(1);
      for (const landmark of ['header', 'nav', 'main', 'footer']) expect(d.querySelector(landmark), `${rel} <${landmark}>`).not.toBeNull();
      const skip = d.querySelector('body > a.skip-link');
      expect(skip?.getAttribute('href'), rel).toBe('#main');
      expect(d.getElementById('main')?.tagName, rel).toBe('MAIN');
    }
  });

  it('has headings in order: h1 first, never skipping a level going down', () => {
    for (const rel of pages) {
      const levels = [...doc(rel).querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
      expect(levels[0], rel).toBe(1);
      levels.forEach((level, i) => i > 0 && expect(level, `${rel}: heading ${i + 1}`).toBeLessThanOrEqual(levels[i - 1]! + 1));
    }
  });

  it('marks every link that leaves the site and gives it rel="noopener noreferrer"', () => {
    let external = 0;
    for (const rel of pages) {
      for (const a of doc(rel).querySelectorAll('a[href^="http"], a[href^="//"]')) {
        external += 1;
        expect(a.getAttribute('rel')?.split(/\s+/).sort(), `${rel}: ${a.getAttribute('href')}`).toEqual(['noopener', 'noreferrer']);
        expect(a.classList.contains('external'), `${rel}: ${a.getAttribute('href')}`).toBe(true);
        expect(a.querySelector('.visually-hidden')?.textContent, `${rel}: ${a.getAttribute('href')}`).toMatch(/外部链接|external link/);
      }
    }
    expect(external).toBeGreaterThan(0);
  });

  it('never offers [关闭窗口], which only works for windows a script opened', () => {
    for (const rel of pages) {
      const d = doc(rel);
      expect(d.body.textContent, rel).not.toContain('关闭窗口');
      expect(d.querySelector('[onclick]'), rel).toBeNull();
    }
  });

  it('carries the site meta tags government monitoring tools read', () => {
    for (const rel of pages) {
      const d = doc(rel);
      expect(meta(d, 'SiteName'), rel).toBe('明川市政府信息发布');
      expect(meta(d, 'SiteDomain'), rel).toBe('www.example.gov.cn');
      expect(meta(d, 'SiteIDCode'), rel).toBe('0000000001');
    }
  });

  it('gives the 404 page no canonical address, since it answers for every missing one', () => {
    const d = doc('404.html');
    expect(d.querySelector('link[rel="canonical"]')).toBeNull();
    expect(d.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(doc('index.html').querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://www.example.gov.cn/');
  });

  it('links the generated site map and the accessibility statement from the footer', () => {
    const footer = doc(NOTICE).querySelector('footer')!;
    const href = (name: string) => [...footer.querySelectorAll('a')].find((a) => a.textContent === name)?.getAttribute('href');
    expect(href('网站地图')).toBe('../../../sitemap/');
    expect(href('无障碍声明')).toBe('../../../accessibility/');
    expect(pages).toContain('sitemap/index.html');
    expect(pages).toContain('accessibility/index.html');
  });
});

describe('an article page', () => {
  it('leads with a breadcrumb 首页 > year > month', () => {
    const crumbs = [...doc(NOTICE).querySelectorAll('nav.breadcrumb li a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(crumbs).toEqual([
      ['首页', '../../../'],
      ['2024年', '../../../2024/'],
      ['2024年3月', '../../../2024/03/'],
    ]);
  });

  it('shows agency, publication time and the latest update near the title, and the document block', () => {
    const d = doc(NOTICE);
    expect(d.querySelector('article h1')?.textContent).toBe('明川市科学技术局关于组织申报2024年度科技创新专项资金项目的通知');
    expect(metaBlock(d)).toEqual({ 发布机构: '明川市科学技术局', 发布日期: '2024-03-18 09:00', 更新于: '2024-04-02 16:30' });
    expect(d.querySelector('.meta time')?.getAttribute('datetime')).toBe('2024-03-18T09:00:00+08:00');
    expect(d.querySelector('.doc-info caption')?.textContent).toBe('文件信息');
    const info = Object.fromEntries([...d.querySelectorAll('.doc-info tr')].map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
    expect(info).toMatchObject({ 索引号: '11350700MB0123456X/2024-00012', 主题分类: '科技/科技创新', 成文日期: '2024-03-15', 文号: '明科发〔2024〕12号' });
    expect(d.querySelector('.source')?.textContent).toBe('（明川市科学技术局）');
  });

  it('lists the change history (更新记录) newest first, the latest matching "更新于"', () => {
    const d = doc(NOTICE);
    const times = [...d.querySelectorAll('#updates li time')].map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(['2024-04-02T16:30:00+08:00', '2024-03-19T10:00:00+08:00']);
    expect(d.querySelector('#updates h2')?.textContent).toBe('更新记录');
    expect(d.querySelector('.meta a[href="#updates"] time')?.getAttribute('datetime')).toBe(times[0]);
  });

  it('has reader controls for font size and contrast (aria-pressed) and printing', () => {
    const tools = doc(NOTICE).querySelector('.reader-tools')!;
    expect(texts(tools, 'button')).toEqual(['大', '中', '小', '高对比度', '打印']);
    expect([...tools.querySelectorAll('button[aria-pressed]')].map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true', 'false', 'false']);
  });

  it('lists attachments with file type and size', () => {
    const items = texts(doc(NOTICE), '.attachments li');
    expect(items).toEqual(['申报书模板 （PDF，663 B）']);
    const size = fs.statSync(path.join(root, 'dist', '2024/files/application-form.pdf')).size;
    expect(size).toBe(663);
  });

  it('links a policy document and its interpretation (政策解读) both ways', () => {
    const toInterpretation = doc(NOTICE).querySelector('.interpretations a');
    expect(doc(NOTICE).querySelector('.interpretations h2')?.textContent).toBe('政策解读');
    expect(toInterpretation?.getAttribute('href')).toBe('../../../2024/03/innovation-fund-interpretation/');
    const back = doc(INTERPRETATION).querySelector('.interprets a');
    expect(back?.getAttribute('href')).toBe('../../../2024/03/innovation-fund-notice/');
    expect(back?.textContent).toBe('明川市科学技术局关于组织申报2024年度科技创新专项资金项目的通知');
  });

  it('ends with 相关稿件 (title and date) and 上一篇/下一篇', () => {
    const d = doc(NOTICE);
    const related = d.querySelectorAll('.related li');
    expect(related.length).toBeGreaterThan(0);
    for (const li of related) expect(li.querySelector('time')?.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(d.querySelector('.prev-next a[rel="prev"]')?.getAttribute('href')).toBe('../../../2024/01/air-quality-report-2023/');
    expect(d.querySelector('.prev-next a[rel="next"]')?.getAttribute('href')).toBe('../../../2024/03/innovation-fund-interpretation/');
  });

  it('has a canonical link and Open Graph tags', () => {
    const d = doc(NOTICE);
    const url = 'https://www.example.gov.cn/2024/03/innovation-fund-notice/';
    expect(d.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(url);
    expect(og(d, 'og:type')).toBe('article');
    expect(og(d, 'og:url')).toBe(url);
    expect(og(d, 'og:title')).toBe(d.querySelector('h1')?.textContent);
    expect(og(d, 'og:site_name')).toBe('明川市政府信息发布');
    expect(og(d, 'og:description')).toMatch(/^各县（区）科技主管部门/);
  });

  it('describes itself as a schema.org NewsArticle published by a GovernmentOrganization, dates with offsets', () => {
    const data = JSON.parse(doc(NOTICE).querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: '明川市科学技术局关于组织申报2024年度科技创新专项资金项目的通知',
      datePublished: '2024-03-18T09:00:00+08:00',
      dateModified: '2024-04-02T16:30:00+08:00',
      mainEntityOfPage: 'https://www.example.gov.cn/2024/03/innovation-fund-notice/',
      publisher: { '@type': 'GovernmentOrganization', name: '明川市政府信息发布' },
      author: { '@type': 'GovernmentOrganization', name: '明川市科学技术局' },
    });
    expect(data.description).toBe(doc(NOTICE).querySelector('meta[name="description"]')?.getAttribute('content'));
  });

  it('carries the article meta tags: ColumnName, ArticleTitle, PubDate, ContentSource', () => {
    const d = doc(NOTICE);
    expect(meta(d, 'ColumnName')).toBe('明川市科学技术局');
    expect(meta(d, 'ArticleTitle')).toBe('明川市科学技术局关于组织申报2024年度科技创新专项资金项目的通知');
    expect(meta(d, 'PubDate')).toBe('2024-03-18 09:00');
    expect(meta(d, 'ContentSource')).toBe('明川市科学技术局');
  });

  it('writes PubDate as YYYY-MM-DD HH:MM on English pages too, where monitoring tools read it', () => {
    const d = doc(ENGLISH);
    expect(meta(d, 'PubDate')).toBe('2024-09-26 15:00');
    expect(d.querySelector('.meta time')?.textContent).toBe('26 September 2024, 3:00pm');
  });

  it('gives tables in the body column headers and a labelled box that scrolls on its own', () => {
    const d = doc('2025/01/innovation-fund-projects-2024/index.html');
    const box = d.querySelector('.body section.table-scroll')!;
    expect(box.getAttribute('tabindex')).toBe('0');
    expect(box.getAttribute('aria-label')).toBe('序号 / 项目名称 / 承担单位');
    const headers = [...box.querySelectorAll('th')];
    expect(headers.map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col']);
    expect(headers.map((th) => th.className)).toEqual(['align-center', '', '', 'align-right']);
    expect(box.querySelector('[align]')).toBeNull();
  });
});

describe('list pages', () => {
  it('lead with a breadcrumb up to their parent: 首页 > 归档 > year for a month', () => {
    const crumbs = (rel: string) => [...doc(rel).querySelectorAll('nav.breadcrumb li a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(crumbs('2024/03/index.html')).toEqual([
      ['首页', '../../'],
      ['归档', '../../archive/'],
      ['2024年', '../../2024/'],
    ]);
    expect(crumbs('2024/index.html')).toEqual([
      ['首页', '../'],
      ['归档', '../archive/'],
    ]);
    expect(crumbs('agencies/science-technology/index.html')).toEqual([
      ['首页', '../../'],
      ['发布机构', '../../agencies/'],
    ]);
    expect(doc('index.html').querySelector('nav.breadcrumb')).toBeNull();
  });

  it('name their column in ColumnName', () => {
    expect(meta(doc('agencies/science-technology/index.html'), 'ColumnName')).toBe('明川市科学技术局');
    expect(meta(doc('2024/03/index.html'), 'ColumnName')).toBe('2024年3月');
    expect(meta(doc('index.html'), 'ColumnName')).toBe('最新发布');
  });
});

describe('a release in another language than the site', () => {
  it('sets lang on the page and on the article, and uses that language for its labels', () => {
    const d = doc(ENGLISH);
    expect(d.documentElement.getAttribute('lang')).toBe('en');
    expect(d.querySelector('article')?.getAttribute('lang')).toBe('en');
    expect(d.querySelector('.skip-link')?.textContent).toBe('Skip to main content');
    expect(Object.keys(metaBlock(d))).toEqual(['From', 'Published']);
  });

  it('is marked with its language where it is listed on a Chinese page', () => {
    const home = doc('index.html');
    const item = [...home.querySelectorAll('.item-list li')].find((li) => li.querySelector('a')?.getAttribute('href') === './2024/09/international-science-cooperation-forum/');
    expect(item?.getAttribute('lang')).toBe('en');
    expect(home.documentElement.getAttribute('lang')).toBe('zh-CN');
  });
});

describe('a withdrawn release', () => {
  const BUS = 'bus-route-adjustment-consultation';

  it('keeps its page with a prominent 已撤回 banner, the date and the reason', () => {
    const d = doc(WITHDRAWN);
    const banner = d.querySelector('article .banner-withdrawn')!;
    expect(banner.compareDocumentPosition(d.querySelector('article h1')!) & 4).toBeTruthy(); // banner comes first
    expect(banner.querySelector('strong')?.textContent).toBe('已撤回');
    expect(banner.querySelector('time')?.getAttribute('datetime')).toBe('2024-10-21T17:00:00+08:00');
    expect(banner.textContent).toContain('线路调整方案需结合明溪大桥维修工期重新论证');
    expect(d.querySelector('.body p')?.textContent).toContain('为优化中心城区公共交通网络');
    expect(d.title).toBe('【已撤回】关于调整中心城区部分公交线路征求意见的公告 - 明川市政府信息发布');
  });

  it('drops out of the index, agency and tag lists, related lists and the feeds', () => {
    const listed = pages.filter((p) => p === 'index.html' || p.startsWith('page/') || p.startsWith('agencies/') || p.startsWith('tags/'));
    for (const rel of listed) expect([...doc(rel).querySelectorAll('a')].some((a) => a.getAttribute('href')?.includes(BUS)), rel).toBe(false);
    for (const rel of pages.filter((p) => /^\d{4}\/\d\d\/[^/]+\/index\.html$/.test(p))) {
      expect([...doc(rel).querySelectorAll('.related a')].some((a) => a.getAttribute('href')?.includes(BUS)), rel).toBe(false);
    }
    for (const feed of ['feed.xml', 'atom.xml']) {
      const xml = new DOMParser().parseFromString(fs.readFileSync(path.join(root, 'dist', feed), 'utf8'), 'text/xml');
      const links = [...xml.querySelectorAll('link')].map((l) => l.getAttribute('href') ?? l.textContent);
      expect(links.length, feed).toBeGreaterThan(1);
      expect(links.some((l) => l?.includes(BUS)), feed).toBe(false);
    }
  });

  it('is marked 已撤回 where a neighbour links to it as 上一篇', () => {
    const prev = doc('2024/12/mingxi-river-eco-compensation/index.html').querySelector('.prev-next a[rel="prev"]')!;
    expect(prev.getAttribute('href')).toContain(BUS);
    expect(prev.nextElementSibling?.textContent).toBe('已撤回');
    // Its own 上一篇 is in English, and says so.
    expect(doc(WITHDRAWN).querySelector('.prev-next a[rel="prev"]')?.getAttribute('lang')).toBe('en');
  });

  it('stays in the year and month archives, marked 已撤回', () => {
    for (const rel of ['2024/index.html', '2024/10/index.html']) {
      const item = [...doc(rel).querySelectorAll('.item-list li')].find((li) => li.querySelector('a')?.getAttribute('href')?.includes(BUS));
      expect(item?.querySelector('.badge-withdrawn')?.textContent, rel).toBe('已撤回');
    }
  });
});
