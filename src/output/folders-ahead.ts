import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { recycledName } from './recycle.js';

/**
 * The previous output's folders, made in the next output's temporary folder on a thread of their own
 * while the build works out what changed. A build that changes a page swaps in a whole new folder
 * (write-site.ts), and when there is no retired folder to start from (the first change after a full
 * build) that means making every folder of the site again: some 5,700 at 4,000 bulletins, a tenth of
 * a one-edit build, all of it kernel time on the main thread. Here it is done on the other core
 * while this thread renders and plans. A thread of its own, not Node's thread pool: the pool's
 * callbacks need this thread's event loop, which the plan stage does not turn.
 *
 * Started only when the build will most likely write a new folder (some bulletin changed). If it
 * does not, or the build fails, `discard` removes the folder; nothing outside it is touched.
 */
export class FoldersAhead {
  /** The temporary folder, named as the writer names its own (so a killed build's is cleared the same way). */
  readonly temp: string;
  /** Every folder made in it (absolute), parents before children. */
  readonly folders: readonly string[];
  private worker?: Worker;
  private readonly done: Promise<boolean>;
  private adopted = false;

  private constructor(temp: string, folders: string[]) {
    this.temp = temp;
    this.folders = folders;
    const job = { temp, folders };
    if (!fs.existsSync(WORKER_FILE)) {
      // Running from TypeScript sources (the tests): made here, in turn.
      this.done = Promise.resolve(makeFolders(job));
      return;
    }
    const worker = (this.worker = new Worker(WORKER_FILE, { workerData: job }));
    this.done = new Promise((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    void this.done.then(() => (this.worker = undefined));
  }

  /**
   * Starts making the folders of the files `previous` lists for a new output folder beside `outDir`;
   * undefined when there is nothing to gain: no previous output, or a retired folder to start from.
   */
  static start(outDir: string, previous: Readonly<Record<string, unknown>>): FoldersAhead | undefined {
    const out = path.resolve(outDir);
    const parent = path.dirname(out);
    const name = path.basename(out);
    const files = Object.keys(previous);
    if (files.length === 0 || fs.existsSync(path.join(parent, recycledName(name)))) return undefined;
    const temp = path.join(parent, `.${name}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    return new FoldersAhead(temp, foldersOf(temp, files));
  }

  /** Settles true once every folder is made, false when that failed (then the build makes its own). */
  ready(): Promise<boolean> {
    return this.done;
  }

  /** Hands the folder over to the writer, which removes it if the build fails from then on. */
  adopt(): void {
    this.adopted = true;
  }

  /** Removes the folder, unless the writer took it. */
  async discard(): Promise<void> {
    if (this.adopted) return;
    // Stopped first, so that no folder is made after the removal.
    await this.worker?.terminate();
    fs.rmSync(this.temp, { recursive: true, force: true });
  }
}

/** Every folder that holds one of `files` (relative, forward slashes), under `root`, parents first. */
export function foldersOf(root: string, files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.' && !folders.has(dir); dir = path.posix.dirname(dir)) folders.add(dir);
  }
  // A parent's path is a prefix of its children's, so it sorts before them.
  return [...folders].sort().map((dir) => path.join(root, dir));
}

/** The thread's job (make-folders-worker.ts): the folder, then each folder in it, in order. */
export function makeFolders(job: { temp: string; folders: readonly string[] }): boolean {
  try {
    fs.mkdirSync(job.temp);
    for (const dir of job.folders) fs.mkdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

const WORKER_FILE = fileURLToPath(new URL('./make-folders-worker.js', import.meta.url));
