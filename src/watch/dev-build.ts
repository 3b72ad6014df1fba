import path from 'node:path';
import { build, type BuildOptions, type BuildResult } from '../build.js';
import { createBuildCache } from '../cache/build-cache.js';
import { error, type Diagnostic } from '../diagnostics.js';
import type { WriteResult } from '../output/write-site.js';

/** The development output folder inside the site folder; git-ignored, never dist/. */
export const DEV_OUT_DIR = '.bulletin-dev';

export interface DevBuildOptions {
  /** The site folder. */
  root: string;
  /** Content folder (relative to root or absolute); defaults to content/. */
  contentDir?: string;
  /** Where the development site is written; defaults to `.bulletin-dev/` in the site folder. */
  outDir?: string;
  /** A fixed "now" (epoch ms); without it every rebuild reads the clock, so embargoes lift on the next save. */
  now?: number;
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
  result?: BuildResult;
}

/**
 * The exact options of a development build: the ordinary build with `flags.dev` (drafts and scheduled
 * bulletins shown with their banners) writing into the development folder. A fresh `build()` with
 * these options is what the watch loop's output must equal byte for byte.
 */
export function devBuildOptions(options: DevBuildOptions, now: number = options.now ?? Date.now()): BuildOptions {
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
   * absolute paths the watcher saw change since the last rebuild.
   */
  rebuild(changed?: readonly string[]): Promise<DevBuildOutcome>;
}

/**
 * The development site's builder, one per watch session. Watch mode reruns the whole build (the
 * build's own caches make that incremental), so there is no second code path to drift; anything the
 * build wants kept between runs lives here. A build that fails writes nothing, so the last good site
 * stays in the folder and stays served; a build that throws (a file vanished between listing and
 * reading, a full disk) is reported like any other problem and the loop goes on.
 */
export function createDevBuilder(options: DevBuildOptions): DevBuilder {
  const cache = createBuildCache();
  return {
    async rebuild(changed = []) {
      const started = performance.now();
      // The cache skips reading files whose mtime and size are unchanged. A save within the same
      // timestamp tick (whole seconds on FAT, HFS+ and many network shares) that keeps the size would
      // then serve the old text: what the watcher saw change is always read again.
      for (const p of changed) cache.stats.delete(p);
      try {
        const result = await build({ ...devBuildOptions(options), cache });
        return { ok: result.ok, diagnostics: result.diagnostics, ms: performance.now() - started, write: result.write, result };
      } catch (cause) {
        const diagnostic = error(`The site could not be rebuilt: ${(cause as Error).message}.`, {
          hint: 'Save the file again to retry; the last good version stays served.',
        });
        return { ok: false, diagnostics: [diagnostic], ms: performance.now() - started };
      }
    },
  };
}
