import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { startBuildThread } from './build-thread-client.js';
import { devBuildOptions, type DevBuildOptions, type DevBuildOutcome, type QuickOutcome } from './dev-build.js';
import { reloadPaths } from './inject.js';
import { createRebuildQueue, type QueueTiming } from './queue.js';
import { startDevServer, type DevServer } from './server.js';
import { watchSite, type SiteChange, type SiteWatcher } from './watcher.js';

export interface WatchOptions extends DevBuildOptions {
  /** Defaults to 127.0.0.1: drafts stay on this computer. */
  host?: string;
  /** Defaults to 4000; 0 lets the system choose. */
  port?: number;
  /** Debounce and maximum wait of the rebuild queue. */
  timing?: Partial<QueueTiming>;
  /** Told about every build and every problem of the watcher or server, for the terminal. */
  report?: (event: WatchEvent) => void;
}

export type WatchEvent =
  /** A build starts (its changes follow in `built`). */
  | { type: 'building' }
  /**
   * A build finished: the first of the session (`start`), after files changed, or at the time a
   * scheduled bulletin is released or one expires (`schedule`), so banners and lists follow the clock.
   */
  | { type: 'built'; outcome: DevBuildOutcome; changes: readonly SiteChange[]; cause: 'start' | 'change' | 'schedule' }
  /** Pages that show saved bulletins were written ahead of the full rebuild (`built` follows). */
  | { type: 'updated'; outcome: QuickOutcome; changes: readonly SiteChange[] }
  /** A rebuild gave way to newer changes before writing; the next one includes its changes. */
  | { type: 'superseded' }
  | { type: 'port-taken'; port: number; next: number }
  | { type: 'watcher-error'; error: Error };

export interface WatchSession {
  /** Where the development site is served, e.g. http://127.0.0.1:4000/. */
  url: string;
  port: number;
  /** The development output folder (absolute). */
  outDir: string;
  /** Stops watching, ends the browser connections and waits for a rebuild in progress. */
  close(): Promise<void>;
}

// Short: chokidar already makes an editor's delete-and-rename save one event, and a quick update costs little.
const DEFAULT_TIMING: QueueTiming = { debounceMs: 8, maxWaitMs: 300 };
/** setTimeout's longest delay (about 24.8 days); later releases are re-armed by the builds in between. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * `bulletin watch` as a library: serves the development folder, watches the site and rebuilds on
 * every change, one build at a time, telling open pages to reload. The first build runs through the
 * same queue as every later one, after the watcher is ready, so a save during it is never lost.
 */
export async function startWatch(options: WatchOptions): Promise<WatchSession> {
  const root = path.resolve(options.root);
  const report = options.report ?? (() => {});
  const buildOptions: DevBuildOptions = { ...options, root };
  const outDir = devBuildOptions(buildOptions, 0).outDir!;
  const builder = startBuildThread(buildOptions);
  let problems: readonly Diagnostic[] = [];
  let first = true;
  let clock: NodeJS.Timeout | undefined;

  const server: DevServer = await startDevServer({
    dir: outDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4000,
    problems: () => problems,
    onPortTaken: (port, next) => report({ type: 'port-taken', port, next }),
  });

  const queue = createRebuildQueue<SiteChange | 'start' | 'schedule'>(async (batch, superseded) => {
    const changes = batch.filter((c): c is SiteChange => typeof c !== 'string');
    const paths = changes.map((c) => c.path);
    // First the pages that show a saved bulletin, in milliseconds; then the exact full rebuild.
    const quick = batch.every((c) => typeof c !== 'string') && problems.length === 0 ? await builder.quick(paths) : undefined;
    if (quick) {
      server.send('reload', { ms: Math.round(quick.ms), paths: reloadPaths(quick.write.changed ?? []) });
      report({ type: 'updated', outcome: quick, changes });
    }
    report({ type: 'building' });
    const outcome = await builder.rebuild(paths, { signal: superseded });
    if (outcome.aborted) {
      // A newer save stopped it before it wrote: its changes go into the next rebuild with the new ones.
      for (const c of batch) queue.push(c);
      report({ type: 'superseded' });
      return;
    }
    const before = problems;
    problems = outcome.diagnostics.filter((d) => d.severity === 'error');
    const cause = batch.includes('start') ? 'start' : changes.length > 0 ? 'change' : 'schedule';
    report({ type: 'built', outcome, changes, cause });
    // With the real clock, rebuild when the next embargo lifts or a bulletin expires.
    if (outcome.ok && options.now === undefined) {
      const next = Math.min(outcome.nextRelease ?? Infinity, outcome.nextExpiry ?? Infinity);
      if (clock) clearTimeout(clock);
      clock = Number.isFinite(next) ? setTimeout(() => queue.push('schedule'), Math.min(MAX_DELAY, Math.max(0, next - Date.now()) + 50)) : undefined;
      clock?.unref();
    }
    if (!outcome.ok) {
      // The same problems again (a save that did not fix them) need no reload.
      if (!sameProblems(before, problems)) server.send('problems', problems.map(formatDiagnostic));
    } else if (before.length > 0 || first) {
      server.send('reload', { ms: Math.round(outcome.ms) });
    } else if (outcome.write && outcome.write.written + outcome.write.removed > 0) {
      server.send('reload', { ms: Math.round(outcome.ms), paths: reloadPaths(outcome.write.changed) });
    }
    first = false;
  }, { ...DEFAULT_TIMING, ...options.timing });

  let watcher: SiteWatcher;
  try {
    watcher = await watchSite(
      { root, contentDir: path.resolve(root, options.contentDir ?? 'content'), templatesDir: path.join(root, 'templates') },
      (change) => queue.push(change),
      (error) => report({ type: 'watcher-error', error }),
    );
  } catch (cause) {
    await server.close();
    throw cause;
  }
  queue.push('start');

  return {
    url: server.url,
    port: server.port,
    outDir,
    async close() {
      if (clock) clearTimeout(clock);
      // The server first: ending the browsers' connections is instant, while closing thousands of
      // file watchers is not, and Ctrl-C gives the whole close only a moment.
      await server.close();
      await watcher.close();
      await queue.close();
      await builder.close();
    },
  };
}

function sameProblems(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => formatDiagnostic(d) === formatDiagnostic(b[i]!));
}
