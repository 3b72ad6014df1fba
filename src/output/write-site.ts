import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics.js';
import { isInside } from '../util/paths.js';
import { fileHash } from '../util/file-hash.js';
import type { OutputAhead } from './output-ahead.js';
import { clearTarget, makeDir, removeLeftovers, retire, sameFile, takeRecycled, writeRecycled, type Listing } from './recycle.js';
import { ParallelWrites } from './parallel-writes.js';

/** One file of the built site: text or bytes to write, or a file to copy. */
export interface OutputFile {
  /** Relative path inside the output folder, forward slashes. */
  path: string;
  content?: string | Uint8Array;
  copyFrom?: string;
  /**
   * SHA-1 (base64url) of the bytes, when the caller knows them (a cached page): if the previous output
   * holds exactly these bytes the file is linked without being read or hashed again.
   */
  hash?: string;
  /** Who asked for this file (a bulletin's path or a page kind), for collision messages. */
  origin: string;
  /**
   * The file of the site folder this one is a copy of (an attachment, an asset, the emblem), from the
   * site folder: what to rename when another file takes its address.
   */
  source?: string;
}

export interface WriteResult {
  written: number;
  unchanged: number;
  removed: number;
  /** Output paths written or removed (the in-place writer only): which open pages need reloading. */
  changed?: string[];
}

/**
 * Output path → [content hash, size]. Kept inside the output folder so it travels with it, and free of
 * times so that two builds of the same content are byte-identical, manifest included.
 */
export type Manifest = Record<string, [hash: string, size: number]>;
const MANIFEST = '.bulletin/manifest.json';
/** Files a parallel writer lets wait before `caughtUp` holds its caller back (a few MB of pages). */
const PENDING_WRITES = 64;

/** Refuses output folders whose replacement would destroy the user's work. */
export function checkOutDir(outDir: string, protect: { root: string; contentDir: string; templatesDir: string }): Diagnostic[] {
  const out = path.resolve(outDir);
  // One mistake, one message: the first reason that applies is the one that explains it best.
  let reason: string | undefined;
  if (out === path.parse(out).root) reason = 'is the root of the disk';
  else if (isInside(out, protect.root)) reason = out === path.resolve(protect.root) ? 'is the site folder itself' : 'contains the site folder';
  else if (isInside(out, protect.contentDir) || isInside(protect.contentDir, out)) reason = 'overlaps the content folder';
  else if (isInside(out, protect.templatesDir) || isInside(protect.templatesDir, out)) reason = 'overlaps the templates folder';
  else if (fs.existsSync(out)) {
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !fs.existsSync(path.join(out, MANIFEST))) reason = 'already holds files that bulletin did not write';
  }
  if (reason === undefined) return [];
  return [error(`The output folder ${out} ${reason}, and building would replace it.`, { hint: 'Choose an empty folder or the default dist/ with --out.' })];
}

/** Two files for one path (or paths that differ only in letter case) are an error naming both. */
export function findCollisions(files: readonly OutputFile[]): Diagnostic[] {
  const check = new CollisionCheck();
  return files.flatMap((f) => check.check(f));
}

/** `findCollisions` a file at a time, for files that are written as they come. */
export class CollisionCheck {
  // Path, origin and source only: a check that kept the files would keep the whole site in memory.
  private readonly seen = new Map<string, Clashing>();

  check(f: OutputFile): Diagnostic[] {
    const out: Diagnostic[] = [];
    const key = f.path.toLowerCase();
    const first = this.seen.get(key);
    if (first) out.push(clash(first, f));
    else this.seen.set(key, { path: f.path, origin: f.origin, source: f.source });
    if (f.path.split('/').some((part) => part === '..' || part === '') || path.isAbsolute(f.path) || f.path.includes('\\') || f.path.includes('\0')) {
      out.push(error(`${f.origin} would write outside the output folder (${JSON.stringify(f.path)}).`));
    }
    return out;
  }
}

type Clashing = Pick<OutputFile, 'path' | 'origin' | 'source'>;

/**
 * Two files for one output path (compared ignoring letter case, as Windows and macOS disks do), with
 * what to change: a copied file is renamed, a page gets another address.
 */
function clash(first: Clashing, second: Clashing): Diagnostic {
  const where = first.path === second.path ? second.path : `${first.path} and ${second.path}, one file on Windows and macOS disks,`;
  const message = `Two files would be written to ${where} in the output folder: ${first.origin} and ${second.origin}.`;
  const sources = [first.source, second.source].filter((s) => s !== undefined);
  const hint =
    sources.length === 2
      ? `Rename ${sources[0]} or ${sources[1]} (and the links to it).`
      : sources.length === 1
        ? `Rename ${sources[0]} (and the links to it): the site makes a file of its own at that address.`
        : 'Change a slug or the permalink pattern so that every page has its own address.';
  return error(message, { hint });
}

/**
 * The only code that writes the output folder. Builds the complete site in a temporary folder beside
 * it and swaps it in only when everything was written, so a failed or killed build leaves the previous
 * site exactly as it was. Files whose bytes did not change are hard-linked from the previous output,
 * keeping their modification times for deploy tools that sync by time.
 */
export function writeSite(outDir: string, files: readonly OutputFile[], options: { ignorePrevious?: boolean } = {}): WriteResult {
  const writer = new SiteWriter(outDir, options);
  try {
    for (const f of files) writer.add(f);
  } catch (cause) {
    void writer.discard(); // synchronous: this writer is not parallel
    throw cause;
  }
  return writer.commit();
}

/**
 * `writeSite` a file at a time, so that a build can hand over each page as soon as it is rendered and
 * forget it: the site is never held in memory whole. Nothing is visible in the output folder until
 * `commit` swaps the temporary folder in; `discard` (after a problem found later in the build) removes
 * the temporary folder and leaves the output folder as it was.
 */
export class SiteWriter {
  private readonly out: string;
  private temp?: string;
  /** The retired output folder the new one starts from, being listed (see recycle.ts). */
  private recycled?: Listing;
  private readonly previous: Manifest;
  private readonly stats?: ReadonlyMap<string, fs.Stats>;
  private readonly manifest: Manifest = {};
  private readonly made = new Set<string>();
  /**
   * The output folder prepared ahead for this writer (see output-ahead.ts): its folders, the previous
   * files linked into it and not yet kept or replaced, and the folders this build's files went into.
   */
  private readonly ahead?: OutputAhead;
  private premade?: readonly string[];
  private linked?: Set<string>;
  private readonly used = new Set<string>();
  private readonly result: WriteResult = { written: 0, unchanged: 0, removed: 0 };
  /**
   * Unchanged files met before the first changed one: the temporary folder is made only when something
   * differs, so a build that changes nothing creates, links and swaps nothing.
   */
  private unchangedSoFar: string[] = [];
  private readonly parallel: boolean;
  /** New files of a new (not recycled) folder, when `parallel`: written on the thread pool. */
  private writes?: ParallelWrites;

  /**
   * `previous`: the output folder's manifest when the caller has read it already; `ignorePrevious`:
   * trust nothing in it; `stats`: stats of its files (by relative path) the caller took during this
   * build to check them, so that the writer does not take them again. `parallel`: new files are
   * written on Node's thread pool (see parallel-writes.ts) and `add` returns before they are on disk;
   * the caller then awaits `ready()` before `commit()`, and `discard()` before it goes. `ahead`: an
   * output folder prepared ahead (its `ready()` settled true), used instead of a new one.
   */
  constructor(
    outDir: string,
    options: { ignorePrevious?: boolean; previous?: Manifest; stats?: ReadonlyMap<string, fs.Stats>; parallel?: boolean; ahead?: OutputAhead } = {},
  ) {
    this.out = path.resolve(outDir);
    this.ahead = options.ahead;
    this.previous = options.ignorePrevious ? {} : (options.previous ?? readManifest(this.out));
    this.stats = options.stats;
    this.parallel = options.parallel ?? false;
  }

  /** Writes (or links) one file into the new site. */
  add(f: OutputFile): void {
    const known = this.previous[f.path];
    if (f.hash !== undefined && known && known[0] === f.hash && this.keep(f.path, known)) return;
    const { bytes, hash } = bytesOf(f);
    if (known && known[0] === hash && known[1] === bytes.length && this.keep(f.path, known)) return;
    const temp = this.open();
    const target = path.join(temp, f.path);
    if (this.premade) this.replaceAhead(f.path, target);
    if (this.writes) this.writes.write(target, bytes);
    else {
      this.folderFor(target);
      if (this.recycled) writeRecycled(target, bytes);
      else fs.writeFileSync(target, bytes);
    }
    this.manifest[f.path] = [hash, bytes.length];
    this.result.written++;
  }

  /**
   * Settles once few enough files wait to be written (in parallel mode): awaited now and then by a
   * caller that makes files faster than the disk takes them, so they do not pile up in memory.
   */
  caughtUp(): Promise<void> {
    return this.writes?.settled(PENDING_WRITES) ?? Promise.resolve();
  }

  /** Finishes the new site and swaps it in for the old one (or, when nothing changed, leaves it as it is). */
  commit(): WriteResult {
    // Swapping in a folder whose files are still being written would publish half a site.
    if (this.writes && !this.writes.idle && !this.writes.error) throw new Error('SiteWriter.commit() called before ready() settled');
    if (this.writes?.error) {
      const cause = this.writes.error;
      this.discard();
      throw cause;
    }
    const sorted: Manifest = {};
    for (const p of Object.keys(this.manifest).sort()) sorted[p] = this.manifest[p]!;
    const manifestText = JSON.stringify(sorted);
    this.result.removed = Object.keys(this.previous).filter((p) => !(p in this.manifest)).length;
    if (!this.temp && this.result.removed === 0 && readText(path.join(this.out, MANIFEST)) === manifestText) return this.result;
    const temp = this.open();
    try {
      if (this.recycled) removeLeftovers(temp, this.recycled.get().filter((rel) => rel !== MANIFEST && !(rel in this.manifest)));
      if (this.premade) {
        for (const rel of this.linked!) if (!(rel in this.manifest)) fs.rmSync(path.join(temp, rel), { force: true });
        removeUnused(temp, this.premade.filter((dir) => this.made.has(dir)), this.used);
      }
      makeDir(temp, path.join(temp, '.bulletin'));
      if (this.recycled || this.premade) clearTarget(path.join(temp, MANIFEST));
      fs.writeFileSync(path.join(temp, MANIFEST), manifestText);
      swap(temp, this.out);
    } catch (cause) {
      this.discard();
      throw cause;
    }
    return this.result;
  }

  /**
   * Keeps the previous output's file when it still looks like the one the manifest describes (a file
   * replaced by hand with one of another size is written again): linked into the new folder, or, while
   * there is none, only noted.
   */
  private keep(rel: string, entry: Manifest[string]): boolean {
    if (!this.temp) {
      if (!this.ahead?.linked.has(rel) && this.statOf(rel)?.size !== entry[1]) return false;
      this.unchangedSoFar.push(rel);
    } else if (!this.link(rel, entry)) return false;
    this.manifest[rel] = entry;
    this.result.unchanged++;
    return true;
  }

  /**
   * Drops the new site; the output folder stays as it was. With writes still in flight (parallel
   * mode) the temporary folder goes when they have finished: await the result before exiting.
   */
  discard(): Promise<void> {
    this.recycled?.stop();
    const temp = this.temp;
    this.temp = undefined;
    const remove = () => {
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    };
    const inFlight = this.writes?.stop();
    if (!inFlight) {
      remove();
      return Promise.resolve();
    }
    return inFlight.then(remove);
  }

  /**
   * Settles once what `commit` needs is at hand (every file on disk, the recycled folder's listing):
   * awaited first, commit does not wait on the disk.
   */
  ready(): Promise<void> {
    return Promise.all([this.recycled?.ready(), this.writes?.settled(0)]).then(() => undefined);
  }

  /** The temporary folder, made on first use (so a build that fails early creates nothing). */
  private open(): string {
    if (this.temp) return this.temp;
    const parent = path.dirname(this.out);
    const name = path.basename(this.out);
    fs.mkdirSync(parent, { recursive: true });
    removeStaleTemporaries(parent, name, this.ahead?.temp);
    let temp: string;
    if (this.ahead) {
      // Its folders are there already; those this build does not fill are removed before the swap.
      this.ahead.adopt();
      temp = this.ahead.temp;
      this.premade = this.ahead.folders;
      this.linked = this.ahead.linked;
      for (const dir of this.premade) this.made.add(dir);
    } else {
      temp = path.join(parent, `.${name}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
      // Start from the retired output folder when there is one (see recycle.ts): what it holds beyond
      // this build's files is removed before the swap.
      this.recycled = takeRecycled(parent, name, temp);
      if (!this.recycled) fs.mkdirSync(temp);
    }
    this.temp = temp;
    // A recycled folder holds old files and folders in the way of new ones: cleared one by one, here.
    if (this.parallel && !this.recycled) this.writes = new ParallelWrites(undefined, this.premade);
    for (const rel of this.unchangedSoFar) {
      // Checked a moment ago; if it has gone since, the build cannot make it again from here.
      if (!this.link(rel, this.previous[rel]!)) throw new Error(`${rel} changed in the output folder during the build`);
    }
    this.unchangedSoFar = [];
    return temp;
  }

  /** Links the live file into the new folder (see linkIfUnchanged). */
  private link(rel: string, entry: Manifest[string]): boolean {
    const target = path.join(this.temp!, rel);
    if (this.premade) {
      this.used.add(path.dirname(target));
      if (this.linked!.delete(rel)) return true; // checked and linked ahead
      this.clearLinkedAncestors(rel);
    }
    return linkIfUnchanged(path.join(this.out, rel), target, entry, this.stats?.get(rel), () => this.folderFor(target), this.recycled !== undefined);
  }

  /**
   * Makes way for a new file in the folder prepared ahead: the previous file linked there is unlinked
   * (writing into it would change the live site), and a folder standing where the file goes is removed.
   */
  private replaceAhead(rel: string, target: string): void {
    this.used.add(path.dirname(target));
    this.clearLinkedAncestors(rel);
    if (this.linked!.delete(rel)) fs.unlinkSync(target);
    else if (this.made.has(target)) {
      // The previous output had a folder here: it goes, with what was linked into it.
      fs.rmSync(target, { recursive: true });
      for (const dir of this.made) if (dir === target || dir.startsWith(target + path.sep)) this.made.delete(dir);
      for (const inside of this.linked!) if (inside.startsWith(`${rel}/`)) this.linked!.delete(inside);
    }
  }

  /** The previous output had a file where this one has a folder on the way to `rel`: the link there goes. */
  private clearLinkedAncestors(rel: string): void {
    for (let at = rel.indexOf('/'); at > 0; at = rel.indexOf('/', at + 1)) {
      const ancestor = rel.slice(0, at);
      if (this.linked!.delete(ancestor)) fs.unlinkSync(path.join(this.temp!, ancestor));
    }
  }

  private statOf(rel: string): fs.Stats | undefined {
    try {
      return this.stats?.get(rel) ?? fs.statSync(path.join(this.out, rel));
    } catch {
      return undefined;
    }
  }

  private folderFor(target: string): void {
    const dir = path.dirname(target);
    if (this.made.has(dir)) return;
    makeDir(this.temp!, dir);
    this.made.add(dir);
  }
}

/**
 * The development server's writer: updates the folder where it stands instead of swapping in a new
 * one, so a rebuild that changes three pages costs three file writes, not thousands of links. Each
 * file is replaced by a rename (a page being served is never half written); files of the previous
 * build that this one does not have are removed, with the folders they leave empty. Not for the
 * published site: a build killed midway leaves a mix of old and new pages, which a development folder
 * can afford (the next build puts it right) and `dist/` cannot. The manifest is rewritten after every
 * call, so it always describes the files as they are.
 */
export function writeSiteInPlace(
  outDir: string,
  files: readonly OutputFile[],
  options: {
    /** False: `files` are some of the site's files (the rest stay); true (default): all of them (the rest are removed). */
    complete?: boolean;
    /**
     * The folder's manifest as the caller keeps it between calls, updated here; with it, a partial
     * write leaves the manifest file alone (the next complete write saves it), which saves reading and
     * writing it on every quick update.
     */
    manifest?: Manifest;
  } = {},
): WriteResult {
  const out = path.resolve(outDir);
  const complete = options.complete ?? true;
  const previous = options.manifest ? { ...options.manifest } : readManifest(out);
  const manifest: Manifest = complete ? {} : { ...previous };
  const result: WriteResult = { written: 0, unchanged: 0, removed: 0, changed: [] };
  const made = new Set<string>();
  for (const f of files) {
    const known = previous[f.path];
    const target = path.join(out, f.path);
    // With the caller's manifest the folder is this process's alone: its entries are trusted as they are.
    if (f.hash !== undefined && known && known[0] === f.hash && (options.manifest !== undefined || sizeOf(target) === known[1])) {
      manifest[f.path] = known;
      result.unchanged++;
      continue;
    }
    const { bytes, hash } = bytesOf(f);
    if (known && known[0] === hash && known[1] === bytes.length && sizeOf(target) === bytes.length) {
      manifest[f.path] = known;
      result.unchanged++;
      continue;
    }
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const temp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
    manifest[f.path] = [hash, bytes.length];
    result.written++;
    result.changed!.push(f.path);
  }
  if (complete) {
    for (const p of Object.keys(previous).sort()) {
      if (p in manifest) continue;
      fs.rmSync(path.join(out, p), { force: true });
      removeEmptyFolders(out, path.dirname(path.join(out, p)));
      result.removed++;
      result.changed!.push(p);
    }
  }
  const sorted: Manifest = {};
  for (const p of Object.keys(manifest).sort()) sorted[p] = manifest[p]!;
  if (options.manifest) {
    for (const p of Object.keys(options.manifest)) delete options.manifest[p];
    Object.assign(options.manifest, sorted);
    if (!complete) return result;
  }
  fs.mkdirSync(path.join(out, '.bulletin'), { recursive: true });
  // Through a rename as well: a build that reads the manifest never sees half of one.
  fs.writeFileSync(path.join(out, `${MANIFEST}.tmp-${process.pid}`), JSON.stringify(sorted));
  fs.renameSync(path.join(out, `${MANIFEST}.tmp-${process.pid}`), path.join(out, MANIFEST));
  return result;
}

function removeEmptyFolders(out: string, dir: string): void {
  while (dir !== out && isInside(out, dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return; // not empty (or gone): the folders above it are not empty either
    }
    dir = path.dirname(dir);
  }
}

/** A file's bytes (without copying bytes already in memory) and their SHA-1, the caller's when it sent one with the content. */
function bytesOf(f: OutputFile): { bytes: Buffer; hash: string } {
  const c = f.content;
  const bytes = f.copyFrom !== undefined ? fs.readFileSync(f.copyFrom) : typeof c === 'string' ? Buffer.from(c) : c ? Buffer.from(c.buffer, c.byteOffset, c.byteLength) : Buffer.alloc(0);
  const hash = c !== undefined && f.hash !== undefined ? f.hash : fileHash(bytes);
  return { bytes, hash };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

/**
 * Hard-links the previous file when it still looks like the one the manifest describes; a file
 * replaced by hand with one of another size is rewritten.
 */
function linkIfUnchanged(oldFile: string, target: string, entry: Manifest[string], known: fs.Stats | undefined, makeFolder: () => void, recycled: boolean): boolean {
  try {
    const stat = known ?? fs.statSync(oldFile);
    if (!stat.isFile() || stat.size !== entry[1]) return false;
    // Only a recycled folder can already hold this very file, or something else in its place.
    if (recycled && sameFile(stat, target)) return true;
    makeFolder();
    if (recycled) clearTarget(target);
    fs.linkSync(oldFile, target);
    return true;
  } catch {
    return false;
  }
}

function swap(temp: string, out: string): void {
  if (!fs.existsSync(out)) {
    fs.renameSync(temp, out);
    return;
  }
  const old = path.join(path.dirname(out), `.${path.basename(out)}.old-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.renameSync(out, old);
  try {
    fs.renameSync(temp, out);
  } catch (cause) {
    fs.renameSync(old, out);
    throw cause;
  }
  retire(old, path.dirname(out), path.basename(out));
}

/** The previous output's manifest (path → [hash, size]); empty when missing or unreadable. */
export function readManifest(out: string): Manifest {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Manifest) : {};
  } catch {
    return {};
  }
}

/**
 * Removes the folders made ahead that no file went into, deepest first (each is empty by then: nothing
 * was written into it, and its own unused folders went before it).
 */
function removeUnused(temp: string, premade: readonly string[], used: ReadonlySet<string>): void {
  const needed = new Set<string>();
  for (const dir of used) for (let at = dir; at.length > temp.length && !needed.has(at); at = path.dirname(at)) needed.add(at);
  for (let i = premade.length - 1; i >= 0; i--) if (!needed.has(premade[i]!)) fs.rmdirSync(premade[i]!);
}

/** Leftovers of builds that were killed mid-write (not `keep`, this build's own); never the live output folder itself. */
function removeStaleTemporaries(parent: string, name: string, keep?: string): void {
  const prefix = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`);
  const out = path.join(parent, name);
  for (const entry of fs.readdirSync(parent).sort()) {
    const m = prefix.exec(entry);
    if (!m) continue;
    const pid = Number(m[2]);
    if ((pid !== process.pid && isRunning(pid)) || path.join(parent, entry) === keep) continue;
    // A build killed between its two renames left the previous site as `.old-`: put it back.
    if (m[1] === 'old' && !fs.existsSync(out)) fs.renameSync(path.join(parent, entry), out);
    else fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
