import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Drop, Liquid, Output, Value } from 'liquidjs';
import { FastPathCache, speedUpRenderer, speedUpTemplates } from '../../src/templating/fast-paths.js';
import { loadTemplates } from '../../src/templating/load-templates.js';
import { renderPage } from '../../src/templating/render-page.js';
import { build } from '../../src/build.js';
import { cleanupSites, makeSite } from '../helpers/site.js';
import { SAMPLE_NOW } from '../helpers/sample-site.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fast-paths-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  cleanupSites();
});
fs.writeFileSync(path.join(dir, 'card.liquid'), '[{% if item.name != blank %}{{ item.name | upcase }}{% else %}-{% endif %}]');
fs.writeFileSync(path.join(dir, 'frame.liquid'), '<{% block head %}h{% endblock %}|{% block body %}{% endblock %}>');

/** A drop as a site's own data could hold one: computed properties, a fallback, a value of its own. */
class Counter extends Drop {
  private readonly n = 21;
  get double(): number {
    return this.n * 2;
  }
  override liquidMethodMissing(key: string): string {
    return `missing:${key}`;
  }
  override valueOf(): string {
    return 'counter';
  }
}

const engine = (fast: boolean, extra: Record<string, unknown> = {}) => {
  const liquid = new Liquid({ root: dir, partials: dir, layouts: dir, extname: '.liquid', outputEscape: 'escape', lenientIf: true, ownPropertyOnly: true, cache: fast ? new FastPathCache() : true, ...extra });
  if (fast) speedUpRenderer(liquid);
  return liquid;
};

const parse = (liquid: Liquid, fast: boolean, source: string) => {
  const templates = liquid.parse(source);
  if (fast) speedUpTemplates(templates);
  return templates;
};

/** Renders with and without the direct path; returns both outcomes (text or error message). */
function both(source: string, scope: Record<string, unknown>, options: Record<string, unknown> = {}): [string, string] {
  return [true, false].map((fast) => {
    const liquid = engine(fast, options);
    try {
      return liquid.renderSync(parse(liquid, fast, source), scope) as string;
    } catch (cause) {
      return `error: ${(cause as Error).message}`;
    }
  }) as [string, string];
}

const scope = () => ({
  b: { title: 'A <b> & "c"', n: 3, zero: 0, list: [1, 2, 3], tags: [{ name: 'x' }, { name: 'y' }], nested: { deep: { er: 'ok' } }, empty: '', nil: null, yes: true, no: false },
  items: [{ name: 'a' }, { name: '' }, { name: 'c' }],
  counter: new Counter(),
  html: '<p>raw</p>',
  lang: 'zh-CN',
});

describe('template fast paths', () => {
  const sources = [
    '{{ b.title }}|{{ b.n }}|{{ b.nested.deep.er }}|{{ b.missing }}|{{ b.missing.deeper }}|{{ "lit<" }}|{{ 3 }}|{{ true }}|{{ nil }}',
    '{{ b["title"] }}|{{ b.list[1] }}|{{ b.list.size }}|{{ b.list.first }}|{{ b.list.last }}|{{ b.tags.first.name }}',
    '{{ html | raw }}|{{ b.title | upcase | truncate: 5 }}|{{ b.title | append: b.n }}|{{ b.tags | map: "name" | join: ", " }}',
    '{{ b.missing | default: "d" }}|{{ b.empty | default: "e" }}|{{ b.title | replace: "A", b.n }}|{{ b.list | where: "x", 1 | size }}',
    '{% if b.n > 2 and b.yes %}1{% endif %}{% if b.n < 2 or b.no %}2{% else %}3{% endif %}{% if not b.no %}4{% endif %}',
    '{% if b.empty == blank %}5{% endif %}{% if b.list == empty %}6{% endif %}{% if b.nil == nil %}7{% endif %}{% if b.title contains "<b>" %}8{% endif %}',
    '{% unless b.yes %}9{% elsif b.n == 3 %}10{% else %}11{% endunless %}{% if b.zero %}12{% endif %}{% if b.missing %}13{% elsif b.n >= 3 %}14{% endif %}',
    '{% for t in b.tags %}{{ forloop.index }}:{{ t.name }}{% unless forloop.last %},{% endunless %}{% endfor %}',
    '{% assign x = b.title | downcase %}{{ x }}{% capture c %}{{ b.n }}-{{ x }}{% endcapture %}{{ c }}',
    '{{ counter }}|{{ counter.double }}|{{ counter.double | plus: 1 }}|{{ counter.whatever }}|{% if counter %}drop{% endif %}{% if counter.double > 40 %}big{% endif %}',
    "{% for item in items %}{% render 'card', item: item %}{% endfor %}{% render 'card', item: b %}",
    '{% case b.n %}{% when 3 %}three{% else %}other{% endcase %}|{% for i in (1..b.n) %}{{ i }}{% endfor %}',
    '{% for i in (1..6) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% for t in b.tags %}{% if forloop.last %}{% break %}{% endif %}{{ t.name }}{% endfor %}{% endfor %}',
    "{% layout 'frame' %}{% block body %}{{ b.title }}{% for t in b.tags %}{{ t.name }}{% endfor %}{% endblock %}",
    '{% tablerow t in b.tags cols: 1 %}{{ t.name }}{% endtablerow %}{% liquid\n  for t in b.tags\n    echo t.name\n  endfor\n%}',
  ];

  it('renders exactly what LiquidJS renders, for every shape of expression and tag', () => {
    for (const source of sources) {
      const [fast, plain] = both(source, scope());
      expect(fast, source).toBe(plain);
      expect(fast, source).not.toMatch(/^error/);
    }
  });

  it('raises LiquidJS\'s own errors, with the same message and place, for undefined variables in strict mode', () => {
    for (const source of ['line\n{{ b.nope }}', '{% if b.nope %}x{% endif %}', '{{ b.nope | default: "ok" }}', '{{ b.title | upcase: b.nope }}']) {
      const [fast, plain] = both(source, scope(), { strictVariables: true });
      expect(fast, source).toBe(plain);
    }
    expect(both('line\n{{ b.nope }}', scope(), { strictVariables: true })[0]).toMatch(/undefined variable: b\.nope, line:2/);
    // Data that throws when read: the same wrapped error, in an output and in a condition.
    const throwing = {
      ...scope(),
      bad: {
        get boom(): string {
          throw new Error('boom');
        },
      },
    };
    for (const source of ['{{ bad.boom }}', '{% if bad.boom %}x{% endif %}', 'a\n{% for t in b.tags %}{{ t.name | append: bad.boom }}{% endfor %}']) {
      const [fast, plain] = both(source, throwing);
      expect(fast, source).toBe(plain);
      expect(fast, source).toMatch(/^error: boom/);
    }
  });

  it('takes the direct path for outputs and conditions, and LiquidJS\'s generators only where it must', () => {
    const liquid = engine(true);
    const templates = parse(liquid, true, '{{ b.title }}{% if b.n == 3 %}x{% endif %}{% for t in b.tags %}{{ t.name }}{% endfor %}');
    // Outputs and ifs get a render of their own; a for loop keeps LiquidJS's.
    expect(templates.map((t) => Object.hasOwn(t, 'render'))).toEqual([true, true, false]);
    expect(liquid.renderSync(templates, scope())).toBe('A &lt;b&gt; &amp; &#34;c&#34;xxy');
    expect(Object.hasOwn(engine(false).parse('{{ b.title }}')[0]!, 'render')).toBe(false);
  });

  it('renders blocks in a plain loop that reads the clock only when a render deadline is set', () => {
    // One node at the top: LiquidJS's own loop renders that level (renderSync gives it no emitter).
    const source = `{% if b.yes %}${'{% for t in b.tags %}{{ t.name }}-{{ b.n }}{% endfor %}'.repeat(20)}{% endif %}`;
    const clockReads = (fast: boolean, extra: Record<string, unknown> = {}) => {
      const liquid = engine(fast, extra);
      const templates = parse(liquid, fast, source);
      const before = performance.now;
      let reads = 0;
      performance.now = () => (reads++, before.call(performance));
      try {
        liquid.renderSync(templates, scope());
      } finally {
        performance.now = before;
      }
      return reads;
    };
    expect(clockReads(false)).toBeGreaterThan(100); // LiquidJS reads it for every node it renders
    expect(clockReads(true)).toBeLessThanOrEqual(3); // for the context's deadline and the top level
    expect(clockReads(true, { renderLimit: 1e9 })).toBeGreaterThan(100);
    // A deadline already past stops both in the same way.
    expect(both(source, scope(), { renderLimit: -1 })).toEqual(['error: template render limit exceeded', 'error: template render limit exceeded']);
    expect(engine(true).renderer.renderTemplates).not.toBe(engine(false).renderer.renderTemplates);
  });

  it('speeds up partials and layouts through the template cache', () => {
    const liquid = engine(true);
    liquid.renderSync(parse(liquid, true, "{% render 'card', item: b %}"), scope());
    const stored = (liquid.options.cache as FastPathCache).read('partials:card') as ReturnType<Liquid['parse']>;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((t) => Object.hasOwn(t, 'render'))).toBe(true);
  });

  it('renders every page of the sample site byte for byte as LiquidJS does', async () => {
    const root = makeSite({});
    const repo = path.resolve(import.meta.dirname, '..', '..');
    fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
    fs.copyFileSync(path.join(repo, 'bulletin.config.yaml'), path.join(root, 'bulletin.config.yaml'));
    const result = await build({ root, now: SAMPLE_NOW, cache: false, keepSnapshot: true, quiet: true });
    expect(result.ok).toBe(true);
    const snapshot = result.snapshot!;
    const load = (fastPaths: boolean) => loadTemplates(snapshot.config.templatesDir, root, { fastPaths }).templates!;
    const fast = load(true);
    const plain = load(false);
    expect(snapshot.plan.pages.length).toBeGreaterThan(20);
    for (const page of snapshot.plan.pages) {
      const a = renderPage(fast, snapshot.view, page);
      const b = renderPage(plain, snapshot.view, page);
      expect(a.html, page.url).toBe(b.html);
      expect(a.html, page.url).toBeTruthy();
    }
  });
});
