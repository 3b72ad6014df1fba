import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import crypto from 'node:crypto';
import { CACHE_FORMAT, TOOL_VERSION } from './hash.js';

/** Entries are spread over this many files per section, so a warm build rewrites only the few it touched. */
const SHARDS = 32;
const MAGIC = 'bulletin-cache';

/**
 * A key → value map kept in memory across builds of one process and mirrored on disk in shard files
 * (`<dir>/<section>-<n>.bin`). Each file is a header line — format, tool version, the SHA-1 and length
 * of the payload — and a V8-serialized payload (plain data and typed arrays; nothing in it can run).
 * A file whose header, checksum or payload does not check out is ignored, never trusted: a corrupt or
 * stale cache only costs the work of rebuilding what it held.
 */
export class CacheStore<V> {
  private readonly entries = new Map<string, V>();
  private readonly used = new Set<string>();
  private readonly dirty = new Set<number>();

  /** `valid` checks the shape of each loaded value, so an entry from an older layout is dropped, not used. */
  constructor(
    readonly section: string,
    private readonly valid: (value: unknown) => boolean = () => true,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.used.add(key);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    this.used.add(key);
    this.dirty.add(shardOf(key));
  }

  /** Marks every entry as asked for: the build kept a result made from all of them (the whole search index). */
  keepAll(): void {
    for (const key of this.entries.keys()) this.used.add(key);
  }

  /** Drops what this build did not ask for (deleted bulletins, old versions), so the cache never grows without bound. */
  prune(): void {
    for (const key of this.entries.keys()) {
      if (!this.used.has(key)) {
        this.entries.delete(key);
        this.dirty.add(shardOf(key));
      }
    }
    this.used.clear();
  }

  /** Reads every valid shard file; returns how many were present but rejected. */
  load(dir: string): number {
    let rejected = 0;
    for (let n = 0; n < SHARDS; n++) {
      const file = path.join(dir, `${this.section}-${n}.bin`);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        continue;
      }
      const payload = readShard(bytes);
      if (!payload) {
        rejected++;
        this.dirty.add(n);
        continue;
      }
      for (const entry of payload) {
        const [key, value] = Array.isArray(entry) ? (entry as [unknown, unknown]) : [];
        if (typeof key === 'string' && shardOf(key) === n && this.valid(value)) this.entries.set(key, value as V);
        else this.dirty.add(n);
      }
    }
    return rejected;
  }

  /** Writes the shards that changed, each by write-then-rename so a killed build never leaves half a file. */
  save(dir: string): void {
    if (this.dirty.size === 0) return;
    fs.mkdirSync(dir, { recursive: true });
    const byShard = new Map<number, [string, V][]>([...this.dirty].map((n) => [n, []]));
    for (const entry of this.entries) byShard.get(shardOf(entry[0]))?.push(entry);
    for (const [n, list] of byShard) {
      const file = path.join(dir, `${this.section}-${n}.bin`);
      if (list.length === 0) {
        fs.rmSync(file, { force: true });
        continue;
      }
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, writeShard(list));
      fs.renameSync(temp, file);
    }
    this.dirty.clear();
  }
}

function header(payload: Uint8Array): string {
  const sum = crypto.createHash('sha1').update(payload).digest('base64url');
  return `${MAGIC} ${CACHE_FORMAT} ${TOOL_VERSION} ${payload.length} ${sum}\n`;
}

function writeShard(list: unknown): Buffer {
  const payload = v8.serialize(list);
  return Buffer.concat([Buffer.from(header(payload)), payload]);
}

/** The payload of a shard file, or undefined when anything about it is off. */
export function readShard(bytes: Buffer): unknown[] | undefined {
  const end = bytes.indexOf(10);
  if (end < 0 || end > 200) return undefined;
  const payload = bytes.subarray(end + 1);
  if (bytes.subarray(0, end + 1).toString('latin1') !== header(payload)) return undefined;
  try {
    const value = v8.deserialize(payload) as unknown;
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** FNV-1a of the key: which shard file holds it. */
function shardOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % SHARDS;
}
