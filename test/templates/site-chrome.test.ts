import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { bulletin, buildSite, cleanupSites, makeSite, readHtml } from '../helpers/site.js';

afterAll(cleanupSites);

const POLICY = bulletin({ title: '关于开展节水型单位创建工作的通知', date: '2025-03-01 09:00', agency: '测试市水务局' }, '各有关单位：现就创建工作通知如下。');
const GUIDE = (target: string) =>
  bulletin({ title: '节水型单位创建政策解读', date: '2025-03-02 10:00', agency: '测试市水务局', interprets: target }, '解读正文，另见[测试市水务局](https://water.example.org/)。');

/** A two-bulletin site with the given extra config lines. */
async function site(config: string, guideTarget = 'policy', extra: Record<string, string | Uint8Array> = {}) {
  const root = makeSite({
    ...extra,
    'bulletin.config.yaml': `title: 测试市信息发布\nurl: https://www.test.gov.cn/news/\n${config}`,
    'content/2025/2025-03-01-policy.md': POLICY,
    'content/2025/2025-03-02-guide.md': GUIDE(guideTarget),
  });
  return { root, result: await buildSite(root) };
}

/** Not a real image; the writer copies bytes, it never decodes them. */
const EMBLEM = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);

describe('site chrome from the config', () => {
  it('refuses an emblem that is not a file in the site folder, naming the config field', async () => {
    const { result } = await site('site:\n  emblem: images/missing.png');
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toContain(
      'bulletin.config.yaml site.emblem: "images/missing.png" is not a file in the site folder. Give the path of the emblem image from the site folder, e.g. images/emblem.png.',
    );
  });

  it('shows the emblem, the filing numbers (公安 linked to its record), organizer and contact', async () => {
    const { root, result } = await site(
      [
        'site:',
        '  name: 测试市人民政府',
        '  emblem: images/emblem.png',
        '  idCode: "1399000001"',
        '  icp: 测ICP备12345678号',
        '  psb: 测公网安备 13990002000001号',
        '  psbCode: "13990002000001"',
        '  organizer: 测试市人民政府办公室',
        '  contact: 电话 0000-1234567',
      ].join('\n'),
      'policy',
      { 'images/emblem.png': EMBLEM },
    );
    expect(result.ok).toBe(true);
    const d = readHtml(root, '2025/03/policy/index.html');
    const home = d.querySelector('header a.site-name')!;
    expect(home.textContent?.trim()).toBe('测试市人民政府');
    expect(home.querySelector('img')?.getAttribute('src')).toBe('../../../assets/site/emblem.png');
    expect(fs.readFileSync(path.join(root, 'dist/assets/site/emblem.png'))).toEqual(Buffer.from(EMBLEM));
    // The name is the link's text, so the emblem is decorative.
    expect(home.querySelector('img')?.getAttribute('alt')).toBe('');

    const footer = d.querySelector('footer')!;
    const text = footer.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('网站标识码：1399000001');
    expect(text).toContain('主办单位：测试市人民政府办公室');
    expect(text).toContain('联系方式：电话 0000-1234567');
    const link = (label: string) => [...footer.querySelectorAll('a')].find((a) => a.textContent?.startsWith(label));
    expect(link('测ICP备12345678号')?.getAttribute('href')).toBe('https://beian.miit.gov.cn/');
    expect(link('测公网安备 13990002000001号')?.getAttribute('href')).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=13990002000001');
    expect(d.querySelector('meta[name="SiteIDCode"]')?.getAttribute('content')).toBe('1399000001');
    expect(d.querySelector('meta[name="SiteName"]')?.getAttribute('content')).toBe('测试市人民政府');
    expect(d.querySelector('meta[name="SiteDomain"]')?.getAttribute('content')).toBe('www.test.gov.cn');
  });

  it('leaves out filing lines, the ID meta tag and the emblem that are not configured', async () => {
    const { root, result } = await site('');
    expect(result.ok).toBe(true);
    const d = readHtml(root, '2025/03/policy/index.html');
    expect(d.querySelector('header img')).toBeNull();
    expect(d.querySelector('footer .filing')).toBeNull();
    expect(d.querySelector('meta[name="SiteIDCode"]')).toBeNull();
    expect(d.querySelector('footer')!.textContent).toContain('测试市信息发布');
  });

  it('carries the leave-site question (跳转提示) only when externalLinkNotice is on', async () => {
    const on = await site('externalLinkNotice: true\nsite:\n  name: 测试市人民政府');
    const message = readHtml(on.root, '2025/03/guide/index.html').getElementById('leave-site-message');
    expect(message?.hasAttribute('hidden')).toBe(true);
    expect(message?.getAttribute('data-message')).toBe('您访问的链接即将离开“测试市人民政府”，是否继续？');
    const off = await site('');
    expect(readHtml(off.root, '2025/03/guide/index.html').getElementById('leave-site-message')).toBeNull();
  });
});

describe('the source (来源) of a reposted release', () => {
  it('appears in the meta block, the source line and ContentSource when it is not the agency', async () => {
    const root = makeSite({
      'content/2025/2025-03-05-repost.md': bulletin({ title: '全省节水工作会议召开', date: '2025-03-05 09:00', agency: '测试市水务局', source: '新华社' }, '会议正文。'),
    });
    expect((await buildSite(root)).ok).toBe(true);
    const d = readHtml(root, '2025/03/repost/index.html');
    const rows = [...d.querySelectorAll('.meta > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]);
    expect(rows.slice(0, 3)).toEqual([
      ['发布机构', '测试市水务局'],
      ['发布日期', '2025-03-05 09:00'],
      ['来源', '新华社'],
    ]);
    expect(d.querySelector('.source')?.textContent).toBe('（新华社）');
    expect(d.querySelector('meta[name="ContentSource"]')?.getAttribute('content')).toBe('新华社');
  });
});

describe('policy interpretations (interprets:)', () => {
  it('fails the build when the interpreted bulletin does not exist, naming the file and line', async () => {
    const { root, result } = await site('', 'no-such-policy');
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(errors).toEqual([
      'content/2025/2025-03-02-guide.md:5 interprets: "no-such-policy" names no bulletin. Use the slug (the file name without the date and .md) or the path under content/.',
    ]);
    expect(() => readHtml(root, '2025/03/guide/index.html')).toThrow();
  });

  it('accepts a path under content/ as well as a slug', async () => {
    const { root, result } = await site('', '2025/2025-03-01-policy.md');
    expect(result.ok).toBe(true);
    expect(readHtml(root, '2025/03/policy/index.html').querySelector('.interpretations a')?.getAttribute('href')).toBe('../../../2025/03/guide/');
  });
});
