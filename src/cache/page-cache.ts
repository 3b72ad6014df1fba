import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readManifest, type OutputFile } from '../output/write-site.js';
import type { PagePlan } from '../site/page-plan.js';
import type { Templates } from '../templating/load-templates.js';
import { outputPathFor, renderPage } from '../templating/render-page.js';
import { pageView, type ViewContext } from '../templating/view-model.js';
import { toPosix } from '../util/paths.js';
import type { BuildCache } from './build-cache.js';
import { hashOf, TOOL_VERSION } from './hash.js';
import type { PageResult, PagesSetup, RenderPool } from '../markdown/render-pool.js';

export interface PageRun {
  files: OutputFile[];
  /** Pages whose template rendering was skipped because their view model and templates were unchanged. */
  reused: number;
}

export interface PageOptions {
  cache?: BuildCache;
  outDir: string;
  templatesKey: string;
  /** Worker threads to render pages on; without, pages render in this thread. */
  pool?: RenderPool;
  /** Where the templates were loaded from, so worker threads can load the same ones. */
  setup: PagesSetup;
  onProgress?: (done: number, total: number) => void;
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
  const manifest = cache ? readManifest(outDir) : {};
  const broken = new Set<string>();
  const files: OutputFile[] = [];
  let reused = 0;

  type Slot = { page: PagePlan; file: string; origin: string; view?: Record<string, unknown>; key?: string; done?: OutputFile };
  const prepare = (from: number): Slot[] =>
    pages.slice(from, from + WINDOW).map((page) => {
      const file = outputPathFor(page.url);
      const origin = page.type === 'article' ? ctx.plan.bulletins[page.bulletin]!.file : `the ${page.type} page ${page.url}`;
      const slot: Slot = { page, file, origin };
      try {
        slot.view = pageView({ ...ctx }, page);
        if (cache) slot.key = hashOf(options.templatesKey, JSON.stringify(slot.view));
      } catch {
        slot.view = undefined; // renderPage meets the same problem and reports it
      }
      const entry = cache?.pages.get(file);
      const previous = manifest[file];
      if (slot.key && entry && entry.view === slot.key && previous && previous[0] === entry.hash && previous[1] === entry.size && sizeOf(path.join(outDir, file)) === entry.size) {
        slot.done = { path: file, hash: entry.hash, copyFrom: path.join(outDir, file), origin };
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
      if (slot.done) {
        files.push(slot.done);
        continue;
      }
      const out = threaded && slot.view ? threaded[k++]! : renderPage(templates, ctx, slot.page, slot.view);
      if (out.diagnostic) {
        // One broken template breaks every page that uses it; report it once.
        if (!broken.has(out.diagnostic.file ?? '')) report(out.diagnostic);
        broken.add(out.diagnostic.file ?? '');
        continue;
      }
      const bytes = Buffer.from(out.html!);
      // The same digest the writer records in the output manifest.
      if (cache && slot.key) cache.pages.set(slot.file, { view: slot.key, hash: crypto.createHash('sha1').update(bytes).digest('base64url'), size: bytes.length });
      files.push({ path: slot.file, content: bytes, origin: slot.origin });
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
  return { files, reused };
}

/** Hash of every template file (assets excepted: they are copied, not rendered) and the template options. */
export function templatesKey(dir: string, strictVariables: boolean): string {
  const parts: string[] = [TOOL_VERSION, String(strictVariables)];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, e.name);
      if (e.isDirectory() && !(d === dir && e.name === 'assets')) walk(abs);
      else if (e.isFile()) parts.push(toPosix(path.relative(dir, abs)), fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(dir);
  return hashOf(...parts);
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
