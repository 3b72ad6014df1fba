import crypto from 'node:crypto';

/**
 * SHA-1 of a file's bytes, as base64url: the digest the output manifest records for every file. One
 * definition for the writer, the worker threads, the page cache and the whole-file cache, which must
 * agree on it for an unchanged file to be recognised.
 */
export function fileHash(bytes: Uint8Array): string {
  return crypto.hash('sha1', bytes, 'base64url');
}
