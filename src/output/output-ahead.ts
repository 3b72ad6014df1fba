import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { recycledName } from './recycle.js';

/**
 * The next output folder, prepared on a thread of its own while the build renders and plans: every
 * folder of the previous output made, and every file of it that still looks as its manifest says
 * hard-linked in. A build that changes a page swaps in a whole new folder (write-site.ts), and when
 * there is no retired folder to start from (the first change after a full build) that means making
 * some 5,700 folders and 6,300 links at 4,000 bulletins: a fifth of a one-edit build, nearly all of
 * it kernel time on the main thread. Here it is done on the other core. A thread of its own, not
 * Node's thread pool: the pool's callbacks need this thread's event loop, which the plan stage does
 * not turn.
 *
 * Started only when the build will most likely write a new folder (some bulletin changed). The
 * writer adopts the folder: it unlinks a linked file before writing a new one in its place (writing
 * into the link would change the live site) and removes, before the swap, the linked files and the
 * folders this build does not have. If it does not adopt it, `discard` removes the folder; nothing
 * outside it is touched.
 */
export class OutputAhead {
  /** The temporary folder, named as the writer names its own (so a killed build's is cleared the same way). */
  readonly temp: string;
  /** Every folder made in it (absolute), parents before children. */
  readonly folders: readonly string[];
  /** The previous output's files linked in (relative paths), once `ready()` settled true. */
  readonly linked = new Set<string>();
  private worker?: Worker;
  private readonly done: Promise<boolean>;
  private adopted = false;
  /** Whether `ready()` has settled. */
  settled = false;

  private constructor(job: AheadJob) {
    this.temp = job.temp;
    this.folders = job.folders;
    const finish = (linked: Int32Array | undefined) => {
      if (!linked) return false;
      for (const i of linked) this.linked.add(job.files[i]!);
      return true;
    };
    if (!fs.existsSync(WORKER_FILE)) {
      // Running from TypeScript sources (the tests): prepared here, in turn.
      this.done = Promise.resolve(finish(prepareOutput(job)));
      this.settled = true;
      return;
    }
    const worker = (this.worker = new Worker(WORKER_FILE, { workerData: job }));
    this.done = new Promise((resolve) => {
      worker.once('message', (linked: Int32Array) => resolve(finish(linked)));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    void this.done.then(() => {
      this.worker = undefined;
      this.settled = true;
    });
  }

  /**
   * Starts preparing a new output folder beside `outDir` from the output folder's `manifest` (path →
   * [hash, size]); undefined when there is nothing to gain: no previous output, or a retired folder
   * to start from.
   */
  static start(outDir: string, manifest: Readonly<Record<string, readonly [string, number]>>): OutputAhead | undefined {
    const out = path.resolve(outDir);
    const parent = path.dirname(out);
    const name = path.basename(out);
    // The manifest sits in the output folder, where anyone may have changed it: only paths that stay inside.
    const files = Object.keys(manifest).filter((rel) => isInsidePath(rel) && typeof manifest[rel]?.[1] === 'number');
    if (files.length === 0 || fs.existsSync(path.join(parent, recycledName(name)))) return undefined;
    const temp = path.join(parent, `.${name}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    return new OutputAhead({ out, temp, folders: foldersOf(temp, files), files, sizes: files.map((f) => manifest[f]![1]) });
  }

  /** Settles true once every folder is made and every file linked, false when that failed (then the build makes its own). */
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
    // Stopped first, so that nothing is made after the removal.
    await this.worker?.terminate();
    fs.rmSync(this.temp, { recursive: true, force: true });
  }
}

/** What the thread is given: the live output folder, the new one, and the previous output's files. */
export interface AheadJob {
  out: string;
  temp: string;
  folders: readonly string[];
  files: readonly string[];
  sizes: readonly number[];
}

/** A relative path with forward slashes that names something inside its folder (no `..`, no empty or `.` segment). */
export function isInsidePath(rel: string): boolean {
  return rel !== '' && !rel.includes('\\') && !rel.includes('\0') && rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
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

/**
 * The thread's job (output-ahead-worker.ts): the folder, each folder in it in order, then a link to
 * each previous file that is a file of the size the manifest says (as the writer checks before it
 * links one). Returns the indices of the files linked, or undefined when a folder could not be made.
 */
export function prepareOutput(job: AheadJob): Int32Array | undefined {
  try {
    fs.mkdirSync(job.temp);
    for (const dir of job.folders) fs.mkdirSync(dir);
  } catch {
    return undefined;
  }
  const linked: number[] = [];
  for (let i = 0; i < job.files.length; i++) {
    const rel = job.files[i]!;
    const source = path.join(job.out, rel);
    try {
      const stat = fs.lstatSync(source);
      if (!stat.isFile() || stat.size !== job.sizes[i]) continue;
      fs.linkSync(source, path.join(job.temp, rel));
      linked.push(i);
    } catch {
      // Gone or unreadable: the writer makes this file itself if the build has it.
    }
  }
  return Int32Array.from(linked);
}

const WORKER_FILE = fileURLToPath(new URL('./output-ahead-worker.js', import.meta.url));
