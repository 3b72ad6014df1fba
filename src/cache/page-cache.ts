import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readManifest, type Manifest, type OutputFile } from '../output/write-site.js';
import type { PagePlan } from '../site/page-plan.js';
import type { Templates } from '../templating/load-templates.js';
import { outputPathFor, renderPage } from '../templating/render-page.js';
import { TEMPLATE_FOR } from '../templating/load-templates.js';
import { pageView, type ViewContext } from '../templating/view-model.js';
import { toPosix } from '../util/paths.js';
import type { BuildCache } from './build-cache.js';
import { hashOf, TOOL_VERSION } from './hash.js';
import { identity } from './identity.js';
import type { PageResult, PagesSetup, RenderPool } from '../markdown/render-pool.js';

export interface PageRun {
  /** Pages whose template rendering was skipped because their view model and templates were unchanged. */
  reused: number;
}

export interface PageOptions {
  /** Takes each page's file as soon as it is rendered (or found unchanged), in plan order. */
  emit: (file: OutputFile) => void;
  cache?: BuildCache;
  outDir: string;
  /** What each page type's rendering reads from templates/ (see `templatesKey`). */
  templatesKey: (type: PagePlan['type']) => string;
  /** Worker threads to render pages on; without, pages render in this thread. */
  pool?: RenderPool;
  /** Where the templates were loaded from, so worker threads can load the same ones. */
  setup: PagesSetup;
  onProgress?: (done: number, total: number) => void;
  /** The output folder's manifest when the caller keeps it (watch mode); otherwise it is read from the folder. */
  manifest?: Manifest;
}

/** Pages prepared and rendered at a time: bounds the view models and HTML held at once. */
const WINDOW = 512;

/**
 * Renders every planned page with its template, in plan order. With a cache, a page whose view model
 * (everything the template can see) and templates are unchanged since the last build is not rendered
 * at all: the writer links the file already in the output folder, after checking it is still the one
 * the output manifest describes. Pages are prepared here (view models) and rendered on worker threads
 * a window at a time, the next window prepared while the last one renders. Template problems are
 * reported once per template file.
 */
export async function renderPages(
  templates: Templates,
  ctx: ViewContext,
  pages: readonly PagePlan[],
  report: (d: Diagnostic) => void,
  options: PageOptions,
): Promise<PageRun> {
  const { cache, outDir, onProgress } = options;
  const manifest = options.manifest ?? (cache ? readManifest(outDir) : {});
  const inputs = cache ? pageInputs(ctx, options.templatesKey) : undefined;
  const broken = new Set<string>();
  const { emit } = options;
  let reused = 0;

  type Slot = { page: PagePlan; file: string; origin: string; view?: Record<string, unknown>; key?: string; signature?: string; done?: OutputFile };
  const prepare = (from: number): Slot[] =>
    pages.slice(from, from + WINDOW).map((page) => {
      const file = outputPathFor(page.url);
      const origin = page.type === 'article' ? ctx.plan.bulletins[page.bulletin]!.file : `the ${page.type} page ${page.url}`;
      const slot: Slot = { page, file, origin };
      const entry = cache?.pages.get(file);
      const previous = manifest[file];
      // A manifest kept by the caller (watch mode) describes a folder only this process writes; one read
      // from disk is checked against the file, which someone may have replaced.
      const unchanged = (key: string | undefined) =>
        key !== undefined &&
        entry !== undefined &&
        entry.view === key &&
        previous !== undefined &&
        previous[0] === entry.hash &&
        previous[1] === entry.size &&
        (options.manifest !== undefined || sizeOf(path.join(outDir, file)) === entry.size);
      // Same inputs as when this page was last written (same objects, in this process): its view model
      // is the same too, so it is neither built nor hashed.
      const signature = inputs?.of(page);
      if (signature !== undefined && entry && cache!.pageInputs.get(file) === signature && unchanged(entry.view)) {
        slot.done = { path: file, hash: entry.hash, copyFrom: path.join(outDir, file), origin };
        reused++;
        return slot;
      }
      // Recorded only once the page is rendered (or found unchanged): a page whose template fails
      // must fail again next time, not pass as unchanged.
      cache?.pageInputs.delete(file);
      slot.signature = signature;
      try {
        slot.view = pageView({ ...ctx }, page);
        if (cache) slot.key = hashOf(options.templatesKey(page.type), JSON.stringify(slot.view));
      } catch {
        slot.view = undefined; // renderPage meets the same problem and reports it
      }
      if (unchanged(slot.key)) {
        slot.done = { path: file, hash: entry!.hash, copyFrom: path.join(outDir, file), origin };
        reused++;
      }
      return slot;
    });
  const render = (slots: Slot[]): Promise<PageResult[] | undefined> => {
    const jobs = slots.filter((s) => !s.done && s.view);
    return jobs.length > 0 && options.pool ? options.pool.pages(jobs.map((s) => ({ page: s.page, view: s.view! })), options.setup) : Promise.resolve(undefined);
  };
  const finish = (slots: Slot[], threaded: PageResult[] | undefined) => {
    let k = 0;
    for (const slot of slots) {
      if (slot.signature !== undefined) cache?.pageInputs.set(slot.file, slot.signature);
      if (slot.done) {
        emit(slot.done);
        continue;
      }
      const out = threaded && slot.view ? threaded[k++]! : renderPage(templates, ctx, slot.page, slot.view);
      if (out.diagnostic) {
        cache?.pageInputs.delete(slot.file);
        // One broken template breaks every page that uses it; report it once.
        if (!broken.has(out.diagnostic.file ?? '')) report(out.diagnostic);
        broken.add(out.diagnostic.file ?? '');
        continue;
      }
      const bytes = Buffer.from(out.html!);
      // The same digest the writer records in the output manifest.
      if (cache && slot.key) cache.pages.set(slot.file, { view: slot.key, hash: crypto.createHash('sha1').update(bytes).digest('base64url'), size: bytes.length });
      emit({ path: slot.file, content: bytes, origin: slot.origin });
    }
  };

  let slots = prepare(0);
  for (let from = 0; from < pages.length; from += WINDOW) {
    onProgress?.(from, pages.length);
    const rendering = render(slots);
    const next = from + WINDOW < pages.length ? prepare(from + WINDOW) : [];
    finish(slots, await rendering);
    slots = next;
  }
  onProgress?.(pages.length, pages.length);
  return { reused };
}

/**
 * What a page's view model is made of, as a short text that is equal exactly when the inputs are the
 * same: the build-wide inputs (templates, config, tag addresses, attachment sizes), the page's own plan
 * entry, and the bulletins it shows, each named by the identity of its rendering (see identity.ts). A
 * new process has no identities to compare and falls back to building and hashing every view.
 */
function pageInputs(ctx: ViewContext, templates: (type: PagePlan['type']) => string): { of(page: PagePlan): string | undefined } {
  const { plan, rendered, config } = ctx;
  const { now: _clock, ...settings } = config;
  const site = hashOf(
    JSON.stringify(settings),
    JSON.stringify(plan.tags.map((t) => [t.name, t.url])),
    JSON.stringify([...ctx.attachmentSizes].sort()),
  );
  const count = (x: { items: unknown[] }) => x.items.length;
  const structure = hashOf(
    JSON.stringify(plan.years.map((y) => [y.year, y.url, count(y), y.months.map((m) => [m.month, m.url, count(m)])])),
    JSON.stringify([plan.agencies, plan.tags].map((terms) => terms.map((t) => [t.name, t.url, count(t)]))),
  );
  const id = (i: number | undefined) => (i === undefined ? -1 : identity(rendered[i]!));
  return {
    of(page) {
      return `${templates(page.type)}|${inputsOf(page)}`;
    },
  };
  function inputsOf(page: PagePlan): string {
    switch (page.type) {
      case 'article': {
        const i = page.bulletin;
        const shown = [i, page.newer, page.older, plan.interprets[i], ...plan.related[i]!, -1, ...plan.interpretations[i]!];
        return `${site}|${page.url}|a|${shown.map((j) => (j === -1 ? '/' : id(j))).join(',')}`;
      }
      case 'list':
        return `${site}|${JSON.stringify({ ...page, items: page.items.map(id) })}`;
      case 'archives':
      case 'agencies':
      case 'tags':
      case 'sitemap':
        return `${site}|${page.type}|${page.url}|${structure}`;
      default:
        // The other index pages show the five newest bulletins.
        return `${site}|${page.type}|${page.url}|${[0, 1, 2, 3, 4].filter((i) => i < plan.bulletins.length).map(id).join(',')}`;
    }
  }
}

/**
 * For each page type, a hash of what its rendering reads from templates/: its own page template, and
 * everything that is not a page template (layouts, partials, strings.yaml), which any page may use;
 * with the template options and the tool's version. So a change to article.liquid re-renders the
 * articles and nothing else, and a change to a partial re-renders every page.
 */
export function templatesKey(dir: string, strictVariables: boolean): (type: PagePlan['type']) => string {
  const pageTemplates = new Set(Object.values(TEMPLATE_FOR).map((name) => `${name}.liquid`));
  const shared: string[] = [TOOL_VERSION, String(strictVariables)];
  const own = new Map<string, string>();
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, e.name);
      const rel = toPosix(path.relative(dir, abs));
      if (e.isDirectory() && !(d === dir && e.name === 'assets')) walk(abs);
      else if (e.isFile() && pageTemplates.has(rel)) own.set(rel, fs.readFileSync(abs, 'utf8'));
      else if (e.isFile()) shared.push(rel, fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(dir);
  const base = hashOf(...shared);
  const keys = new Map<string, string>();
  return (type) => {
    const file = `${TEMPLATE_FOR[type]}.liquid`;
    let key = keys.get(file);
    if (key === undefined) keys.set(file, (key = hashOf(base, file, own.get(file) ?? '')));
    return key;
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
