import fs from 'node:fs';
import path from 'node:path';
import { BuildFailure, error, hasErrors, sortDiagnostics, warning, type Diagnostic } from './diagnostics.js';
import type { Config } from './config/config.js';
import { loadConfig } from './config/load-config.js';
import { builtinTemplatesDir, resolveConfig, type ConfigOverrides } from './config/resolve-config.js';
import type { Bulletin, SourceFile, WithBody } from './content/bulletin.js';
import { discover } from './content/discover.js';
import { parseNow } from './content/dates.js';
import { renderBulletins, type RenderedBulletin } from './markdown/render-all.js';
import type { SiteLinks } from './markdown/render-deps.js';
import { RenderPool, workerCount, type EarlyMarkdown } from './markdown/render-pool.js';
import { CODE_PATH, noteCodePath } from './util/code-paths.js';
import { createBuildCache, keepSlugs, openCache, rejectedFiles, saveBodiesAgain, saveCache, saveRenderings, saveSources, termStore, type BuildCache } from './cache/build-cache.js';
import { takeSlugsAsked } from './content/slugify.js';
import { loadContentCached } from './cache/load-cached.js';
import { markdownStore } from './cache/markdown-store.js';
import { renderPages, templatesKey } from './cache/page-cache.js';
import { SearchTermLists, searchIndex } from './search/index.js';
import { assignPermalinks, checkPermalinkPattern, permalinkFor } from './site/permalinks.js';
import { byNewest, isShown, planSite } from './site/plan-site.js';
import type { FeedPlan, SitePlan } from './site/page-plan.js';
import { loadTemplates, type Templates } from './templating/load-templates.js';
import { renderFeed, renderSitemap } from './templating/render-feeds.js';
import { wholeFiles, relatedMemo, type PreviousOutput } from './cache/wholes.js';
import { configKey } from './cache/hash.js';
import type { RenderedParts, ViewContext } from './templating/view-model.js';
import { OutputAhead } from './output/output-ahead.js';
import { checkOutDir, CollisionCheck, readManifest, SiteWriter, writeSiteInPlace, type Manifest, type OutputFile, type WriteResult } from './output/write-site.js';
import { isInside, toPosix } from './util/paths.js';
import { unsafeSvgReason } from './content/check-svg.js';
import { emblemPath } from './templating/view-model.js';

export interface BuildOptions extends Omit<ConfigOverrides, 'now'> {
  /** The site folder (holds the config, content/ and templates/). */
  root: string;
  /** "Now" for embargoes: epoch ms, or a date-time text read in the site's time zone; defaults to the real clock. */
  now?: number | string;
  /** False for `bulletin check`: validate and render everything, write nothing. */
  write?: boolean;
  /** Report undefined template variables (check mode). */
  strictTemplates?: boolean;
  /**
   * What to reuse from earlier builds. By default each build opens the site's `.bulletin-cache/`
   * (parsed bulletins, rendered Markdown, which pages are unchanged) and saves it afterwards; `false`
   * builds from scratch and saves nothing. Pass one object from `createBuildCache()` to successive
   * calls in one process (watch mode) to keep it in memory as well: a rebuild then re-reads only
   * files whose mtime or size changed, re-renders only Markdown whose bulletin or link targets
   * changed, and re-renders only pages whose view data or templates changed. Output is byte-identical
   * to a build without a cache; a corrupt or stale cache on disk is ignored.
   */
  cache?: BuildCache | false;
  /** Called as long stages advance (stage name, items done, items in all), for a progress display. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * `swap` (the default) builds the new output beside the old and swaps it in, linking unchanged
   * files; `fresh` swaps too but writes every file anew, trusting nothing in the old folder;
   * `in-place` updates the folder file by file (the development server's folder, see
   * writeSiteInPlace), with `manifest` the caller's copy of its manifest.
   */
  writeMode?: 'swap' | 'fresh' | 'in-place';
  manifest?: Manifest;
  /**
   * When it reads aborted (an AbortSignal, or a flag shared with another thread), the build stops
   * before its next stage and writes nothing (`aborted` in the result).
   */
  signal?: { readonly aborted: boolean };
  /** Keep what the build made (plan, renderings, templates) in `snapshot`, for quick updates in watch mode. */
  keepSnapshot?: boolean;
}

/** What a finished build knew, so that watch mode can re-render a few pages without planning again. */
export interface SiteSnapshot {
  config: Config;
  plan: SitePlan;
  /** Renderings, indexed like `plan.bulletins`. */
  rendered: RenderedBulletin[];
  /** Every file found under content/ by absolute path. */
  sources: ReadonlyMap<string, SourceFile>;
  /** The link tables the Markdown was rendered against. */
  links: SiteLinks;
  templates: Templates;
  view: ViewContext;
}

export interface StageTiming {
  stage: string;
  ms: number;
  /** V8 heap in use when the stage ended. */
  heapMB: number;
  /** Resident set size of the process when the stage ended (worker threads included). */
  rssMB: number;
  /** Items of the stage taken from the cache, and in all, when the stage uses it. */
  reused?: number;
  total?: number;
  /** The stage ran inside another one (its time is part of that stage's): named here. */
  within?: string;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  config?: Config;
  plan?: SitePlan;
  bulletinsRead: number;
  pages: number;
  files: number;
  write?: WriteResult;
  timings: StageTiming[];
  /** The build stopped early because `signal` fired; nothing was written. */
  aborted?: boolean;
  /** Files of `.bulletin-cache/` found corrupt or from another version, and so ignored (see rejectedFiles). */
  cacheRejected?: number;
  snapshot?: SiteSnapshot;
}

/**
 * The one place that runs the stages in order: config → discover → load → permalinks → Markdown →
 * plan → pages, feeds, sitemap → write. Each stage returns values; problems are collected, and the
 * output folder is touched only when there are none.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // Worker threads are shared by the Markdown and page stages and never outlive the build.
  const pool = new RenderPool();
  // An output folder prepared ahead (see output-ahead.ts) is removed unless the writer took it, and
  // cache files still being written are let finish, however the build ends (the next may read them).
  const ahead: Ahead = { cacheWrites: [] };
  try {
    return await runStages(options, pool, ahead);
  } finally {
    await Promise.all([pool.close(), ahead.output?.discard(), ...ahead.cacheWrites.map((p) => p.catch(() => {}))]);
  }
}

/** What a build started that must be finished or undone when it ends (see `build`). */
interface Ahead {
  output?: OutputAhead;
  cacheWrites: Promise<unknown>[];
}

async function runStages(options: BuildOptions, pool: RenderPool, ahead: Ahead): Promise<BuildResult> {
  const timings: StageTiming[] = [];
  const diagnostics: Diagnostic[] = [];
  let opened: BuildCache | undefined;
  const result = (extra: Partial<BuildResult> = {}): BuildResult => ({
    ok: !hasErrors(diagnostics),
    diagnostics: sortDiagnostics(diagnostics),
    bulletinsRead: 0,
    pages: 0,
    files: 0,
    timings,
    ...(opened ? { cacheRejected: rejectedFiles(opened) } : {}),
    ...extra,
  });
  // Checked between stages: a newer change makes the rest of this build wasted work.
  const aborted = () => options.signal?.aborted === true;
  const stage = <T>(name: string, run: () => T): T => {
    const start = performance.now();
    options.onProgress?.(name, 0, 0);
    const value = run();
    timings.push(timing(name, start));
    return value;
  };

  const config = stage('config', () => {
    const loaded = loadConfig(options.root);
    diagnostics.push(...loaded.diagnostics);
    if (!loaded.parsed) return undefined;
    let now = typeof options.now === 'number' ? options.now : Date.now();
    if (typeof options.now === 'string') {
      const parsed = parseNow(options.now, loaded.parsed.timezone);
      if (!parsed.ok) {
        diagnostics.push(error(parsed.message, { field: '--now' }));
        return undefined;
      }
      now = parsed.date.epochMs;
    }
    const resolved = resolveConfig(options.root, loaded.parsed, { ...options, now }, loaded.file);
    diagnostics.push(...resolved.diagnostics, ...checkPermalinkPattern(loaded.parsed.permalink, loaded.file));
    return resolved.config;
  });
  if (!config || hasErrors(diagnostics)) return result();
  const write = options.write ?? true;
  if (write) diagnostics.push(...checkOutDir(config.outDir, config));
  diagnostics.push(...checkEmblem(config));
  if (hasErrors(diagnostics)) return result({ config });

  const cache = options.cache === false ? undefined : (options.cache ?? createBuildCache());
  takeSlugsAsked(); // counted from here: the slugs this build asks for are kept for the next (keepSlugs)
  if (cache) stage('cache', () => openCache(cache, config.cacheDir));
  noteCodePath(cache && cache.stats.size > 0 ? CODE_PATH.WARM : CODE_PATH.COLD);
  opened = cache;
  const progress = (name: string) => options.onProgress && ((done: number, total: number) => options.onProgress!(name, done, total));

  const sources = stage('discover', () => {
    const found = discover(config.root, config.contentDir);
    diagnostics.push(...found.diagnostics);
    return found.files;
  });
  // A build with no renderings cached renders every bulletin: its threads start while the content loads,
  // and with one thread, it renders each bulletin shown as it loads (links are checked again after).
  const markdownFiles = sources.filter((s) => s.kind === 'markdown').length;
  const attachmentPaths = new Set(sources.flatMap((s) => (s.kind === 'attachment' ? [s.contentPath] : [])));
  let early: EarlyMarkdown | undefined;
  if (!cache || cache.markdown.size === 0) {
    pool.warmUp(markdownFiles);
    early = pool.early(markdownFiles, config.allowHtml, { bulletinUrls: new Map(), unpublished: new Map(), attachments: attachmentPaths });
  }
  const earlyRender = early && ((b: WithBody) => isShown(b, config.flags) && early.add({ ...b, url: permalinkFor(config.permalink, b) }));
  let start = performance.now();
  options.onProgress?.('load', 0, 0);
  const loaded = await loadContentCached(sources, config, cache, progress('load'), earlyRender);
  timings.push(timing('load', start));
  diagnostics.push(...loaded.diagnostics);
  Object.assign(timings.at(-1)!, { reused: loaded.reused, total: loaded.reused === undefined ? undefined : loaded.bulletins.length });
  // The bodies just read go to the cache while the Markdown renders, so that they can be let go after it.
  const savingSources = write && cache && !hasErrors(diagnostics) ? cacheWrite(ahead, saveSources(cache)) : undefined;
  // Some bulletin changed (or nothing was cached): the build will most likely swap in a new output
  // folder, which is prepared on another core meanwhile.
  const outputManifest = write && (options.writeMode ?? 'swap') === 'swap' ? readManifest(config.outDir) : undefined;
  if (outputManifest && (loaded.reused === undefined || loaded.reused < loaded.bulletins.length)) ahead.output = OutputAhead.start(config.outDir, outputManifest);
  const shown = stage('permalinks', () => {
    const assigned = assignPermalinks(config.permalink, loaded.bulletins.filter((b) => isShown(b, config.flags)));
    diagnostics.push(...assigned.diagnostics);
    return assigned.bulletins;
  });
  // Hidden bulletins still resolve references (to say "is a draft" rather than "names nothing").
  const hidden = loaded.bulletins.filter((b) => !isShown(b, config.flags));
  const attachments = new Map(sources.filter((s) => s.kind === 'attachment').map((s) => [s.contentPath, s] as const));
  diagnostics.push(...checkAttachments(shown, attachments));

  // Markdown first: related articles in the plan compare the term vectors rendering produces.
  const ordered = [...shown].sort(byNewest);
  start = performance.now();
  options.onProgress?.('markdown', 0, ordered.length);
  // Search terms are counted as renderings come in, while this thread would wait on the worker threads.
  const searchTerms = config.flags.search ? new SearchTermLists(write && cache ? termStore(cache) : undefined) : undefined;
  const bodies = await renderBulletins(ordered, config, attachmentPaths, hidden, {
    store: cache && markdownStore(cache.markdown, cache.bodies),
    sourceKeys: loaded.keys,
    bodyOf: loaded.bodyOf,
    onProgress: progress('markdown'),
    whileWaiting: searchTerms && ((b, r) => searchTerms.add(b, r)),
    pool,
    early,
  });
  timings.push({ ...timing('markdown', start), ...(cache ? { reused: bodies.reused, total: ordered.length } : {}) });
  await savingSources?.catch(() => {});
  forgetBodies(loaded.bulletins, shown);
  diagnostics.push(...bodies.diagnostics);
  if (aborted()) return result({ aborted: true });
  const versionOf = bodies.versions && new Map(bodies.versions.map((v, i) => [ordered[i]!.file, v] as const));
  const { plan, rendered, relatedKept } = stage('plan', () => {
    const byFile = new Map(bodies.rendered.map((r, i) => [ordered[i]!.file, r] as const));
    const sourceOf = bodies.keys && new Map(bodies.keys.map((k, i) => [ordered[i]!.file, k] as const));
    const related = cache ? relatedMemo(cache, versionOf, sourceOf) : undefined;
    const planned = planSite([...shown, ...hidden], config, new Map([...byFile].map(([file, r]) => [file, r.terms] as const)), related);
    diagnostics.push(...planned.diagnostics);
    return { plan: planned.plan, rendered: planned.plan.bulletins.map((b) => byFile.get(b.file)!), relatedKept: planned.relatedKept };
  });
  // The plan's reuse is its related lists': kept whole, or all but those an edit reaches.
  if (relatedKept !== undefined) Object.assign(timings.at(-1)!, { reused: relatedKept, total: plan.bulletins.length });
  const versions = versionOf && plan.bulletins.map((b) => versionOf.get(b.file)!);
  if (hasErrors(diagnostics)) return result({ config, plan, bulletinsRead: loaded.bulletins.length });
  if (aborted()) return result({ aborted: true });
  // Nothing asks for a rendering from here on: their cache is written while the pages are made, its
  // shards serialized whenever this thread waits (0.45 s at 4,000 bulletins, that once came after the pages).
  let savingRenderings = write && cache ? cacheWrite(ahead, saveRenderings(cache)) : undefined;

  // Files go straight into the new output folder as they are made (a normal build: the site is never
  // held in memory whole, and nothing is visible until the swap), or into a list (check mode, and the
  // development folder, which is updated in place and so only once the whole build has succeeded).
  const previous = write ? previousOutput(config.outDir, options, outputManifest) : undefined;
  // With at most one worker thread rendering the pages, this thread mostly waits on it and on the
  // disk: the search index is built meanwhile (with two, both cores are busy, and the index would
  // sit beside the workers' heaps: it waits until they are gone).
  const besidePages = workerCount(plan.pages.length) <= 1;
  let searchFiles: OutputFile[] | undefined;
  let searchRun: { reused: number; total: number } | undefined;
  let searchMs = 0;
  let searchWithin: string | undefined;
  /** `within`: the stage it runs inside, if any. */
  const makeSearchIndex = (within?: string) => {
    const begun = performance.now();
    searchFiles = wholeFiles(write ? cache : undefined, previous, 'search', () => versions?.join(','), () => (searchRun = searchIndex(plan, rendered, undefined, searchTerms)).files, 'the search index');
    searchMs = performance.now() - begun;
    searchWithin = within;
  };
  // Any wait for the folder prepared ahead counts in the pages stage. While it is still being made (a
  // first change after a full build: thousands of folders and links), this thread would only wait:
  // the search index is built first.
  start = performance.now();
  if (ahead.output && !ahead.output.settled && besidePages && config.flags.search) makeSearchIndex('pages');
  const prepared = ahead.output && (await ahead.output.ready()) ? ahead.output : undefined;
  if (previous && prepared) previous.linked = prepared.linked;
  const sink = new OutputSink(
    write && options.writeMode !== 'in-place' ? new SiteWriter(config.outDir, { previous: previous?.manifest, stats: previous?.stats, parallel: true, ahead: prepared }) : undefined,
  );
  try {
    const output = await renderOutput(config, plan, rendered, attachments, diagnostics, {
      pool,
      strictTemplates: options.strictTemplates,
      cache: write ? cache : undefined,
      previous,
      versions,
      emit: (f) => sink.add(f),
      caughtUp: () => sink.caughtUp(),
      onProgress: progress('pages'),
      besidePages,
      alongside: besidePages && config.flags.search && !searchFiles ? [() => makeSearchIndex('pages')] : undefined,
    });
    // renderOutput closed the worker threads after the last page; not when the templates failed to
    // load before any page: their memory goes back before the search index is built.
    await pool.close();
    timings.push({ ...timing('pages', start), ...(output.reused === undefined ? {} : { reused: output.reused, total: plan.pages.length }) });
    if (aborted()) return result({ aborted: true });
    // Bodies rendered again while the pages were made (their shard was lost) are written too.
    if (savingRenderings && cache) savingRenderings = cacheWrite(ahead, savingRenderings.then(() => saveBodiesAgain(cache)));
    if (config.flags.search) {
      start = performance.now();
      if (!searchFiles) makeSearchIndex();
      const search = searchRun as { reused: number; total: number } | undefined;
      // Kept whole: the term lists it was made from stay in the cache for the next change.
      if (!search && write && cache) termStore(cache).keepAll();
      searchFiles!.forEach((f) => sink.add(f));
      // The time it took, also when that was while the pages rendered (then part of the pages stage's time).
      timings.push({ ...timing('search', start), ms: searchMs, within: searchWithin, ...(search ? { reused: search.reused, total: search.total } : { reused: 1, total: 1 }) });
    }
    diagnostics.push(...sink.diagnostics);
    const pages = plan.pages.length;
    if (hasErrors(diagnostics) || !write) return result({ config, plan, bulletinsRead: loaded.bulletins.length, pages, files: sink.count });
    if (aborted()) return result({ aborted: true });

    let written: WriteResult | undefined;
    await sink.ready();
    try {
      written = stage('write', () => (options.writeMode === 'in-place' ? writeSiteInPlace(config.outDir, sink.files, { manifest: options.manifest }) : sink.commit()));
    } catch (cause) {
      diagnostics.push(error(`The site could not be written: ${(cause as Error).message}. The previous output folder was left as it was.`));
    }
    // Saved only after a successful write: page entries describe files that are now in the output folder.
    if (cache && written) {
      start = performance.now();
      options.onProgress?.('save cache', 0, 0);
      try {
        await savingSources;
        await savingRenderings;
        keepSlugs(cache, loaded.bulletins.map((b) => b.agency));
        saveCache(cache);
      } catch (cause) {
        // The site is written; a cache is only ever a head start (files it could not finish are ignored when read).
        diagnostics.push(warning(`The build cache could not be saved: ${(cause as Error).message}. The site was written; the next build may take longer.`));
      }
      timings.push(timing('save cache', start));
    }
    const snapshot: SiteSnapshot | undefined =
      options.keepSnapshot && written && output.templates && output.view
        ? { config, plan, rendered, sources: new Map(sources.map((s) => [s.absPath, s] as const)), links: bodies.links, templates: output.templates, view: output.view }
        : undefined;
    return result({ config, plan, bulletinsRead: loaded.bulletins.length, pages, files: sink.count, write: written, snapshot });
  } finally {
    await sink.discard(); // after a commit there is nothing left to discard
  }
}

/**
 * Cache files written in the background: `build` lets them finish however the build ends, so the next
 * build never starts while they are being written. A failure is reported where the save stage awaits
 * the write (a build that ends before it has nothing to report it in).
 */
function cacheWrite(ahead: Ahead, writing: Promise<void>): Promise<void> {
  writing.catch(() => {});
  ahead.cacheWrites.push(writing);
  return writing;
}

/**
 * Once the Markdown is rendered nothing reads a bulletin's body: it is dropped from the bulletins, which
 * live to the end of the build (each body holds its whole file's text: with the cache's copy, some 70 MB
 * of a cold build's peak at 20,000 bulletins).
 * A bulletin without one is what the cache gives a warm build, and a later rendering reads the body
 * back (see `bodyOf` in cache/load-cached.ts). Set to undefined, not deleted, so the objects keep their shape.
 */
function forgetBodies(...lists: Bulletin[][]): void {
  for (const list of lists) for (const b of list) b.body = undefined;
}

/**
 * Where a build's files go: checked for collisions as they come, then handed to the writer or kept.
 * A write that fails (a full disk) becomes one problem, and the files after it are only counted.
 */
class OutputSink {
  readonly files: OutputFile[] = [];
  readonly diagnostics: Diagnostic[] = [];
  count = 0;
  private readonly collisions = new CollisionCheck();
  private failed = false;

  constructor(private readonly writer?: SiteWriter) {}

  add(f: OutputFile): void {
    this.count++;
    const problems = this.collisions.check(f);
    this.diagnostics.push(...problems);
    if (problems.length > 0 || this.failed) return;
    if (!this.writer) {
      this.files.push(f);
      return;
    }
    try {
      this.writer.add(f);
    } catch (cause) {
      this.failed = true;
      this.diagnostics.push(error(`The site could not be written: ${(cause as Error).message}. The previous output folder was left as it was.`));
    }
  }

  ready(): Promise<void> {
    return this.writer?.ready() ?? Promise.resolve();
  }

  caughtUp(): Promise<void> {
    return this.writer?.caughtUp() ?? Promise.resolve();
  }

  commit(): WriteResult {
    return this.writer!.commit();
  }

  discard(): Promise<void> {
    return this.writer?.discard() ?? Promise.resolve();
  }
}

function timing(stage: string, start: number): StageTiming {
  const memory = process.memoryUsage();
  return { stage, ms: performance.now() - start, heapMB: memory.heapUsed / 1048576, rssMB: memory.rss / 1048576 };
}

/** Attachments named in front matter must exist next to the bulletin. */
function checkAttachments(bulletins: readonly Bulletin[], attachments: ReadonlyMap<string, SourceFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const b of bulletins) {
    for (const a of b.attachments) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(a.href)) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(b.contentPath), a.href));
      if (!attachments.has(target)) {
        out.push(error(`"${a.href}" is not a file next to this bulletin (looked for content/${target}).`, { file: b.file, field: 'attachments' }));
      }
    }
  }
  return out;
}

/** Every file of the site, in memory, planned and rendered before anything is written. */
async function renderOutput(
  config: Config,
  plan: SitePlan,
  rendered: readonly RenderedParts[],
  attachments: ReadonlyMap<string, SourceFile>,
  diagnostics: Diagnostic[],
  options: {
    strictTemplates?: boolean;
    cache?: BuildCache;
    previous?: PreviousOutput;
    /** Each bulletin's version, plan order (see render-all.ts); with a cache, what tells unchanged output. */
    versions?: readonly string[];
    pool: RenderPool;
    /** Takes each file as soon as it is made. */
    emit: (file: OutputFile) => void;
    /** Awaited between windows of pages: lets the files emitted be written before more are made. */
    caughtUp?: () => Promise<void>;
    onProgress?: (done: number, total: number) => void;
    /** Feeds and sitemap are made while the pages render (see renderPages' `alongside`), not after. */
    besidePages?: boolean;
    /** More work for this thread while the pages render, a task per window (see renderPages). */
    alongside?: readonly (() => void)[];
  },
): Promise<{ reused?: number; templates?: Templates; view?: ViewContext }> {
  const strict = options.strictTemplates ?? false;
  const loaded = loadTemplates(config.templatesDir, config.root, { strictVariables: strict });
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.templates) return {};
  const sizes = new Map([...attachments].map(([p, s]) => [p, s.size] as const));
  const ctx: ViewContext = { config, plan, rendered, strings: loaded.templates.strings, attachmentSizes: sizes };
  const { cache, previous, versions } = options;
  // Each feed kept or made on its own: a new or edited recent bulletin changes the site's feed and its
  // agency's, not the other agencies'.
  const feed = (f: FeedPlan) => wholeFiles(cache, previous, `feed ${f.rss}`, () => versions && feedInputs(config, f, versions), () => renderFeed(config, plan, rendered, f), 'the feeds');
  const sitemap = () => wholeFiles(cache, previous, 'sitemap', () => sitemapInputs(config, plan), () => renderSitemap(config, plan, plan.pages.map((p) => p.url)), 'the sitemap');
  // Made early, emitted after the pages as always (so a clash of paths is reported the same way). A
  // task per feed: all of them at once (25 feeds, 50 files, at 4,000 bulletins: 0.4 s) outlasted the windows of
  // pages the worker thread had been handed.
  const earlyFeeds: (OutputFile[] | undefined)[] = [];
  let earlySitemap: OutputFile[] | undefined;
  const alongside = options.besidePages
    ? [...plan.feeds.map((f, k) => () => void (earlyFeeds[k] = feed(f))), () => void (earlySitemap = sitemap()), ...(options.alongside ?? [])]
    : options.alongside;
  const pages = await renderPages(loaded.templates, ctx, plan.pages, (d) => diagnostics.push(d), {
    emit: options.emit,
    caughtUp: options.caughtUp,
    cache: options.cache,
    pool: options.pool,
    setup: { templatesDir: config.templatesDir, root: config.root, strictVariables: strict },
    outDir: config.outDir,
    templatesKey: options.cache ? templatesKey(config.templatesDir, strict) : () => '',
    previous: options.previous,
    versions: options.versions,
    onProgress: options.onProgress,
    alongside,
  });
  // No page is left for the worker threads: their heaps go before the feeds and sitemap are made here
  // (with two threads at 20,000 bulletins the build's peak memory was reached just then).
  await options.pool.close({ keepCodeCache: true });
  [...plan.feeds.flatMap((f, k) => earlyFeeds[k] ?? feed(f)), ...(earlySitemap ?? sitemap())].forEach(options.emit);
  const published = copyAttachments(plan, rendered, attachments);
  diagnostics.push(...checkSvgAttachments(published));
  [...published, ...copyAssets(config), ...copyEmblem(config)].forEach(options.emit);
  // By site path (no leading slash, as in the search index): slugs repeat across months, paths never do.
  const sitePath = (i: number) => plan.bulletins[i]!.url.replace(/^\//, '');
  const related = Object.fromEntries(plan.bulletins.map((_, i) => [sitePath(i), plan.related[i]!.map(sitePath)]));
  options.emit({ path: 'related.json', content: `${JSON.stringify(related, null, 1)}\n`, origin: 'related articles' });
  options.emit({ path: '.bulletin/schedule.json', content: `${JSON.stringify({ nextRelease: plan.nextRelease ?? null, nextExpiry: plan.nextExpiry ?? null }, null, 1)}\n`, origin: 'the schedule' });
  return { reused: options.cache ? pages.reused : undefined, templates: loaded.templates, view: ctx };
}

/** What the feeds read: the settings, and the bulletins of each feed (by version: all their fields and text). */
function feedInputs(config: Config, feed: FeedPlan, versions: readonly string[]): string {
  return JSON.stringify([configKey(config), { ...feed, items: feed.items.map((i) => versions[i]) }]);
}

/** The output folder as the previous build left it: its manifest, kept in memory in watch mode. */
function previousOutput(outDir: string, options: BuildOptions, manifest?: Manifest): PreviousOutput {
  if (options.writeMode === 'in-place') return { dir: outDir, manifest: options.manifest ?? readManifest(outDir), trusted: options.manifest !== undefined };
  return { dir: outDir, manifest: options.writeMode === 'fresh' ? {} : (manifest ?? readManifest(outDir)), trusted: false, stats: new Map() };
}

/** What the sitemap reads: addresses, dates and status, not titles or text (so a retitle keeps it). */
function sitemapInputs(config: Config, plan: SitePlan): string {
  const bulletins = plan.bulletins.map((b) => `${b.url} ${(b.updated ?? b.date).iso} ${b.status} ${b.withdrawn ? 'withdrawn' : ''}`);
  const lists = plan.pages.flatMap((p) => (p.type === 'list' ? [`${p.url} ${p.urls[0]} ${p.items.join(',')}`] : []));
  return [config.url, ...bulletins, ...plan.pages.map((p) => p.url), ...lists].join('\n');
}

/** Only attachments that a shown bulletin uses are published: an embargoed bulletin's PDF stays private. */
function copyAttachments(plan: SitePlan, rendered: readonly RenderedParts[], attachments: ReadonlyMap<string, SourceFile>): OutputFile[] {
  const used = new Set<string>();
  plan.bulletins.forEach((b, i) => {
    rendered[i]!.attachmentsUsed.forEach((p) => used.add(p));
    for (const a of b.attachments) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(a.href)) used.add(path.posix.normalize(path.posix.join(path.posix.dirname(b.contentPath), a.href)));
    }
  });
  return [...used].sort().flatMap((p) => {
    const source = attachments.get(p);
    return source ? [{ path: p, copyFrom: source.absPath, origin: source.file, source: source.file }] : [];
  });
}

/** SVG files are documents that can run scripts when opened at their own address: only clean ones go out. */
function checkSvgAttachments(files: readonly OutputFile[]): Diagnostic[] {
  return files.flatMap((f) => {
    if (!/\.svgz?$/i.test(f.path) || f.copyFrom === undefined) return [];
    const reason = /\.svgz$/i.test(f.path) ? 'is compressed, so it cannot be checked for scripts' : unsafeSvgReason(fs.readFileSync(f.copyFrom, 'utf8'));
    return reason ? [error(`${reason}, and an SVG is published as a page of the site, where a script would run.`, { file: f.origin, hint: 'Export the image again without scripts or links, or publish it as PNG.' })] : [];
  });
}

/** The emblem (`site.emblem`) is a file in the site folder, published as assets/site/<name>. */
function checkEmblem(config: Config): Diagnostic[] {
  const emblem = config.site.emblem;
  if (emblem === undefined) return [];
  const abs = path.resolve(config.root, emblem);
  const where = { file: config.configFile, field: 'site.emblem' };
  if (!isInside(config.root, abs)) return [error(`"${emblem}" is outside the site folder.`, { ...where, hint: 'Put the emblem image in the site folder and give its path from there, e.g. emblem.png.' })];
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) return [error(`"${emblem}" is not a file in the site folder.`, { ...where, hint: 'Give the path of the emblem image from the site folder, e.g. images/emblem.png.' })];
  return [];
}

function copyEmblem(config: Config): OutputFile[] {
  const emblem = config.site.emblem;
  if (emblem === undefined) return [];
  const abs = path.resolve(config.root, emblem);
  return [{ path: emblemPath(emblem), copyFrom: abs, origin: 'site.emblem in the config', source: toPosix(path.relative(config.root, abs)) }];
}

/**
 * The files of the templates' `assets/` folder, as copies into the output's `assets/`. Each names its
 * source only when it is the site's own (a templates/ folder in the site): bulletin's built-in templates
 * are never offered for renaming, wherever bulletin is installed (often inside the site's node_modules).
 */
export function copyAssets(config: Pick<Config, 'root' | 'templatesDir'>): OutputFile[] {
  const dir = path.join(config.templatesDir, 'assets');
  if (!fs.existsSync(dir)) return [];
  const builtIn = path.resolve(config.templatesDir) === builtinTemplatesDir;
  const out: OutputFile[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) {
        const rel = toPosix(path.relative(dir, abs));
        const source = builtIn ? undefined : toPosix(path.relative(config.root, abs));
        out.push({ path: `assets/${rel}`, copyFrom: abs, origin: source ?? `bulletin's built-in templates/assets/${rel}`, source });
      }
    }
  };
  walk(dir);
  return out;
}

export { BuildFailure };
/** For `BuildOptions.cache`: one cache object shared by successive builds in one process. */
export { createBuildCache, type BuildCache } from './cache/build-cache.js';
