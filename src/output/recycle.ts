import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The output folder of the build before last, kept beside the live one (`.dist.prev`) instead of being
 * deleted. Deleting a site's thousands of folders is the slowest thing a warm build does on many disks
 * (on this project's benchmark machine, most of its time), and recreating them is next. So the writer
 * starts each build from the retired folder: its folders already exist, and its unchanged files are
 * already hard links to the live ones, so a build that changes nothing creates and deletes nothing.
 */
export function recycledName(name: string): string {
  return `.${name}.prev`;
}

/**
 * Moves the retired output folder to `temp` and starts listing every file it holds, or returns
 * undefined when there is none to reuse (then `temp` does not exist yet). Every file is listed, not
 * just those its manifest names, so nothing put there by hand can leak into a new site.
 */
export function takeRecycled(parent: string, name: string, temp: string): Listing | undefined {
  const prev = path.join(parent, recycledName(name));
  if (!fs.existsSync(prev)) return undefined;
  try {
    fs.renameSync(prev, temp);
  } catch {
    fs.rmSync(prev, { recursive: true, force: true });
    return undefined;
  }
  return new Listing(temp);
}

/** Every file under `dir`, relative, forward slashes. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string, rel: string) => {
    for (const e of fs.readdirSync(at, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(at, e.name), `${rel}${e.name}/`);
      else files.push(`${rel}${e.name}`);
    }
  };
  walk(dir, '');
  return files;
}

/** The compiled worker; absent when running from TypeScript sources (vitest), then the folder is listed in-process. */
const WORKER_FILE = fileURLToPath(new URL('./list-files-worker.js', import.meta.url));

/**
 * The files of a recycled folder, listed on a worker thread: reading its thousands of folders took a
 * tenth of a one-edit build, and the build needs the list only when it commits (to remove what it did
 * not write). Files the build writes meanwhile are in its manifest, so it does not matter whether the
 * listing saw them.
 */
export class Listing {
  private files?: string[];
  private worker?: Worker;
  private readonly done: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {
    if (!fs.existsSync(WORKER_FILE)) return;
    const worker = (this.worker = new Worker(WORKER_FILE, { workerData: dir }));
    this.done = new Promise((resolve) => {
      worker.once('message', (files: string[]) => {
        this.files ??= files;
        resolve();
      });
      // A thread that fails leaves the listing to `get`.
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    });
  }

  /** Settles when the thread is done: awaited before `get`, it never waits. */
  ready(): Promise<void> {
    return this.done;
  }

  /** Every file the folder held (see listFiles); listed here when the thread has not finished. */
  get(): string[] {
    this.files ??= listFiles(this.dir);
    this.stop();
    return this.files;
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** After the swap: the folder that was live is kept for the next build instead of deleted. */
export function retire(old: string, parent: string, name: string): void {
  const prev = path.join(parent, recycledName(name));
  fs.rmSync(prev, { recursive: true, force: true });
  fs.renameSync(old, prev);
}

/**
 * Makes `target` free for a new file. In a recycled folder it may be a hard link to a live file, so it
 * is unlinked, never written through (writing into it would change the live site before the swap).
 */
export function clearTarget(target: string): void {
  fs.rmSync(target, { recursive: true, force: true });
}

/**
 * Puts `bytes` at `target` in a recycled folder. A file there that nothing else links to (one link: it
 * changed in the build that retired it, so the live site has a newer one) is written over in place.
 * Unlinking it instead frees its blocks, and on a disk mounted with online discard the kernel trims them
 * there and then: 0.36 ms per file against 0.02 ms to write over (1,000 files of 12 KB on this
 * project's benchmark machine), a third of a second when one bulletin is added to 4,000. A file that
 * is also the live site's (more than one link) is unlinked first, never written through.
 */
export function writeRecycled(target: string, bytes: Uint8Array): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(target);
  } catch {
    stat = undefined;
  }
  // One that cannot be opened for writing (made read-only by hand, say) is replaced as any other.
  const oldSize = stat?.isFile() && stat.nlink === 1 ? stat.size : -1;
  const fd = oldSize >= 0 ? openForWriting(target) : undefined;
  if (fd !== undefined) {
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at, at);
      if (oldSize > bytes.length) fs.ftruncateSync(fd, bytes.length);
    } finally {
      fs.closeSync(fd);
    }
    return;
  }
  if (stat) clearTarget(target);
  fs.writeFileSync(target, bytes);
}

function openForWriting(file: string): number | undefined {
  try {
    return fs.openSync(file, 'r+');
  } catch {
    return undefined;
  }
}

/** mkdir -p inside `root`; in a recycled folder a file may stand where a folder is now wanted: it goes. */
export function makeDir(root: string, dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    const parts = path.relative(root, dir).split(path.sep);
    for (let i = 1; i <= parts.length; i++) {
      const at = path.join(root, ...parts.slice(0, i));
      if (fs.existsSync(at) && !fs.lstatSync(at).isDirectory()) fs.rmSync(at, { force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
  }
}

/** True when `target` already is the very file `source` is (same inode): nothing to do. */
export function sameFile(source: fs.Stats, target: string): boolean {
  try {
    const t = fs.lstatSync(target);
    return t.ino === source.ino && t.dev === source.dev;
  } catch {
    return false;
  }
}

/** Removes files the recycled folder held that this build does not write, and folders left empty. */
export function removeLeftovers(temp: string, leftovers: Iterable<string>): void {
  for (const rel of leftovers) {
    fs.rmSync(path.join(temp, rel), { force: true });
    for (let dir = path.dirname(path.join(temp, rel)); dir.length > temp.length; dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break; // not empty: a page still lives there
      }
    }
  }
}
