import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readManifest, type OutputFile } from '../output/write-site.js';
import type { PagePlan } from '../site/page-plan.js';
import type { Templates } from '../templating/load-templates.js';
import { outputPathFor, renderPage } from '../templating/render-page.js';
import { TEMPLATE_FOR } from '../templating/load-templates.js';
import { LATEST_COUNT, pageView, pageWindow, type ViewContext } from '../templating/view-model.js';
import { toPosix } from '../util/paths.js';
import type { BuildCache } from './build-cache.js';
import { configKey, hashOf, TOOL_VERSION } from './hash.js';
import { fileHash } from '../util/file-hash.js';
import { stillThere, type PreviousOutput } from './wholes.js';
import { pageJob, workerCount, type PageResult, type PagesSetup, type RenderPool } from '../markdown/render-pool.js';

export interface PageRun {
  /** Pages whose template rendering was skipped because their view model and templates were unchanged. */
  reused: number;
}

export interface PageOptions {
  /** Takes each page's file as soon as it is rendered (or found unchanged), in plan order. */
  emit: (file: OutputFile) => void;
  /** Awaited after each window of pages is emitted: holds the loop back while the files wait to be written. */
  caughtUp?: () => Promise<void>;
  cache?: BuildCache;
  outDir: string;
  /** What each page type's rendering reads from templates/ (see `templatesKey`). */
  templatesKey: (type: PagePlan['type']) => string;
  /** Worker threads to render pages on; without, pages render in this thread. */
  pool?: RenderPool;
  /** Where the templates were loaded from, so worker threads can load the same ones. */
  setup: PagesSetup;
  onProgress?: (done: number, total: number) => void;
  /** The output folder as the last build left it; read from `outDir` when not given. */
  previous?: PreviousOutput;
  /** Each bulletin's version (plan order, see render-all.ts): lets unchanged pages be kept without building their view. */
  versions?: readonly string[];
  /**
   * Work of this thread that does not need the pages (feeds, sitemap, search index), run between
   * windows once the first windows are on their way to a worker thread, which renders them meanwhile:
   * tasks for about `TASK_TURN_MS` a turn, so the worker is handed its next window between them and
   * never waits for all.
   */
  alongside?: readonly (() => void)[];
}

/** Pages prepared and rendered at a time: with `AHEAD`, bounds the view models and HTML held at once. */
const WINDOW = 256;
/**
 * Windows the worker threads hold while this thread hands one to the writer. Three measured the same time as two
 * (4,000 cold: 0.99x) and held ~16 MiB more at 20,000, where peak memory has little margin.
 */
const AHEAD = 2;
/**
 * Time this thread gives to `alongside` tasks between two windows (at least one task). The worker's
 * two windows in hand last 150–250 ms at 4,000 bulletins; the feeds (25 tasks, 0.4 s in all) done one
 * a turn outlasted the windows, and done at once left the worker idle.
 */
const TASK_TURN_MS = 40;

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
  const { cache, onProgress, emit } = options;
  const previous = options.previous ?? { dir: options.outDir, manifest: cache ? readManifest(options.outDir) : {}, trusted: false };
  const inputs = cache && options.versions ? pageInputs(ctx, options.templatesKey, options.versions) : undefined;
  const broken = new Set<string>();
  let reused = 0;

  type Slot = { page: PagePlan; file: string; origin: string; view?: Record<string, unknown>; key?: string; inputs?: string; done?: OutputFile; here?: boolean; result?: PageResult };
  const prepare = (from: number): Slot[] =>
    pages.slice(from, from + WINDOW).map((page) => {
      const file = outputPathFor(page.url);
      const origin = page.type === 'article' ? ctx.plan.bulletins[page.bulletin]!.file : `the ${page.type} page ${page.url}`;
      const slot: Slot = { page, file, origin, inputs: inputs?.of(page) };
      const entry = cache?.pages.get(file);
      const kept = () => {
        slot.done = { path: file, hash: entry!.hash, copyFrom: path.join(previous.dir, file), origin };
        reused++;
        return slot;
      };
      // Made of the same inputs as when it was last written: its view model is the same too, so it is
      // neither built nor hashed.
      if (entry && slot.inputs !== undefined && entry.inputs === slot.inputs && stillThere(previous, file, entry.hash, entry.size)) return kept();
      try {
        slot.view = pageView({ ...ctx }, page);
        // The view's own hash serves when the inputs changed in a way the page does not show (a related
        // bulletin's body): it is worth its cost (the view as JSON, body included) only when there is a
        // page to compare with. A page met for the first time is named by its inputs alone.
        if (cache && (entry || slot.inputs === undefined)) slot.key = hashOf(options.templatesKey(page.type), JSON.stringify(slot.view));
      } catch {
        slot.view = undefined; // renderPage meets the same problem and reports it
      }
      if (entry && slot.key !== undefined && entry.view === slot.key && stillThere(previous, file, entry.hash, entry.size)) return kept();
      return slot;
    });
  const share = new SharedRendering();
  const tasks = [...(options.alongside ?? [])];
  const runTasks = () => {
    const start = performance.now();
    do tasks.shift()?.();
    while (tasks.length > 0 && performance.now() - start < TASK_TURN_MS);
  };
  const render = (slots: Slot[], shared: boolean): Promise<PageResult[] | undefined> => {
    const jobs = slots.filter((s) => !s.done && s.view);
    const threads = jobs.length > 0 && options.pool ? workerCount(jobs.length, pages.length) : 0;
    if (threads === 0) return Promise.resolve(undefined);
    // Beside one worker thread, the last part of the window is rendered by this thread (see SharedRendering).
    const sent = jobs.length - (threads === 1 && shared ? share.here(jobs.length) : 0);
    jobs.slice(sent).forEach((s) => (s.here = true));
    // The thread count decided for the whole window: the part sent alone may be too small to ask for one.
    return options.pool!.pages(jobs.slice(0, sent).map((s) => pageJob(s.page, s.view!, templates.strings)), options.setup, pages.length, threads);
  };
  const renderHere = (slots: Slot[]) => {
    for (const slot of slots) if (slot.here) slot.result = renderPage(templates, ctx, slot.page, slot.view);
  };
  const finish = (slots: Slot[], threaded: PageResult[] | undefined) => {
    let k = 0;
    for (const slot of slots) {
      if (slot.done) {
        const entry = cache?.pages.get(slot.file);
        if (entry && entry.inputs !== slot.inputs) cache!.pages.set(slot.file, { ...entry, inputs: slot.inputs });
        emit(slot.done);
        continue;
      }
      const out: PageResult = slot.result ?? (threaded && slot.view ? threaded[k++]! : renderPage(templates, ctx, slot.page, slot.view));
      slot.result = undefined;
      if (out.diagnostic) {
        // One broken template breaks every page that uses it; report it once.
        if (!broken.has(out.diagnostic.file ?? '')) report(out.diagnostic);
        broken.add(out.diagnostic.file ?? '');
        continue;
      }
      const bytes = out.bytes ?? Buffer.from(out.html!);
      // The same digest the writer records in the output manifest (a worker thread sends it along).
      const hash = out.hash ?? fileHash(bytes);
      // Recorded only once rendered: a page whose template fails must fail again next time, not pass as unchanged.
      if (cache && (slot.key !== undefined || slot.inputs !== undefined)) {
        cache.pages.set(slot.file, { view: slot.key ?? '', inputs: slot.inputs, hash, size: bytes.length });
      }
      emit({ path: slot.file, content: bytes, hash, origin: slot.origin });
    }
  };

  // The worker threads render the next AHEAD windows while this thread hands one to the writer and
  // waits for it to catch up, so they do not wait for the writing (which takes longer than rendering).
  const inFlight: { slots: Slot[]; rendering: Promise<PageResult[] | undefined>; shared: boolean }[] = [];
  let prepared = 0;
  const dispatch = () => {
    // While this thread still has tasks, a window goes to the worker whole.
    const shared = tasks.length === 0;
    const slots = prepare(prepared);
    prepared += WINDOW;
    inFlight.push({ slots, rendering: render(slots, shared), shared });
  };
  dispatch();
  for (let from = 0; from < pages.length; from += WINDOW) {
    onProgress?.(from, pages.length);
    const { slots, rendering, shared } = inFlight.shift()!;
    while (inFlight.length < AHEAD && prepared < pages.length) dispatch();
    runTasks();
    renderHere(slots);
    const waitStart = performance.now();
    const threaded = await rendering;
    // Only a window this thread shared says whether its share was right.
    if (shared) share.adjust(performance.now() - waitStart);
    finish(slots, threaded);
    await options.caughtUp?.();
  }
  for (const task of tasks) task();
  onProgress?.(pages.length, pages.length);
  return { reused };
}

/**
 * How much of each window of pages this thread renders itself while one worker thread renders the
 * rest. This thread otherwise only prepares view models and hands files to the writer, and waited
 * half of the pages stage (0.9 s of 1.75 s at 4,000 cold, on the worker and on the disk). The share
 * follows the wait: when this thread finds the worker's part of a window done already, it took too
 * much; when it waits for it, too little. Which thread renders a page never changes its bytes: both
 * load the same templates and render the same view.
 */
export class SharedRendering {
  /** Fraction of a window's pages rendered here; starts low, since the worker is warm and this thread is not. */
  private fraction = 0.2;

  /** Pages of `jobs` to render here. */
  here(jobs: number): number {
    return Math.round(jobs * this.fraction);
  }

  /** `waitedMs`: how long this thread then waited for the worker's part of the window. */
  adjust(waitedMs: number): void {
    const step = 0.03;
    this.fraction = Math.min(MAX_SHARE, Math.max(0, this.fraction + (waitedMs > WAITED_MS ? step : -step)));
  }
}
/** Never more than this share here: the main thread also writes, and a worker that waits is wasted. */
const MAX_SHARE = 0.6;
/** A wait shorter than this is only the message being read: the worker's part was done already. */
const WAITED_MS = 2;

/**
 * What a page's view model is made of, as a hash that is equal exactly when the inputs are: the
 * templates it uses, the build-wide inputs (config, tag addresses, attachment sizes), the page's own
 * plan entry, and the bulletins it shows, each named by its version (which stands for all its fields
 * and its rendering). Kept with the page in the cache, so a warm build in a new process keeps every
 * unchanged page without building or hashing its view.
 */
function pageInputs(ctx: ViewContext, templates: (type: PagePlan['type']) => string, versions: readonly string[]): { of(page: PagePlan): string } {
  const { plan, config } = ctx;
  // Pages other than the tag list and sitemap (which `structure` covers) read a tag's address by its
  // name, never the list's order, which follows the tags' counts: by name, so that a new bulletin that
  // moves a tag up the list does not make every page's inputs new.
  const tagAddresses = plan.tags.map((t) => [t.name, t.url]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const site = hashOf(configKey(config), JSON.stringify(tagAddresses), JSON.stringify([...ctx.attachmentSizes].sort()));
  const count = (x: { items: unknown[] }) => x.items.length;
  const structure = hashOf(
    JSON.stringify(plan.years.map((y) => [y.year, y.url, count(y), y.months.map((m) => [m.month, m.url, count(m)])])),
    JSON.stringify([plan.agencies, plan.tags].map((terms) => terms.map((t) => [t.name, t.url, count(t)]))),
  );
  const id = (i: number | undefined) => (i === undefined ? '-' : versions[i]!);
  const inputsOf = (page: PagePlan): string => {
    switch (page.type) {
      case 'article': {
        const i = page.bulletin;
        return [page.url, id(i), id(page.newer), id(page.older), id(plan.interprets[i]), plan.related[i]!.map(id).join(','), plan.interpretations[i]!.map(id).join(',')].join('|');
      }
      case 'list': {
        // Not the whole `urls` (every page of the list, on every page: quadratic in the list's length),
        // only the addresses the page links to: previous, next and the numbered window.
        const { urls, items, ...rest } = page;
        const linked = [page.page - 2, page.page, ...pageWindow(page.page, page.total).map((n) => n - 1)].map((k) => urls[k] ?? '');
        return JSON.stringify({ ...rest, items: items.map(id), linked });
      }
      case 'archives':
      case 'agencies':
      case 'tags':
      case 'sitemap':
        return `${page.type}|${page.url}|${structure}`;
      default:
        // The other index pages show the newest bulletins.
        return `${page.type}|${page.url}|${plan.bulletins.slice(0, LATEST_COUNT).map((_, i) => id(i)).join(',')}`;
    }
  };
  return { of: (page) => hashOf(templates(page.type), site, inputsOf(page)) };
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
