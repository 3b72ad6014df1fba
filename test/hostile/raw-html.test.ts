/**
 * Raw HTML in a bulletin body: dropped with a warning by default; with `allowHtml: true`, passed
 * through rehype-sanitize so nothing that runs code survives. Links with dangerous schemes are
 * removed in both modes. Output is parsed with linkedom, never matched with regexes.
 */
import { parseHTML } from 'linkedom';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, bulletin, cleanupSites, makeSite } from '../helpers/site.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

afterAll(cleanupSites);

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const BODY = [
  '第一段。',
  '',
  '<script>alert(1)</script>',
  '',
  '<p onclick="alert(1)" style="color:red">段落 <b onmouseover="alert(1)">加粗</b> <a href="javascript:alert(1)">脚本链接</a> <a href="https://www.gov.cn/">政府网</a></p>',
  '',
  '<img src="https://www.gov.cn/logo.png" onerror="alert(1)"> <img src="data:text/html;base64,PHNjcmlwdD4="> <iframe src="https://evil.example/"></iframe>',
  '',
  '<svg><script>alert(1)</script></svg> <form action="https://evil.example/"><input name="x"></form>',
  '',
  '<a href="java&#x09;script:alert(1)">制表符</a> <a href="&#106;avascript:alert(1)">实体</a> <a href=" JaVaScRiPt:alert(1)">大小写</a> <a href="vbscript:msgbox(1)">vb</a>',
  '',
  '[Markdown 脚本链接](javascript:alert(1)) [大写](JAVASCRIPT:alert(1)) [空白]( javascript:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=)',
  '',
  `![像素](${PNG}) ![网页](data:text/html;base64,PHNjcmlwdD4=)`,
].join('\n');

async function render(allowHtml: boolean) {
  const root = makeSite({
    'bulletin.config.yaml': `allowHtml: ${allowHtml}\n`,
    'content/2024/2024-05-14-html.md': bulletin({ title: '通知', date: '2024-05-14 09:00' }, BODY),
  });
  const result = await buildSite(root);
  expect(result.ok).toBe(true);
  const html = result.ok ? (await import('node:fs')).readFileSync(`${root}/dist/2024/05/html/index.html`, 'utf8') : '';
  const body = parseHTML(html).document.querySelector('.bulletin-body, article')!;
  return { body, warnings: result.diagnostics.map(formatDiagnostic) };
}

/** Everything in the body that could run code or load a page. */
function dangers(body: Element): string[] {
  const out: string[] = [];
  for (const el of body.querySelectorAll('*')) {
    if (['script', 'iframe', 'object', 'embed', 'form', 'style', 'svg'].includes(el.localName)) out.push(`<${el.localName}>`);
    // GFM task lists need a disabled checkbox; any other input could collect what a reader types.
    if (el.localName === 'input' && !(el.getAttribute('type') === 'checkbox' && el.hasAttribute('disabled'))) out.push('<input>');
    for (const attr of el.getAttributeNames()) {
      if (/^on/i.test(attr) || attr === 'style') out.push(`${el.localName}[${attr}]`);
      if (/script:/i.test(el.getAttribute(attr) ?? '')) out.push(`${el.localName}[${attr}=…script:]`);
      // Browsers ignore tabs and newlines inside a URL scheme, so compare without them.
      const value = (el.getAttribute(attr) ?? '').replace(/[\t\n\r]/g, '').trim().toLowerCase();
      if (value.startsWith('javascript:') || (value.startsWith('data:') && !(el.localName === 'img' && value.startsWith('data:image/png')))) out.push(`${el.localName}[${attr}=${value.slice(0, 15)}]`);
    }
  }
  return out;
}

describe('raw HTML, allowHtml off (the default)', () => {
  it('drops every HTML element and says so once, at its line', async () => {
    const { body, warnings } = await render(false);
    expect(dangers(body)).toEqual([]);
    expect(body.querySelector('b')).toBeNull();
    expect(body.textContent).toContain('第一段。');
    expect(warnings).toContain('content/2024/2024-05-14-html.md:8:1 contains HTML, which is not shown. Write it in Markdown, or ask the web team to set allowHtml: true.');
  });

  it('removes javascript: and data: links written in Markdown, keeping their text, and keeps a PNG image', async () => {
    const { body, warnings } = await render(false);
    const links = [...body.querySelectorAll('a')].filter((a) => ['Markdown 脚本链接', '大写', '空白', '数据'].includes(a.textContent!.trim()));
    expect(links).toHaveLength(4);
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, null, null, null]);
    expect([...body.querySelectorAll('img')].map((i) => [i.getAttribute('alt'), i.getAttribute('src')?.slice(0, 15) ?? null])).toEqual([
      ['像素', 'data:image/png;'],
      ['网页', null],
    ]);
    expect(warnings.filter((w) => w.includes('was removed'))).toHaveLength(4);
  });
});

describe('raw HTML, allowHtml: true', () => {
  it('keeps harmless markup and removes scripts, event handlers, styles, frames, forms and dangerous URLs', async () => {
    const { body } = await render(true);
    expect(dangers(body)).toEqual([]);
    for (const text of ['制表符', '实体', '大小写', 'vb']) {
      expect([...body.querySelectorAll('a')].find((a) => a.textContent === text)?.hasAttribute('href'), text).toBe(false);
    }
    expect(body.querySelector('b')!.textContent).toBe('加粗');
    expect([...body.querySelectorAll('a')].find((a) => a.textContent!.includes('政府网'))!.getAttribute('href')).toBe('https://www.gov.cn/');
    expect([...body.querySelectorAll('a')].find((a) => a.textContent === '脚本链接')!.hasAttribute('href')).toBe(false);
    expect(body.textContent).not.toContain('alert(1)');
  });

  it('removes javascript: and data: links written in Markdown too', async () => {
    const { body } = await render(true);
    for (const text of ['Markdown 脚本链接', '大写', '空白', '数据']) {
      const a = [...body.querySelectorAll('a')].find((x) => x.textContent!.trim() === text);
      expect(a?.getAttribute('href') ?? null, text).toBeNull();
    }
  });
});
