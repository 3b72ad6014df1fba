import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Config } from '../config/config.js';

/** SHA-1 of the given parts (separated, so ["ab","c"] and ["a","bc"] differ), as base64url. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  // Text parts joined and hashed in one call: the same bytes as one update per part (SHA-1 hashes a
  // stream), at half the time, since a build makes some 20,000 of these keys and each Hash object
  // and update is a call into C++. A lone surrogate at a part's end meets the separator either way.
  let text = '';
  for (const part of parts) {
    if (typeof part !== 'string') return streamed(parts);
    text += part + '\0';
  }
  return crypto.hash('sha1', text, 'base64url');
}

function streamed(parts: readonly (string | Uint8Array)[]): string {
  const h = crypto.createHash('sha1');
  for (const part of parts) {
    h.update(part);
    h.update('\0');
  }
  return h.digest('base64url');
}

/**
 * Everything in the config but "now", as one hash: what cached results made from the config depend on
 * (whatever depends on the clock, such as a bulletin's status, is worked out again each build).
 */
export function configKey(config: Config): string {
  const { now: _now, ...rest } = config;
  return hashOf(JSON.stringify(rest));
}

/**
 * The tool's version, part of every cache key: a new release may render the same input differently,
 * so nothing one version cached is trusted by another. Read from package.json, which sits two levels
 * above both src/cache/ and lib/cache/.
 */
export const TOOL_VERSION: string = (() => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
})();

/** Bumped whenever the shape of a cached entry changes. */
export const CACHE_FORMAT = 6;
