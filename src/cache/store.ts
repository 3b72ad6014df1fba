import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import crypto from 'node:crypto';
import { CACHE_FORMAT, TOOL_VERSION } from './hash.js';

/** Entries are spread over this many files per section, so a warm build rewrites only the few it touched. */
const SHARDS = 32;

export interface StoreOptions {
  /** Files the section is spread over (default 32). */
  shards?: number;
  /**
   * Read a shard only when one of its keys is asked for, not all at once: for bulky values that a
   * warm build rarely needs (rendered HTML and text). Such a store is pruned by `retain`.
   */
  lazy?: boolean;
  /** How a shard's entries are laid out in its file; by default, V8's serializer. */
  codec?: ShardCodec;
}

/**
 * A store's own layout of a shard, for values that are mostly bulky typed arrays: decoded as views
 * into the file's bytes, not copied out of them one array at a time.
 */
export interface ShardCodec {
  encode(entries: readonly (readonly [string, unknown])[]): Uint8Array;
  /** The entries, or undefined when the bytes are not a layout `encode` made (checked by the store as any entry is). */
  decode(bytes: Buffer): unknown[] | undefined;
}
const MAGIC = 'bulletin-cache';
/** Shard files `saveAsync` has being written at once. */
const WRITES_IN_FLIGHT = 4;

/**
 * A key → value map kept in memory across builds of one process and mirrored on disk in shard files
 * (`<dir>/<section>-<n>.bin`). Each file is a header line — format, tool version, the SHA-1 and length
 * of the payload — and a V8-serialized payload (plain data and typed arrays; nothing in it can run), or
 * one in the section's own layout (see `ShardCodec`).
 * A file whose header, checksum or payload does not check out is ignored, never trusted: a corrupt or
 * stale cache only costs the work of rebuilding what it held.
 */
export class CacheStore<V> {
  private readonly entries = new Map<string, V>();
  private readonly used = new Set<string>();
  private readonly dirty = new Set<number>();
  private readonly shards: number;
  private readonly lazy: boolean;
  private readonly codec?: ShardCodec;
  /** A lazy store: the folder its shards are read from, and the shards read so far. */
  private dir?: string;
  private readonly read = new Set<number>();
  /** Shard files found but rejected (corrupt, or from another version), eagerly or lazily read: see `rejectedFiles`. */
  rejected = 0;
  /** A lazy store: which keys to keep (see `retain`), for the shards only read when they are saved. */
  private keep?: (key: string) => boolean;

  /** `valid` checks the shape of each loaded value, so an entry from an older layout is dropped, not used. */
  constructor(
    readonly section: string,
    private readonly valid: (value: unknown) => boolean = () => true,
    options: StoreOptions = {},
  ) {
    this.shards = options.shards ?? SHARDS;
    this.lazy = options.lazy ?? false;
    this.codec = options.codec;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    this.readLazily(key);
    const value = this.entries.get(key);
    if (value !== undefined) this.used.add(key);
    return value;
  }

  /** The value under `key`, without counting it as asked for (so the next save may drop it). */
  peek(key: string): V | undefined {
    this.readLazily(key);
    return this.entries.get(key);
  }

  /** Whether the store holds `key`, without counting as asked for. */
  has(key: string): boolean {
    this.readLazily(key);
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    // A lazy shard not read yet is read when it is saved, and what it held merged in then.
    this.entries.set(key, value);
    this.used.add(key);
    this.dirty.add(this.shardOf(key));
  }

  /** Forgets `key` (a value known to be out of date). */
  delete(key: string): void {
    this.readLazily(key);
    if (this.entries.delete(key)) this.dirty.add(this.shardOf(key));
  }

  /** Marks every entry as asked for: the build kept a result made from all of them (the whole search index). */
  keepAll(): void {
    for (const key of this.entries.keys()) this.used.add(key);
  }

  /**
   * Drops what this build did not ask for (deleted bulletins, old versions), so the cache never grows
   * without bound; returns the keys dropped.
   */
  prune(): string[] {
    const dropped: string[] = [];
    for (const key of this.entries.keys()) {
      if (!this.used.has(key)) {
        this.entries.delete(key);
        this.dirty.add(this.shardOf(key));
        dropped.push(key);
      }
    }
    this.used.clear();
    return dropped;
  }

  /**
   * Prunes a lazy store by another store's keys: `dropped` are keys that are to go, and every shard
   * read (now or when it is saved) keeps only the keys `keep` accepts. Shards neither read nor holding
   * a dropped key are left as they are, so a build that asks for few values reads and rewrites few files.
   */
  retain(keep: (key: string) => boolean, dropped: Iterable<string>): void {
    this.keep = keep;
    for (const key of dropped) this.dirty.add(this.shardOf(key));
    for (const key of this.entries.keys()) {
      if (!keep(key)) {
        this.entries.delete(key);
        this.dirty.add(this.shardOf(key));
      }
    }
    this.used.clear();
  }

  /**
   * A lazy store: forgets the values of every shard saved as it is (not changed since its last save),
   * so they no longer take memory; each is read back from its file when one of its keys is asked for,
   * as in a fresh process. A shard changed since (or whose save failed) keeps its values. Not while a
   * save is under way (`saveAsync` serializes each shard only when its turn comes).
   */
  evict(): void {
    if (!this.lazy || this.dir === undefined) return;
    for (const key of this.entries.keys()) if (!this.dirty.has(this.shardOf(key))) this.entries.delete(key);
    for (const n of this.read) if (!this.dirty.has(n)) this.read.delete(n);
  }

  /** Reads every valid shard file (a lazy store: none yet, each is read when a key in it is asked for). */
  load(dir: string): void {
    if (this.lazy) {
      this.dir = dir;
      return;
    }
    for (let n = 0; n < this.shards; n++) this.readShardFile(dir, n);
  }

  private readLazily(key: string): void {
    if (!this.lazy || this.dir === undefined || this.entries.has(key)) return;
    this.readShardOnce(this.shardOf(key));
  }

  private readShardOnce(n: number): void {
    if (this.dir === undefined || this.read.has(n)) return;
    this.read.add(n);
    const added = this.readShardFile(this.dir, n);
    for (const key of added ?? []) if (this.keep && !this.keep(key)) this.entries.delete(key);
  }

  /** Adds shard n's entries and returns their keys; undefined when the file is there but rejected (it is then rewritten on save). */
  private readShardFile(dir: string, n: number): string[] | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, `${this.section}-${n}.bin`));
    } catch {
      return [];
    }
    const payload = readShard(bytes, this.codec);
    if (!payload) {
      this.dirty.add(n);
      this.rejected++;
      return undefined;
    }
    const added: string[] = [];
    for (const entry of payload) {
      const [key, value] = Array.isArray(entry) ? (entry as [unknown, unknown]) : [];
      // What this process set before a lazy shard was read is newer than what the file holds.
      if (typeof key === 'string' && this.shardOf(key) === n && this.valid(value)) {
        if (this.entries.has(key)) continue;
        this.entries.set(key, value as V);
        added.push(key);
      } else this.dirty.add(n);
    }
    return added;
  }

  /** Writes the shards that changed, each by write-then-rename so a killed build never leaves half a file. */
  save(dir: string): void {
    const shards = this.takeDirty(dir);
    try {
      for (const [file, bytes] of shards.files) {
        if (bytes === null) fs.rmSync(file, { force: true });
        else {
          writeChunksSync(tempOf(file), bytes);
          fs.renameSync(tempOf(file), file);
        }
      }
    } catch (cause) {
      shards.failed();
      throw cause;
    }
  }

  /**
   * `save`, with the files written on libuv's threads while this thread serializes the next shards
   * (a few at a time, so the serialized shards held at once stay small), and whatever this thread
   * does next: at 20,000 bulletins the rendered bodies are about 300 MB to write.
   */
  async saveAsync(dir: string): Promise<void> {
    const shards = this.takeDirty(dir);
    const writing: Promise<void>[] = [];
    // Each write's failure is caught as it happens (never left unhandled while another is awaited); the first is thrown.
    let failure: { cause: unknown } | undefined;
    const write = async (file: string, bytes: Chunks | null) => {
      try {
        if (bytes === null) return await fs.promises.rm(file, { force: true });
        // Given the chunks as an iterable, writeFile writes each in turn (and what a short write left).
        await fs.promises.writeFile(tempOf(file), bytes);
        await fs.promises.rename(tempOf(file), file);
      } catch (cause) {
        failure ??= { cause };
      }
    };
    try {
      for (const [file, bytes] of shards.files) {
        if (failure) break;
        writing.push(write(file, bytes));
        if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
      }
    } catch (cause) {
      failure ??= { cause }; // serializing a shard failed
    }
    // Every write started is let finish (or fail) before the next save may start the same files.
    await Promise.all(writing);
    if (failure) {
      shards.failed();
      throw failure.cause;
    }
  }

  /**
   * The shards that changed, as files to write (bytes) or remove (null), each serialized only when
   * its turn comes. They count as saved from now on; `failed` marks them changed again.
   */
  private takeDirty(dir: string): { files: Iterable<[file: string, bytes: Chunks | null]>; failed(): void } {
    const taken = [...this.dirty];
    this.dirty.clear();
    if (taken.length > 0) fs.mkdirSync(dir, { recursive: true });
    // A lazy shard changed without being read: what it held is merged in (and pruned) before it is rewritten.
    if (this.lazy) for (const n of taken) this.readShardOnce(n);
    const byShard = new Map<number, [string, V][]>(taken.map((n) => [n, []]));
    for (const entry of this.entries) byShard.get(this.shardOf(entry[0]))?.push(entry);
    const { section, codec } = this;
    function* files(): Generator<[string, Chunks | null]> {
      for (const [n, list] of byShard) yield [path.join(dir, `${section}-${n}.bin`), list.length === 0 ? null : writeShard(list, codec)];
    }
    return { files: files(), failed: () => taken.forEach((n) => this.dirty.add(n)) };
  }

  /** FNV-1a of the key: which shard file holds it. */
  private shardOf(key: string): number {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return (h >>> 0) % this.shards;
  }
}

/** Where a shard is written before it is renamed into place: this process's own name, so two never collide. */
function tempOf(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/** The header line, padded with spaces to a multiple of 8 bytes, so a payload read with it starts aligned for typed-array views. */
function header(payload: Uint8Array): string {
  const sum = crypto.createHash('sha1').update(payload).digest('base64url');
  const line = `${MAGIC} ${CACHE_FORMAT} ${TOOL_VERSION} ${payload.length} ${sum}`;
  return `${line.padEnd(line.length + ((8 - ((Buffer.byteLength(line) + 1) % 8)) % 8))}\n`;
}

/** A shard file's bytes as its header and its payload, written one after the other: never copied into one buffer (at 4,000 bulletins, 125 ms of 80 MB). */
type Chunks = readonly [header: Uint8Array, payload: Uint8Array];

function writeShard(list: readonly (readonly [string, unknown])[], codec?: ShardCodec): Chunks {
  const payload = codec ? codec.encode(list) : v8.serialize(list);
  return [Buffer.from(header(payload)), payload];
}

function writeChunksSync(file: string, chunks: Chunks): void {
  const fd = fs.openSync(file, 'w');
  try {
    // A write may take fewer bytes than asked: the rest follows.
    for (const chunk of chunks) for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at, chunk.length - at);
  } finally {
    fs.closeSync(fd);
  }
}

/** The payload of a shard file, or undefined when anything about it is off. */
export function readShard(bytes: Buffer, codec?: ShardCodec): unknown[] | undefined {
  const end = bytes.indexOf(10);
  if (end < 0 || end > 200) return undefined;
  const payload = bytes.subarray(end + 1);
  if (bytes.subarray(0, end + 1).toString('latin1') !== header(payload)) return undefined;
  try {
    const value = codec ? codec.decode(payload) : (v8.deserialize(payload) as unknown);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
