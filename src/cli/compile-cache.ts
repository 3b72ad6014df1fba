import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';

// What the bundle noted of the work it did (its own copy of the module writes to the same global registry).
export { notedCodePaths } from '../util/code-paths.js';

/**
 * Loads the bundled CLI (one CommonJS file) with V8's code cache, kept beside it. Node 20 has no
 * compile cache of its own (`module.enableCompileCache` came in Node 22), and compiling the 2 MB
 * bundle, then each function the first time it runs, is a fixed cost of every command: a tenth of a
 * one-edit build of 4,000 bulletins.
 *
 * The cache file is trusted only for the exact bundle it was made from: V8 itself checks its own
 * version and flags but compares sources by length alone, so the file carries a SHA-256 of the
 * source (with Node's version) and of the cache data; anything else is ignored and made again. It
 * sits beside the bundle, in a folder only whoever installed bulletin can write, never in a shared
 * temporary folder where another user could plant code.
 */
export type CacheStatus = 'used' | 'absent' | 'stale' | 'corrupt' | 'rejected';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  status: CacheStatus;
  /**
   * Writes the cache from what V8 has compiled so far, so call it late (at exit): functions compiled
   * while the command ran are in it then, with those the cache it was loaded with held. `paths` are
   * the kinds of work the command did (util/code-paths.ts): when the cache was used and already covers
   * them, nothing is written, so a cache is made once per kind of work, each time a superset of the
   * last. Never throws (a read-only install simply goes without).
   */
  save(paths?: number): void;
}

const MAGIC = Buffer.from('BULLETIN-V8CACHE2');
const HASH_BYTES = 32;
/** The magic, the code paths the cache covers (one byte), the source's hash, the data's hash. */
const PATHS_AT = MAGIC.length;
const HEADER_BYTES = PATHS_AT + 1 + 2 * HASH_BYTES;

/**
 * V8 settings for the whole process (worker threads included), tuned for a build: a process that
 * lives a few seconds and spends a fifth of its CPU time in V8's optimizing compiler (perf, cold
 * build of 4,000 bulletins), on the second core while the render thread needs it.
 */
export const V8_FLAGS: readonly string[] = [
  // V8 drops the bytecode of functions that have not run for a while, and a cache holds only what has
  // bytecode when it is made: made at the end of a 20,000-bulletin build, it lost the load stage's
  // functions (0.83 MB against 1.18 MB), and every later build compiled them again (warm builds at
  // 4,000: 1.07x the time).
  '--no-flush-bytecode',
  // Escape analysis cost more to run than it saved: one function alone, the Markdown parser's setup
  // for each document (mdast-util-from-markdown's `compiler`, which makes some 110 closures), took
  // 0.5 s of a compiler thread. Without it, and with inlining held to half its default budget per
  // function, a cold build at 4,000 took 0.93x the time and 0.91x the CPU; at 20,000, where the
  // compiling is a smaller share, no change beyond the noise (docs/performance-log.md, session 16).
  '--no-turbo-escape',
  '--max-inlined-bytecode-size-cumulative=460',
];

/** The cache file used for `bundleFile`. */
export function cacheFileFor(bundleFile: string): string {
  return `${bundleFile}.v8cache`;
}

/** Runs `bundleFile` as a CommonJS module, with its code cache when that is valid. */
export function loadBundle(bundleFile: string, cacheFile = cacheFileFor(bundleFile)): LoadedBundle {
  // Set in every run before the cache is read, since V8 refuses a cache made under other flags.
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  const source = fs.readFileSync(bundleFile, 'utf8');
  const sourceHash = sha256(process.version, process.arch, source);
  const { data, status: found, paths: covered = 0 } = readCache(cacheFile, sourceHash);
  // The wrapper sits on the bundle's first line, so line numbers in stack traces stay the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    cachedData: data,
  });
  const status: CacheStatus = data && script.cachedDataRejected ? 'rejected' : found;
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile));
  return {
    exports: module.exports,
    status,
    save(paths = 0) {
      const used = status === 'used';
      if (used && (paths & ~covered) === 0) return;
      // The thread too: worker threads of one process may save the same bundle's cache.
      const temp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
      try {
        const made = script.createCachedData();
        const header = Buffer.concat([MAGIC, Buffer.from([(used ? covered | paths : paths) & 0xff]), sourceHash, sha256(made)]);
        fs.writeFileSync(temp, Buffer.concat([header, made]));
        // Renamed into place, so a build running beside this one never reads half a file.
        fs.renameSync(temp, cacheFile);
      } catch {
        // No cache where it cannot be written: the next command compiles the bundle, as Node does.
        try {
          fs.rmSync(temp, { force: true });
        } catch {
          // Nothing more to do about it at exit.
        }
      }
    },
  };
}

function readCache(cacheFile: string, sourceHash: Buffer): { data?: Buffer; status: CacheStatus; paths?: number } {
  let file: Buffer;
  try {
    file = fs.readFileSync(cacheFile);
  } catch {
    return { status: 'absent' };
  }
  if (file.length <= HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return { status: 'corrupt' };
  const hashesAt = PATHS_AT + 1;
  if (!file.subarray(hashesAt, hashesAt + HASH_BYTES).equals(sourceHash)) return { status: 'stale' };
  const data = file.subarray(HEADER_BYTES);
  if (!file.subarray(hashesAt + HASH_BYTES, HEADER_BYTES).equals(sha256(data))) return { status: 'corrupt' };
  return { data, status: 'used', paths: file[PATHS_AT]! };
}

function sha256(...parts: (string | Buffer)[]): Buffer {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
}
