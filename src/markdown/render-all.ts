import type { Diagnostic } from '../diagnostics.js';
import { CODE_PATH, noteCodePath } from '../util/code-paths.js';
import type { Config } from '../config/config.js';
import type { Bulletin, WithBody } from '../content/bulletin.js';
import type { RenderedParts } from '../templating/view-model.js';
import type { MarkdownProcessor } from './processor.js';
import { renderBody, summarize } from './render-bulletin.js';
import type { RenderContext } from './render-context.js';
import { depsHold, recordingLinks, type RenderDep, type SiteLinks } from './render-deps.js';
import { RenderPool, type EarlyMarkdown } from './render-pool.js';
import { createProcessor } from './processor.js';
import { CACHE_FORMAT, hashOf, TOOL_VERSION } from '../cache/hash.js';
import { termVector, type TermVector } from '../site/related/term-vector.js';
import { DEFAULT_OPTIONS, excerptSource } from '../search/serialize-index.js';
import { withSummary } from '../search/search-doc.js';

/** Everything rendering one bulletin produces; the unit of work a worker thread or cache handles. */
export interface RenderedBulletin extends RenderedParts {
  /** Plain text of the body (for related articles and search). */
  text: string;
  /**
   * The search index's excerpt of the bulletin (see excerptSource: explicit summary and text, at the
   * default length), made here, where the text is at hand, and kept apart from the bulky text.
   */
  excerpt: string;
  /** SHA-1 of `text`, so later stages can name the text without hashing it again (search/index.ts). */
  textHash: string;
  /** Term vector of title and body for related articles: typed arrays, so it clones and caches as data. */
  terms: TermVector;
  diagnostics: Diagnostic[];
}

/** Renders one bulletin's body. Pure given the processor: the same input gives the same output. */
export function renderOne(processor: MarkdownProcessor, b: WithBody, context: RenderContext): RenderedBulletin {
  return completeRendering(b, renderMarkdown(processor, b, context));
}

/** What rendering the Markdown itself gives; `completeRendering` adds what is made from its text. */
export type MarkdownRendering = Omit<RenderedBulletin, 'excerpt' | 'textHash' | 'terms'>;

function renderMarkdown(processor: MarkdownProcessor, b: WithBody, context: RenderContext): MarkdownRendering {
  // Where Markdown is rendered, not where a processor is made: a build that renders none makes one too.
  noteCodePath(CODE_PATH.MARKDOWN_HERE);
  const out = renderBody(processor, b.body, context, { file: b.file, bodyLine: b.bodyLine });
  return { html: out.html, summary: summarize(out.text), attachmentsUsed: out.attachmentsUsed, text: out.text, diagnostics: out.diagnostics };
}

/**
 * The parts made from the rendered text: excerpt, text hash and term vector. Beside one worker thread
 * they are made on the main thread, which otherwise waits for that thread (see render-pool.ts).
 */
export function completeRendering(b: Pick<Bulletin, 'title' | 'summary'>, rendering: MarkdownRendering): RenderedBulletin {
  const summarized = withSummary(b.summary, rendering.text);
  return {
    ...rendering,
    excerpt: excerptSource(summarized, DEFAULT_OPTIONS.excerptBytes),
    textHash: hashOf(rendering.text),
    terms: termVector(b.title, summarized),
  };
}


/** A rendering and the questions it asked about the site: what the cache stores. */
export interface RenderOutcome {
  rendered: RenderedBulletin;
  deps: RenderDep[] | null;
}

/** `renderOne` with the site's link tables recorded; the unit the worker threads run. */
export function renderRecorded(processor: MarkdownProcessor, b: WithBody, links: SiteLinks): RenderOutcome {
  return completeOutcome(b, renderRecordedMarkdown(processor, b, links));
}

/** A rendering without the parts `completeRendering` adds, and the questions it asked about the site. */
export interface MarkdownOutcome {
  rendered: MarkdownRendering;
  deps: RenderDep[] | null;
}

/** `renderRecorded` without `completeRendering`. */
export function renderRecordedMarkdown(processor: MarkdownProcessor, b: WithBody, links: SiteLinks): MarkdownOutcome {
  const recording = recordingLinks(links);
  const rendered = renderMarkdown(processor, b, { contentPath: b.contentPath, pageUrl: b.url, ...recording.context, lang: b.lang });
  return { rendered, deps: recording.deps() };
}

/** A worker thread's outcome made whole on this thread (see MarkdownSetup.complete). */
export function completeOutcome(b: Pick<Bulletin, 'title' | 'summary'>, outcome: MarkdownOutcome): RenderOutcome {
  return { rendered: completeRendering(b, outcome.rendered), deps: outcome.deps };
}

/** Where renderings are kept between builds (see src/cache/): key → outcome. */
export interface MarkdownStore {
  /**
   * The outcome stored under `key`. A store may hand back a rendering whose HTML and text are read
   * only when asked for; should they be lost by then (a corrupt cache file), it calls `again` for a
   * fresh rendering instead.
   */
  get(key: string, again: () => RenderedBulletin): RenderOutcome | undefined;
  set(key: string, outcome: RenderOutcome): void;
}

export interface RenderOptions {
  /** Renderings of earlier builds; reused when the bulletin and every link it resolved are unchanged. */
  store?: MarkdownStore;
  /** Called as batches finish: bulletins rendered so far (cached ones included) and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads the build shares between stages; without one, a pool lives for this call only. */
  pool?: RenderPool;
  /** By bulletin file, the hash of the bytes the bulletin was parsed from (see load-cached.ts), so its body is not hashed again. */
  sourceKeys?: ReadonlyMap<string, string>;
  /** The body of a bulletin taken from the cache without one (see load-cached.ts), for the few rendered again. */
  bodyOf?: (b: Bulletin) => string;
  /**
   * Given each bulletin rendered (not taken from the store) as it comes back from the worker threads
   * rendering them, while this thread would wait; not called without one (see RenderPool.markdown).
   */
  whileWaiting?: (b: Bulletin, rendered: RenderedBulletin) => void;
  /** Bulletins handed to the worker thread as they loaded (see EarlyMarkdown): their renderings are used where still right. */
  early?: EarlyMarkdown;
}

/**
 * Renders the Markdown of every bulletin that gets a page, results in input order. Links resolve
 * against the bulletins shown in this build, so a link to a draft from a published bulletin is
 * reported, never left dangling; `hidden` (the bulletins this build leaves out) lets that report say
 * which kind it is. Bulletins not found in the store are rendered on worker threads
 * when there are enough of them (see render-pool.ts).
 */
export async function renderBulletins(
  bulletins: readonly Bulletin[],
  config: Pick<Config, 'allowHtml'>,
  attachments: ReadonlySet<string>,
  hidden: readonly Bulletin[] = [],
  options: RenderOptions = {},
): Promise<{
  rendered: RenderedBulletin[];
  diagnostics: Diagnostic[];
  reused: number;
  links: SiteLinks;
  /**
   * With a store: for each bulletin, a hash that names its rendering (the bulletin's cache key and the
   * answers its links got), equal across builds and processes exactly when the bulletin and its
   * rendering are; later stages use it to tell what changed without comparing texts.
   */
  versions?: string[];
  /** With a store: the key each bulletin's rendering is kept under. */
  keys?: string[];
}> {
  const links: SiteLinks = {
    bulletinUrls: new Map(bulletins.map((b) => [b.contentPath, b.url])),
    unpublished: new Map(hidden.map((b) => [b.contentPath, describeUnpublished(b)])),
    attachments,
  };
  const { store, onProgress } = options;
  const keys = bulletins.map((b) => (store ? markdownKey(b, config.allowHtml, options.sourceKeys?.get(b.file)) : ''));
  const rendered: RenderedBulletin[] = new Array(bulletins.length);
  const todo: number[] = [];
  const hits: (RenderOutcome | undefined)[] = new Array(bulletins.length);
  // Rendering again on this thread is as exact as the first time: the links a rendering asked about are answered the same.
  const withBody = (b: Bulletin): WithBody => (b.body === undefined ? { ...b, body: bodyOf(b) } : (b as WithBody));
  const bodyOf =
    options.bodyOf ??
    ((b: Bulletin): string => {
      throw new Error(`${b.file}: no body to render`);
    });
  const again = (b: Bulletin) => () => renderRecorded(processorFor(config.allowHtml), withBody(b), links).rendered;
  bulletins.forEach((b, i) => {
    const hit = store?.get(keys[i]!, again(b));
    if (hit && depsHold(hit.deps, links)) rendered[i] = (hits[i] = hit).rendered;
    else todo.push(i);
  });
  const reused = bulletins.length - todo.length;
  const pool = options.pool ?? new RenderPool();
  let fresh: RenderOutcome[];
  try {
    // Early renderings made from the very bulletin rendered now, whose questions about the site get the same answers.
    const early = new Map<number, RenderOutcome>();
    if (options.early) {
      const todoByFile = new Map(todo.map((i) => [bulletins[i]!.file, i] as const));
      await options.early.results(({ sent, outcome }) => {
        const i = todoByFile.get(sent.file);
        if (i === undefined || early.has(i) || !sameFields(sent, bulletins[i]!) || !depsHold(outcome.deps, links)) return;
        early.set(i, outcome);
        options.whileWaiting?.(bulletins[i]!, outcome.rendered);
      });
      onProgress?.(reused + early.size, bulletins.length);
    }
    const rest = early.size === 0 ? todo : todo.filter((i) => !early.has(i));
    const rendered = await pool.markdown(
      rest.map((i) => withBody(bulletins[i]!)),
      links,
      config.allowHtml,
      onProgress && ((done) => onProgress(reused + early.size + done, bulletins.length)),
      options.whileWaiting && ((k, outcome) => options.whileWaiting!(bulletins[rest[k]!]!, outcome.rendered)),
    );
    if (early.size === 0) fresh = rendered;
    else {
      const byIndex = new Map(rest.map((i, k) => [i, rendered[k]!] as const));
      fresh = todo.map((i) => early.get(i) ?? byIndex.get(i)!);
    }
  } finally {
    if (!options.pool) await pool.close();
  }
  const deps: (RenderDep[] | null)[] = new Array(bulletins.length);
  bulletins.forEach((_, i) => (deps[i] = hits[i]?.deps ?? null));
  fresh.forEach((outcome, k) => {
    const i = todo[k]!;
    rendered[i] = outcome.rendered;
    deps[i] = outcome.deps;
    store?.set(keys[i]!, outcome);
  });
  // A rendering that read a whole link table (deps null) is named by its output instead.
  const versionOf = (key: string, i: number) =>
    deps[i] === null ? hashOf(key, 'output', rendered[i]!.html, rendered[i]!.summary, JSON.stringify(rendered[i]!.attachmentsUsed)) : hashOf(key, JSON.stringify(deps[i]));
  const versions = store ? keys.map(versionOf) : undefined;
  onProgress?.(bulletins.length, bulletins.length);
  return { rendered, diagnostics: rendered.flatMap((r) => r.diagnostics), reused, links, versions, keys: store ? keys : undefined };
}

/** The same fields with the same values (`===`): an early rendering was made from this very bulletin. */
function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => x[k] === y[k]);
}

/**
 * A rendering depends on the whole bulletin (renderOne may read any field), the raw-HTML setting and
 * the tool's version; what it depends on elsewhere in the site is checked through its recorded deps.
 * `sourceKey`, when given, is the hash of the bytes the bulletin was parsed from, and so names its body.
 */
export function markdownKey(b: Bulletin, allowHtml: boolean, sourceKey?: string): string {
  const settings = [TOOL_VERSION, String(CACHE_FORMAT), allowHtml ? 'html' : 'nohtml'];
  if (sourceKey === undefined) return hashOf(...settings, JSON.stringify(b));
  // The same bytes give the same body: their hash names it, without hashing the body again.
  const { body: _body, ...fields } = b;
  return hashOf(...settings, 'source', sourceKey, JSON.stringify(fields));
}

const processors = new Map<boolean, MarkdownProcessor>();
/** This thread's processor, made on first use (a warm build may never need one). */
function processorFor(allowHtml: boolean): MarkdownProcessor {
  let processor = processors.get(allowHtml);
  if (!processor) processors.set(allowHtml, (processor = createProcessor({ allowHtml })));
  return processor;
}

/** "a draft", "a bulletin scheduled for 2030-01-01", … for link errors. */
function describeUnpublished(b: Bulletin): string {
  if (b.status === 'draft') return 'a draft';
  if (b.status === 'scheduled') return `a bulletin scheduled for ${b.date.iso.slice(0, 10)}`;
  return 'an expired bulletin';
}
