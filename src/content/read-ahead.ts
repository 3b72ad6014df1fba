import fs from 'node:fs';

/** A file to read, with the size discovery found (to bound the bytes read ahead). */
export interface FileToRead {
  absPath: string;
  size: number;
}

/** One file's bytes, or why it could not be read; `startedAt` is when the read began (epoch ms). */
export type ReadResult = ({ bytes: Uint8Array } | { error: Error }) & { startedAt: number };

export interface ReadAheadOptions {
  /** Files read ahead of the caller at most (in flight or waiting to be taken). */
  files: number;
  /** Bytes read ahead of the caller at most (one file is always allowed, however large). */
  bytes: number;
  /** A read on this thread slower than this (ms) counts as slow: the disk, not the cache. */
  slowReadMs: number;
  /** Read ahead from the first file, without waiting to see slow reads (for tests). */
  aheadFromStart: boolean;
}

const DEFAULTS: ReadAheadOptions = { files: 32, bytes: 32 << 20, slowReadMs: 0.5, aheadFromStart: false };

/**
 * Reads a list of files in the order the caller will take them. A file the operating system has
 * cached reads in about 15 µs on this thread, far less than a read through Node's thread pool costs
 * this thread in callbacks and promises (200 ms more for 4,000 files, and the load stage measured
 * 0.5 s slower), so files are read here, one by one, as long as reads are quick. One that is not
 * cached costs a disk round trip (0.1 to over 1 ms here; 20,000 bulletins once spent 24 s of the load
 * stage waiting, a core idle). Once reads are seen to be slow, the rest are read ahead, several at
 * once through the thread pool, while the caller parses the ones already read: the waits overlap
 * with each other and with the work (load stage at 20,000 bulletins whose files were evicted from
 * the cache: 6.7–8.0 s instead of 8.2–11.9 s). What is read ahead is bounded in files and bytes, so
 * memory stays flat.
 */
export class ReadAhead {
  private readonly pending: (Promise<ReadResult> | undefined)[];
  private started = 0;
  private taken = 0;
  private bytesAhead = 0;
  private slowReads = 0;
  private ahead = false;
  private readonly limits: ReadAheadOptions;

  constructor(
    private readonly files: readonly FileToRead[],
    limits: Partial<ReadAheadOptions> = {},
  ) {
    this.limits = { ...DEFAULTS, ...limits };
    this.pending = new Array(files.length);
    if (this.limits.aheadFromStart) this.readAhead();
  }

  /** Whether files are now read ahead through the thread pool (reads were slow). */
  get readingAhead(): boolean {
    return this.ahead;
  }

  /** The next file's bytes (files come in the order given, each once); never rejects. */
  async next(): Promise<ReadResult> {
    if (this.taken >= this.files.length) throw new Error('ReadAhead: every file was already taken.');
    const i = this.taken;
    if (!this.ahead) {
      this.taken++;
      this.started++;
      return this.readHere(this.files[i]!);
    }
    this.fill(); // starts file i if it is not yet: the bounds never hold back the next file taken
    const read = this.pending[i]!;
    this.pending[i] = undefined;
    this.taken++;
    const result = await read;
    this.bytesAhead -= this.files[i]!.size;
    this.fill();
    return result;
  }

  private readHere(file: FileToRead): ReadResult {
    const startedAt = Date.now();
    const clock = performance.now();
    try {
      return { bytes: fs.readFileSync(file.absPath), startedAt };
    } catch (cause) {
      return { error: cause as Error, startedAt };
    } finally {
      // A few slow reads may be a busy machine; many, and a good share of all, are the disk.
      if (performance.now() - clock > this.limits.slowReadMs && ++this.slowReads >= SLOW_READS && this.slowReads * 10 >= this.taken) this.readAhead();
    }
  }

  private readAhead(): void {
    this.ahead = true;
    this.fill();
  }

  private fill(): void {
    const { files, bytes } = this.limits;
    while (this.started < this.files.length && (this.started === this.taken || this.started - this.taken < files)) {
      const file = this.files[this.started]!;
      // The byte bound never holds back the very next file the caller will take.
      if (this.started > this.taken && this.bytesAhead + file.size > bytes) break;
      this.bytesAhead += file.size;
      this.pending[this.started++] = read(file.absPath);
    }
  }
}

/** Slow reads seen before reading ahead (and at least a tenth of the reads so far). */
const SLOW_READS = 16;

/**
 * A read that settles with the error instead of rejecting: a failure waits, unobserved, until its turn.
 * Through the callback API: `fs.promises.readFile` goes through a FileHandle and a promise per step,
 * and cost this thread 1.5 times the CPU for the same 4,000 files (24 MB).
 */
function read(absPath: string): Promise<ReadResult> {
  const startedAt = Date.now();
  return new Promise((settle) => fs.readFile(absPath, (error, bytes) => settle(error ? { error, startedAt } : { bytes, startedAt })));
}
