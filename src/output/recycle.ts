import fs from 'node:fs';
import path from 'node:path';

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
 * Moves the retired output folder to `temp` and returns every file it holds (relative, forward
 * slashes), or undefined when there is none to reuse (then `temp` does not exist yet). Every file is
 * listed, not just those its manifest names, so nothing put there by hand can leak into a new site.
 */
export function takeRecycled(parent: string, name: string, temp: string): Set<string> | undefined {
  const prev = path.join(parent, recycledName(name));
  if (!fs.existsSync(prev)) return undefined;
  try {
    fs.renameSync(prev, temp);
  } catch {
    fs.rmSync(prev, { recursive: true, force: true });
    return undefined;
  }
  const files = new Set<string>();
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else files.add(`${rel}${e.name}`);
    }
  };
  walk(temp, '');
  return files;
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
