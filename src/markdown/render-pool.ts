import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WithBody } from '../content/bulletin.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PagePlan } from '../site/page-plan.js';
import type { StringTable } from '../templating/strings.js';
import { createProcessor } from './processor.js';
import { completeOutcome, renderRecorded, type MarkdownOutcome, type RenderOutcome } from './render-all.js';
import type { SiteLinks } from './render-deps.js';

/**
 * How a worker thread starts. Bundled (lib/bundle/), the worker is a CommonJS bundle beside this one,
 * run by the loader that keeps its V8 code cache (cli/worker-loader.ts); compiled (lib/markdown/), the
 * compiled module; from TypeScript sources (vitest) there is none, and rendering stays in-process.
 */
const WORKER_START = ((): { file: string; options?: WorkerOptions; cached: boolean } | undefined => {
  const bundle = fileURLToPath(new URL('./render-worker.cjs', import.meta.url));
  const loader = fileURLToPath(new URL('../cli/worker-loader.js', import.meta.url));
  if (fs.existsSync(bundle) && fs.existsSync(loader)) return { file: loader, options: { workerData: { bundle } }, cached: true };
  const file = fileURLToPath(new URL('./render-worker.js', import.meta.url));
  return fs.existsSync(file) ? { file, cached: false } : undefined;
})();
/** Starting a worker loads the Markdown stack or the template engine (~100-200 ms); below this many jobs it does not pay. */
const MIN_JOBS_FOR_WORKERS = 200;
/**
 * Jobs a build needs per worker thread before another one pays. Each thread compiles the Markdown stack
 * and the template engine again, with its own garbage collector (V8's background threads: 2.2 s of CPU
 * in the Markdown stage of 4,000 bulletins with two workers, 1.2 s with one), and every job and result
 * is copied across. Paired cold builds on two cores: at 4,000 bulletins one thread took 0.99x the wall
 * time and 0.86x the CPU of two; at 20,000 one thread took 1.12x the wall time of two.
 */
const JOBS_PER_WORKER = 6000;
/** Bulletins rendered while the content loads at most (see EarlyMarkdown.add): what one thread is given by default. */
const EARLY_LIMIT = JOBS_PER_WORKER;
/** Jobs per message: large enough that messaging costs little, small enough to balance the load. */
const BATCH = 24;

/** What a worker needs before Markdown jobs: the processor options and the site's link tables. */
export interface MarkdownSetup {
  allowHtml: boolean;
  /**
   * Whether the thread makes excerpts, text hashes and term vectors itself. Beside one worker thread
   * the main thread does (completeRendering), since it would otherwise wait for that thread; with two
   * or more, both cores are busy and the threads do.
   */
  complete: boolean;
  bulletinUrls: [string, string][];
  unpublished: [string, string][];
  attachments: string[];
}
/** What a worker needs before page jobs: where the templates are, to load and parse them once. */
export interface PagesSetup {
  templatesDir: string;
  root: string;
  strictVariables: boolean;
}
/** One page to render from its prepared view model (see view-model.ts). */
export interface PageJob {
  page: PagePlan;
  view: Record<string, unknown>;
  /**
   * Set when `view.t`, the UI strings (a quarter of an article's view), was left out because it is
   * the worker's own table for this language: both threads load the same strings.yaml.
   */
  stringsFor?: string;
}

/** A job for a worker thread, without the UI strings when they are the table's own for the page's language. */
export function pageJob(page: PagePlan, view: Record<string, unknown>, strings: StringTable): PageJob {
  const { t, ...rest } = view;
  const lang = view.lang;
  return typeof lang === 'string' && t === strings.forLang(lang) ? { page, view: rest, stringsFor: lang } : { page, view };
}

/** The view a job stands for, its UI strings put back in their place (after `lang`, as pageView has them). */
export function jobView(job: PageJob, strings: StringTable): Record<string, unknown> {
  return job.stringsFor === undefined ? job.view : { lang: job.stringsFor, t: strings.forLang(job.stringsFor), ...job.view };
}
export interface PageResult {
  html?: string;
  /** From a worker thread: the page as UTF-8 (transferred, not copied) and its SHA-1 (base64url), instead of `html`. */
  bytes?: Uint8Array;
  hash?: string;
  diagnostic?: Diagnostic;
}
export type WorkerMessage =
  | { kind: 'setup-markdown'; setup: MarkdownSetup }
  | { kind: 'setup-pages'; setup: PagesSetup }
  | { kind: 'markdown'; id: number; items: WithBody[] }
  | { kind: 'pages'; id: number; items: PageJob[] }
  // Answered by the loader a bundled thread runs under (cli/worker-loader.ts), not by render-worker.ts.
  | SaveCodeCache;
/** Asks a bundled thread to write its code cache; answered with `{ id, results: [] }`. */
export interface SaveCodeCache {
  kind: 'save-code-cache';
  id: number;
}
export type WorkerReply = { id: number; results: unknown[] } | { id: number; error: string };

/**
 * How many worker threads to use for `jobs` jobs, in a build of `scale` jobs of that kind (pages are
 * sent a window at a time): `BULLETIN_WORKERS` when set (0 = in this thread), otherwise none for small
 * jobs or when no compiled worker exists, and one per JOBS_PER_WORKER jobs of the build, up to one per core.
 */
export function workerCount(jobs: number, scale = jobs, env: NodeJS.ProcessEnv = process.env): number {
  if (!WORKER_START || jobs === 0) return 0;
  const asked = env.BULLETIN_WORKERS;
  if (asked !== undefined && asked.trim() !== '' && Number.isInteger(Number(asked)) && Number(asked) >= 0) {
    return Math.min(Number(asked), Math.ceil(jobs / BATCH));
  }
  if (jobs < MIN_JOBS_FOR_WORKERS) return 0;
  return Math.min(os.availableParallelism(), 8, Math.ceil(Math.max(jobs, scale) / JOBS_PER_WORKER));
}

/**
 * Worker threads shared by the stages of one build: started on the first job list large enough to
 * need them (so a warm build that renders nothing starts none), reused by the next stage, closed by
 * the build. Results always come back in input order, so output never depends on the core count.
 */
export class RenderPool {
  private workers: Worker[] = [];
  private nextId = 0;

  /** Threads for `jobs` jobs of a build of `scale`, starting them if needed; none means: do it in this thread. */
  private threads(jobs: number, scale = jobs): Worker[] {
    const wanted = workerCount(jobs, scale);
    return wanted === 0 ? [] : this.started(wanted);
  }

  /** The first `wanted` threads, started as needed. */
  private started(wanted: number): Worker[] {
    while (this.workers.length < wanted) this.workers.push(new Worker(WORKER_START!.file, WORKER_START!.options));
    return this.workers.slice(0, wanted);
  }

  /**
   * Renders bulletins' Markdown; outcomes in input order. While worker threads render them, this
   * thread only waits, so `whileWaiting` is given each outcome as it comes in, to start on work that
   * would follow (without a worker there is no waiting: it is not called). With several threads both
   * cores are busy already, but what this thread does then is not left to run alone on one core
   * after the pages (the search index at 20,000 bulletins: 2.2 s), and since the bulletins' bodies
   * are let go after this stage (build.ts) what it makes fits in the room they leave.
   */
  async markdown(
    bulletins: readonly WithBody[],
    links: SiteLinks,
    allowHtml: boolean,
    onProgress?: (done: number) => void,
    whileWaiting?: (index: number, outcome: RenderOutcome) => void,
  ): Promise<RenderOutcome[]> {
    const threads = this.threads(bulletins.length);
    if (threads.length === 0) {
      const processor = createProcessor({ allowHtml });
      return bulletins.map((b, i) => {
        if (onProgress && i % BATCH === 0) onProgress(i);
        return renderRecorded(processor, b, links);
      });
    }
    const one = threads.length === 1;
    for (const w of threads) w.postMessage(markdownSetup(allowHtml, !one, links));
    const finish = one ? (i: number, r: unknown) => completeOutcome(bulletins[i]!, r as MarkdownOutcome) : undefined;
    return this.run<RenderOutcome>(threads, 'markdown', bulletins, onProgress, whileWaiting, finish);
  }

  /**
   * Renders pages from prepared view models on the threads, or returns undefined: render them here.
   * `scale`: the pages the build renders in all (the jobs come a window at a time); `wanted`: the
   * threads to use, when the caller decided on the whole window and sends only part of it.
   */
  async pages(jobs: readonly PageJob[], setup: PagesSetup, scale = jobs.length, wanted = workerCount(jobs.length, scale)): Promise<PageResult[] | undefined> {
    const threads = wanted === 0 || jobs.length === 0 ? [] : this.started(wanted);
    if (threads.length === 0) return undefined;
    for (const w of threads) w.postMessage({ kind: 'setup-pages', setup } satisfies WorkerMessage);
    return this.run<PageResult>(threads, 'pages', jobs);
  }

  /**
   * Markdown rendered while the content still loads (see EarlyMarkdown), when `jobs` bulletins would
   * be rendered by exactly one worker thread: it would otherwise wait for the loading to end. Not with
   * several: at 20,000 the load stage took 3.9-4.2 s instead of 1.4 s with two threads rendering beside
   * it on two cores, for no gain overall.
   */
  early(jobs: number, allowHtml: boolean, links: SiteLinks, limit = EARLY_LIMIT): EarlyMarkdown | undefined {
    if (workerCount(jobs) !== 1) return undefined;
    const [worker] = this.threads(jobs);
    worker!.postMessage(markdownSetup(allowHtml, false, links));
    return new EarlyMarkdown(worker!, () => this.nextId++, limit);
  }

  /**
   * Starts the threads `jobs` jobs will need now, so that loading their modules (a few hundred ms of
   * one core each) overlaps the stages before the first job instead of delaying it.
   */
  warmUp(jobs: number): void {
    this.threads(jobs);
  }

  /**
   * Ends the threads. `keepCodeCache`: the build's last job is done, so a bundled thread first writes
   * its code cache if that is missing or lacks what the thread did (one thread: all compile the same).
   */
  async close(options: { keepCodeCache?: boolean } = {}): Promise<void> {
    const workers = this.workers.splice(0);
    if (options.keepCodeCache && WORKER_START?.cached && workers.length > 0) await saveCodeCache(workers[0]!, this.nextId++);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Hands out batches as workers finish (two in flight per worker, so none waits on a message). */
  private run<R>(
    threads: Worker[],
    kind: 'markdown' | 'pages',
    items: readonly unknown[],
    onProgress?: (done: number) => void,
    onResult?: (index: number, result: R) => void,
    finish?: (index: number, reply: unknown) => R,
  ): Promise<R[]> {
    const out: R[] = new Array(items.length);
    const batches = Math.ceil(items.length / BATCH);
    const base = this.nextId;
    this.nextId += batches;
    let sent = 0;
    let finished = 0;
    let done = 0;
    return new Promise<R[]>((resolve, reject) => {
      const listeners = new Map<Worker, { message: (r: WorkerReply) => void; error: (e: Error) => void; exit: (code: number) => void }>();
      const stop = (fn: () => void) => {
        for (const [w, l] of listeners) {
          w.off('message', l.message).off('error', l.error).off('exit', l.exit);
        }
        fn();
      };
      const send = (worker: Worker) => {
        if (sent >= batches) return;
        const n = sent++;
        worker.postMessage({ kind, id: base + n, items: items.slice(n * BATCH, (n + 1) * BATCH) } as WorkerMessage);
      };
      for (const worker of threads) {
        const l = {
          message: (reply: WorkerReply) => {
            // Another job list may be running on the same threads (the next window of pages): not ours.
            if (reply.id < base || reply.id >= base + batches) return;
            if ('error' in reply) return stop(() => reject(new Error(`Rendering failed on a worker thread: ${reply.error}`)));
            const n = reply.id - base;
            // The worker's next batch goes first; this one's results are finished and looked at while it renders.
            if (++finished < batches) send(worker);
            try {
              reply.results.forEach((r, k) => (out[n * BATCH + k] = finish ? finish(n * BATCH + k, r) : (r as R)));
              done += reply.results.length;
              onProgress?.(done);
              if (onResult) reply.results.forEach((r, k) => onResult(n * BATCH + k, out[n * BATCH + k]!));
            } catch (cause) {
              return stop(() => reject(cause as Error));
            }
            if (finished === batches) stop(() => resolve(out));
          },
          error: (e: Error) => stop(() => reject(e)),
          exit: (code: number) => stop(() => reject(new Error(`A worker thread stopped (exit code ${code}).`))),
        };
        listeners.set(worker, l);
        worker.on('message', l.message).on('error', l.error).on('exit', l.exit);
        send(worker);
        send(worker);
      }
    });
  }
}

/** Asks a bundled thread to write its code cache; settles when it has (or has stopped). */
function saveCodeCache(worker: Worker, id: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      worker.off('message', onMessage).off('exit', done).off('error', done);
      resolve();
    };
    const onMessage = (reply: { id?: number }) => reply.id === id && done();
    worker.on('message', onMessage).on('exit', done).on('error', done);
    worker.postMessage({ kind: 'save-code-cache', id } satisfies SaveCodeCache);
  });
}

/** The message that readies a thread for Markdown jobs. */
function markdownSetup(allowHtml: boolean, complete: boolean, links: SiteLinks): WorkerMessage {
  const setup: MarkdownSetup = { allowHtml, complete, bulletinUrls: [...links.bulletinUrls], unpublished: [...links.unpublished], attachments: [...links.attachments] };
  return { kind: 'setup-markdown', setup };
}

/** An early rendering and the bulletin it was made from. */
export interface EarlyOutcome {
  sent: WithBody;
  outcome: RenderOutcome;
}

/**
 * Bulletins handed to the worker thread as they load, before the site's link tables are complete: each
 * rendering records the questions it asked about the site (render-deps.ts), so once the tables are
 * complete, `renderBulletins` keeps the renderings whose questions get the same answers and whose
 * bulletin is the one it would render (a link to a bulletin loaded later is rendered again). Outcomes
 * are kept until `results`.
 */
export class EarlyMarkdown {
  private batch: WithBody[] = [];
  private readonly sent = new Map<number, WithBody[]>();
  private readonly outcomes: { sent: WithBody; outcome: MarkdownOutcome }[] = [];
  private failure?: Error;
  private settle?: () => void;
  private each?: (entry: EarlyOutcome) => void;
  private readonly onMessage = (reply: WorkerReply) => {
    const items = this.sent.get(reply.id);
    if (!items) return; // another job list's reply
    this.sent.delete(reply.id);
    if ('error' in reply) this.failure ??= new Error(`Rendering failed on a worker thread: ${reply.error}`);
    else {
      reply.results.forEach((r, k) => {
        const entry = { sent: items[k]!, outcome: r as MarkdownOutcome };
        if (this.each) this.give(entry);
        else this.outcomes.push(entry); // while the content loads: made whole once this thread waits
      });
    }
    if (this.sent.size === 0 || this.failure) this.settle?.();
  };
  private readonly onExit = (code: number) => {
    this.failure ??= new Error(`A worker thread stopped (exit code ${code}).`);
    this.settle?.();
  };

  private added = 0;

  constructor(
    private readonly worker: Worker,
    private readonly nextId: () => number,
    private readonly limit: number,
  ) {
    worker.on('message', this.onMessage).on('exit', this.onExit).on('error', this.onExit);
  }

  /**
   * Queues a bulletin (with the address it will have) for rendering; beyond `limit` bulletins, it is
   * left to the Markdown stage (the queued ones wait as copies in the thread's message queue, and one
   * thread is asked to render a large site only when BULLETIN_WORKERS or a single core says so).
   */
  add(b: WithBody): void {
    if (this.added++ >= this.limit) return;
    this.batch.push(b);
    if (this.batch.length === BATCH) this.send();
  }

  /**
   * Gives `each` every early rendering with the bulletin it was made from: those back already at once,
   * the others as they come (this thread would otherwise only wait for them); settles when all are back.
   */
  async results(each: (entry: EarlyOutcome) => void): Promise<void> {
    this.send();
    try {
      this.each = each;
      for (const entry of this.outcomes.splice(0)) this.give(entry);
      if (this.sent.size > 0 && !this.failure) await new Promise<void>((resolve) => (this.settle = resolve));
    } finally {
      this.worker.off('message', this.onMessage).off('exit', this.onExit).off('error', this.onExit);
    }
    if (this.failure) throw this.failure;
  }

  /** Makes an outcome whole (see MarkdownSetup.complete) and hands it over. */
  private give(entry: { sent: WithBody; outcome: MarkdownOutcome }): void {
    try {
      this.each!({ sent: entry.sent, outcome: completeOutcome(entry.sent, entry.outcome) });
    } catch (cause) {
      this.failure ??= cause as Error;
    }
  }

  private send(): void {
    if (this.batch.length === 0) return;
    const id = this.nextId();
    this.sent.set(id, this.batch);
    this.worker.postMessage({ kind: 'markdown', id, items: this.batch } satisfies WorkerMessage);
    this.batch = [];
  }
}
