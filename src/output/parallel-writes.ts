import fs from 'node:fs';
import path from 'node:path';

/**
 * New files written through Node's thread pool, several at once, into folders made on the way.
 * Creating a file or folder is kernel work of 0.05 to 1 ms on the disks we measured, and far more
 * right after a site's worth of files was deleted nearby (ext4 then scans past every recently freed
 * inode for each new one: 4,000 folders and pages took 0.6 s on a fresh disk and 2.9 to 4.9 s after
 * `rm -rf dist`, all of it system time). Done one at a time on the main thread, that stalls the build
 * behind it while a core sits idle; in the pool the creations overlap with one another and with
 * rendering. Only for a folder that this writer alone fills (every target new, no file in the way).
 */
export class ParallelWrites {
  private readonly queue: { target: string; bytes: Uint8Array }[] = [];
  private next = 0;
  private running = 0;
  private failure?: Error;
  private readonly folders = new Map<string, Promise<void>>();
  private waiters: { queued: number; resolve: () => void }[] = [];

  /**
   * `parallel`: writes in flight at once (the pool has four threads by default); `existing`: folders
   * already made (see output-ahead.ts), not asked for again.
   */
  constructor(
    private readonly parallel = 8,
    existing: Iterable<string> = [],
  ) {
    for (const dir of existing) this.folders.set(dir, MADE);
  }

  /** The first write that failed: the folder is incomplete, and nothing more is written. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Nothing waiting and nothing in flight. */
  get idle(): boolean {
    return this.running === 0 && this.waiting() === 0;
  }

  /** Queues `bytes` for `target` (inside `root`); throws the first failure instead once there is one. */
  write(target: string, bytes: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.queue.push({ target, bytes });
    this.pump();
  }

  /** Settles once at most `queued` writes are waiting to start (0: once every write has finished). */
  settled(queued = 0): Promise<void> {
    if (this.waiting() <= queued && (queued > 0 || this.running === 0)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ queued, resolve }));
  }

  /** Drops the writes not yet started; undefined when none is in flight, else settles when they have finished. */
  stop(): Promise<void> | undefined {
    this.queue.length = this.next = 0;
    return this.running === 0 ? undefined : this.settled(0);
  }

  private waiting(): number {
    return this.queue.length - this.next;
  }

  private pump(): void {
    while (this.running < this.parallel && this.waiting() > 0 && !this.failure) {
      const { target, bytes } = this.queue[this.next]!;
      this.queue[this.next++] = undefined as never; // the bytes go as soon as they are written
      if (this.next > 1024 && this.next * 2 > this.queue.length) {
        this.queue.splice(0, this.next);
        this.next = 0;
      }
      this.running++;
      this.folder(path.dirname(target))
        .then(() => writeFile(target, bytes))
        .catch((cause: Error) => {
          this.failure ??= cause;
          this.queue.length = this.next = 0;
        })
        .finally(() => {
          this.running--;
          this.pump();
          this.wake();
        });
    }
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting();
    this.waiters = this.waiters.filter((w) => {
      const ready = waiting <= w.queued && (w.queued > 0 || this.running === 0);
      if (ready) w.resolve();
      return !ready;
    });
  }

  /** mkdir -p, asked once per folder (a folder made meanwhile by the writer's synchronous path for linked files is fine). */
  private folder(dir: string): Promise<void> {
    let made = this.folders.get(dir);
    if (!made) {
      made = fs.promises.mkdir(dir, { recursive: true }).then(() => undefined);
      this.folders.set(dir, made);
    }
    return made;
  }
}

const MADE: Promise<void> = Promise.resolve();

/**
 * `fs.promises.writeFile` by the callback API, which opens, writes and closes without a FileHandle
 * and a promise per step: 6,000 new 15 KB files cost 0.6 times the user CPU.
 */
function writeFile(target: string, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => fs.writeFile(target, bytes, (error) => (error ? reject(error) : resolve())));
}
