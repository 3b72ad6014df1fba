import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Liquid } from 'liquidjs';
import { MemoRenderTag } from '../../src/templating/memo-render.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memo-render-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'card.liquid'), '[{{ item.name }}{% increment n %}{% for x in list %}{{ x }}{% endfor %}]');
fs.writeFileSync(path.join(dir, 'loop.liquid'), '({{ loop.index }})');

const engines = () => {
  const plain = new Liquid({ root: dir, partials: dir, extname: '.liquid', cache: true });
  const memo = new Liquid({ root: dir, partials: dir, extname: '.liquid', cache: true });
  memo.registerTag('render', MemoRenderTag);
  return { plain, memo };
};

describe('MemoRenderTag', () => {
  it('writes what {% render %} writes, for repeated, changed and per-iteration arguments', () => {
    const { plain, memo } = engines();
    const shared = { name: 'a<b' };
    const list = [1, 2];
    const sources = [
      "{% render 'card', item: item, list: list %}{% render 'card', item: item, list: list %}",
      "{% for i in items %}{% render 'card', item: i, list: list %}{% endfor %}",
      "{% for i in items %}{% render 'loop', loop: forloop %}{% endfor %}",
      "{% render 'card' with item as item %}{% render 'card' for items as item %}",
      "{% assign name = 'card' %}{% render name, item: item %}",
    ];
    for (const source of sources) {
      const pTpl = plain.parse(source);
      const mTpl = memo.parse(source);
      // The same objects again and again (what the view model hands out), then different ones.
      for (const scope of [
        { item: shared, items: [shared, shared, { name: 'c' }], list },
        { item: shared, items: [shared, shared, { name: 'c' }], list },
        { item: { name: 'd' }, items: [{ name: 'e' }], list: [3] },
      ]) {
        expect(memo.renderSync(mTpl, scope), source).toBe(plain.renderSync(pTpl, scope));
      }
    }
  });

  it('renders the partial once for the same argument objects', () => {
    const { memo } = engines();
    fs.writeFileSync(path.join(dir, 'count.liquid'), '{{ item.name }}');
    let reads = 0;
    const counted = () => ({
      get name() {
        reads++;
        return 'x';
      },
    });
    const item = counted();
    const tpl = memo.parse("{% render 'count', item: item %}");
    expect(memo.renderSync(tpl, { item }) + memo.renderSync(tpl, { item })).toBe('xx');
    expect(reads).toBe(1);
    // An equal but different object is rendered again.
    memo.renderSync(tpl, { item: counted() });
    expect(reads).toBe(2);
  });
});
