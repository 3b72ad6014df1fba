import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

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
   * while the command ran are in it then. Does nothing when the cache was used; never throws (a
   * read-only install simply goes without).
   */
  save(): void;
}

const MAGIC = Buffer.from('BULLETIN-V8CACHE1');
const HASH_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 2 * HASH_BYTES;

/** The cache file used for `bundleFile`. */
export function cacheFileFor(bundleFile: string): string {
  return `${bundleFile}.v8cache`;
}

/** Runs `bundleFile` as a CommonJS module, with its code cache when that is valid. */
export function loadBundle(bundleFile: string, cacheFile = cacheFileFor(bundleFile)): LoadedBundle {
  const source = fs.readFileSync(bundleFile, 'utf8');
  const sourceHash = sha256(process.version, process.arch, source);
  const { data, status: found } = readCache(cacheFile, sourceHash);
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
    save() {
      if (status === 'used') return;
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        const made = script.createCachedData();
        fs.writeFileSync(temp, Buffer.concat([MAGIC, sourceHash, sha256(made), made]));
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

function readCache(cacheFile: string, sourceHash: Buffer): { data?: Buffer; status: CacheStatus } {
  let file: Buffer;
  try {
    file = fs.readFileSync(cacheFile);
  } catch {
    return { status: 'absent' };
  }
  if (file.length <= HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return { status: 'corrupt' };
  if (!file.subarray(MAGIC.length, MAGIC.length + HASH_BYTES).equals(sourceHash)) return { status: 'stale' };
  const data = file.subarray(HEADER_BYTES);
  if (!file.subarray(MAGIC.length + HASH_BYTES, HEADER_BYTES).equals(sha256(data))) return { status: 'corrupt' };
  return { data, status: 'used' };
}

function sha256(...parts: (string | Buffer)[]): Buffer {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
}
