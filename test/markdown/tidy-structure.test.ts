import { describe, expect, it } from 'vitest';
import { createProcessor } from '../../src/markdown/processor.js';
import { renderBody } from '../../src/markdown/render-bulletin.js';

const context = { contentPath: '2024/a.md', pageUrl: '/2024/05/a/', bulletinUrls: new Map(), attachments: new Set<string>(), lang: 'zh-CN' };
const html = (md: string) => renderBody(createProcessor({ allowHtml: false }), md, context, { file: 'content/2024/a.md', bodyLine: 5 }).html;

describe('rehypeTidyStructure', () => {
  it('moves every heading down a level when the body uses #, except h6', () => {
    expect(html('## 二\n\n# 一\n\n###### 六\n\n##### 五')).toBe('<h3>二</h3>\n<h2>一</h2>\n<h6>六</h6>\n<h6>五</h6>');
    expect(html('## 二\n\n###### 六')).toBe('<h2>二</h2>\n<h6>六</h6>');
  });

  it('wraps tables in a labelled scrolling box, with header scopes and alignment classes, in a list or not', () => {
    const table = '| 指标 | 增幅 |\n| :- | -: |\n| 项目 | 3.5% |';
    const out = html(`# 标题\n\n${table}\n\n- 列表\n\n  ${table.replace(/\n/g, '\n  ')}`);
    expect(out.match(/<section class="table-scroll" tabindex="0" aria-label="指标 \/ 增幅">/g)).toHaveLength(2);
    expect(out.match(/<th scope="col" class="align-left">指标<\/th>/g)).toHaveLength(2);
    expect(out.match(/<td class="align-right">3.5%<\/td>/g)).toHaveLength(2);
    expect(out).toContain('<h2>标题</h2>');
  });

  it('renders a table written without pipes', () => {
    expect(html('指标\n:-')).toContain('<section class="table-scroll" tabindex="0" aria-label="指标"><table>');
  });
});
