import { afterAll, describe, expect, it } from 'vitest';
import { bulletin, buildSite, cleanupSites, makeSite, readHtml } from '../helpers/site.js';

afterAll(cleanupSites);

/** The 附件 list of a built bulletin as [link text, href, type and size]. */
function attachmentList(root: string, page: string) {
  return [...readHtml(root, page).querySelectorAll('.attachments li')].map((li) => [
    li.querySelector('a')!.textContent!.replace(/（外部链接）$/, ''),
    li.querySelector('a')!.getAttribute('href'),
    li.querySelector('.file-info')?.textContent ?? '',
  ]);
}

describe('the attachments list (附件)', () => {
  it('lists files from front matter and from the body once each, with type and size; images are not attachments', async () => {
    const root = makeSite({
      'content/2025/2025-03-01-fund.md': bulletin(
        { title: '关于申报节水补助资金的通知', date: '2025-03-01 09:00', attachments: [{ href: 'files/form.docx', title: '申报表' }, 'https://www.example.org/guide.pdf'] },
        '请下载[申报表](files/form.docx)和[填报说明](files/notes.pdf)。\n\n![示意图](files/map.png)',
      ),
      'content/2025/files/form.docx': 'x'.repeat(2048),
      'content/2025/files/notes.pdf': 'y'.repeat(3 * 1024 * 1024 + 100),
      'content/2025/files/map.png': 'z'.repeat(10),
    });
    const result = await buildSite(root);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(attachmentList(root, '2025/03/fund/index.html')).toEqual([
      ['申报表', '../../../2025/files/form.docx', '（DOCX，2.0 KB）'],
      ['guide.pdf', 'https://www.example.org/guide.pdf', '（PDF）'],
      ['notes.pdf', '../../../2025/files/notes.pdf', '（PDF，3.0 MB）'],
    ]);
  });

  it('resolves files in a folder above the bulletin', async () => {
    const root = makeSite({
      'content/2025/03/2025-03-02-notice.md': bulletin({ title: '通知', date: '2025-03-02 09:00' }, '见[附表](../shared/table.xlsx)。'),
      'content/2025/shared/table.xlsx': 'x'.repeat(500),
    });
    const result = await buildSite(root);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(attachmentList(root, '2025/03/notice/index.html')).toEqual([['table.xlsx', '../../../2025/shared/table.xlsx', '（XLSX，500 B）']]);
  });

  it('leaves the section out when there is nothing to list', async () => {
    const root = makeSite({ 'content/2025/2025-03-03-plain.md': bulletin({ title: '无附件', date: '2025-03-03 09:00' }) });
    await buildSite(root);
    expect(readHtml(root, '2025/03/plain/index.html').querySelector('.attachments')).toBeNull();
  });
});
