import path from 'node:path';
import { build, type BuildOptions, type BuildResult, type SiteSnapshot, type StageTiming } from '../build.js';
import { createBuildCache } from '../cache/build-cache.js';
import { error, type Diagnostic } from '../diagnostics.js';
import { readManifest, writeSiteInPlace, type Manifest, type WriteResult } from '../output/write-site.js';
import { quickUpdate } from './quick-update.js';

/** The development output folder inside the site folder; git-ignored, never dist/. */
export const DEV_OUT_DIR = '.bulletin-dev';

export interface DevBuildOptions {
  /** The site folder. */
  root: string;
  /** Content folder (relative to root or absolute); defaults to content/. */
  contentDir?: string;
  /** Where the development site is written; defaults to `.bulletin-dev/` in the site folder. */
  outDir?: string;
  /**
   * A fixed "now" (epoch ms, or a date-time text as `--now` takes it); without it every rebuild reads
   * the clock, so embargoes lift on the next save.
   */
  now?: number | string;
  /** False skips the search index, as `bulletin build --no-search` does. */
  search?: boolean;
}

export interface DevBuildOutcome {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Wall time of the rebuild. */
  ms: number;
  /** What the writer did; absent when the build stopped before writing. */
  write?: WriteResult;
  /** Time and memory of each stage (for --profile). */
  timings?: StageTiming[];
  /** When the next scheduled bulletin is released and the next one expires (epoch ms), to rebuild then. */
  nextRelease?: number;
  nextExpiry?: number;
  /** The whole build result; only from a builder in this thread (tests), never across threads. */
  result?: BuildResult;
  /** A newer change stopped this rebuild before it wrote anything; the next one does its work. */
  aborted?: boolean;
}

/** A quick update: the pages that show the saved bulletins, written ahead of the full rebuild. */
export interface QuickOutcome {
  ms: number;
  write: WriteResult;
}

/**
 * The exact options of a development build: the ordinary build with `flags.dev` (drafts and scheduled
 * bulletins shown with their banners) writing into the development folder. A fresh `build()` with
 * these options is what the watch loop's output must equal byte for byte.
 */
export function devBuildOptions(options: DevBuildOptions, now: number | string = options.now ?? Date.now()): BuildOptions {
  return {
    root: options.root,
    contentDir: options.contentDir,
    outDir: path.resolve(options.root, options.outDir ?? DEV_OUT_DIR),
    now,
    flags: { dev: true, ...(options.search === false ? { search: false } : {}) },
  };
}

export interface DevBuilder {
  /**
   * Rebuilds the development site from what is on disk now; never rejects. `changed` lists the
   * absolute paths the watcher saw change since the last rebuild. A fired `signal` stops it before it
   * writes (`aborted`).
   */
  rebuild(changed?: readonly string[], options?: { signal?: { readonly aborted: boolean } }): Promise<DevBuildOutcome>;
  /**
   * Writes at once the pages that show the saved bulletins, when the save allows it (see
   * quick-update.ts); undefined otherwise. Always followed by `rebuild`, which makes the folder exact.
   */
  quick(changed: readonly string[]): Promise<QuickOutcome | undefined>;
  /** Ends the builder's thread, if it has one. */
  close(): Promise<void>;
}

/**
 * The development site's builder, one per watch session. Every change reruns the whole build (the
 * build's own caches make that incremental), so the folder always ends exactly as a fresh build would
 * leave it; a save that only changes what a bulletin says can first go through `quick`, which puts
 * the pages showing it in place within milliseconds. Anything kept between runs lives here. A build that fails writes nothing, so the last good site
 * stays in the folder and stays served; a build that throws (a file vanished between listing and
 * reading, a full disk) is reported like any other problem and the loop goes on.
 */
export function createDevBuilder(options: DevBuildOptions): DevBuilder {
  const cache = createBuildCache();
  // The last good build's plan and renderings, brought up to date by quick updates since.
  let snapshot: SiteSnapshot | undefined;
  // The session's first build writes a whole new folder (trusting nothing a killed session left
  // there); later ones update it file by file, with the folder's manifest kept here.
  let written = false;
  const manifest: Manifest = {};
  let warmed = false;
  // A dry run of a quick update once, so that the first real save does not wait for the JavaScript
  // engine to compile the Markdown, template and page code on the way (tens of milliseconds).
  const warm = (site: SiteSnapshot) => {
    warmed = true;
    const newest = site.plan.bulletins[0];
    const source = newest && [...site.sources.values()].find((s) => s.file === newest.file);
    if (source) quickUpdate(site, [source.absPath], site.config.now);
  };
  return {
    async rebuild(changed = [], { signal } = {}) {
      const started = performance.now();
      // The cache skips reading files whose mtime and size are unchanged. A save within the same
      // timestamp tick (whole seconds on FAT, HFS+ and many network shares) that keeps the size would
      // then serve the old text: what the watcher saw change is always read again.
      for (const p of changed) cache.stats.delete(p);
      try {
        const result = await build({ ...devBuildOptions(options), cache, signal, keepSnapshot: true, writeMode: written ? 'in-place' : 'fresh', manifest });
        if (result.aborted) return { ok: false, diagnostics: [], ms: performance.now() - started, aborted: true };
        if (result.write && !written) {
          Object.assign(manifest, readManifest(devBuildOptions(options, 0).outDir!));
          written = true;
        }
        snapshot = result.ok ? result.snapshot : undefined;
        if (snapshot && !warmed) warm(snapshot);
        const { plan } = result;
        return {
          ok: result.ok,
          diagnostics: result.diagnostics,
          ms: performance.now() - started,
          write: result.write,
          timings: result.timings,
          nextRelease: plan?.nextRelease?.epochMs,
          nextExpiry: plan?.nextExpiry?.epochMs,
          result,
        };
      } catch (cause) {
        snapshot = undefined;
        const diagnostic = error(`The site could not be rebuilt: ${(cause as Error).message}.`, {
          hint: 'Save the file again to retry; the last good version stays served.',
        });
        return { ok: false, diagnostics: [diagnostic], ms: performance.now() - started };
      }
    },
    async quick(changed) {
      if (!snapshot || !written) return undefined;
      const started = performance.now();
      const outDir = devBuildOptions(options, 0).outDir!;
      try {
        // The fixed clock as the last build read it (in the site's time zone), or the real one.
        const update = quickUpdate(snapshot, changed, options.now === undefined ? Date.now() : snapshot.config.now);
        if (!update) return undefined;
        const write = writeSiteInPlace(outDir, update.files, { complete: false, manifest });
        snapshot = update.snapshot;
        return { ms: performance.now() - started, write };
      } catch {
        // Whatever went wrong, the full rebuild that follows meets it too and reports it properly.
        return undefined;
      }
    },
    async close() {},
  };
}
