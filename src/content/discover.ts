import fs from 'node:fs';
import path from 'node:path';
import { warning, error, type Diagnostic } from '../diagnostics.js';
import { isInside, toPosix } from '../util/paths.js';
import type { SourceFile } from './bulletin.js';

const MARKDOWN = /\.(md|markdown)$/i;
/**
 * Files a browser runs as code when opened from the site's own address. Copied from content/ they
 * would bypass the raw-HTML rules (allowHtml, sanitizing) that bulletins themselves obey.
 */
const ACTIVE_CONTENT = /\.(html?|xhtml|shtml|js|mjs|cjs|swf)$/i;
export const isActiveContent = (name: string): boolean => ACTIVE_CONTENT.test(name);

/** Editor leftovers and hidden files are never content: swap files, backups, lock files. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    name.startsWith('#') ||
    /\.(swp|swo|swx|tmp|bak|crdownload|part)$/i.test(name) ||
    name === 'Thumbs.db' ||
    name === 'desktop.ini'
  );
}

/**
 * Walks content/ and lists Markdown files and attachments, sorted by path so that every later stage
 * sees the same order whatever the file system returns. Symlinks are followed only when they stay
 * inside content/.
 */
export function discover(root: string, contentDir: string): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!fs.existsSync(contentDir)) {
    diagnostics.push(error(`The content folder ${toPosix(path.relative(root, contentDir)) || '.'} does not exist.`, { hint: 'Create it and put your bulletins (.md files) in it, or run `bulletin init`.' }));
    return { files, diagnostics };
  }
  const realContent = fs.realpathSync(contentDir);
  // A folder or file that cannot be read (permissions, a network drive gone, a file deleted while
  // the build runs) is a problem to report with its path, not a crash.
  const unreadable = (abs: string, cause: unknown) =>
    diagnostics.push(error(`could not be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}).`, { file: toPosix(path.relative(root, abs)) || '.', hint: 'Check that the folder and its files can be opened by the account running bulletin.' }));
  // Paths relative to the root and to content/ are built by appending each name to its folder's,
  // not by path.relative per file (two calls each, which resolve both paths: most of this stage's
  // time at 4,000 files).
  const join = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}/${name}`);
  const walk = (dir: string, fromRoot: string, fromContent: string): void => {
    let listed: fs.Dirent[];
    try {
      listed = fs.readdirSync(dir, { withFileTypes: true });
    } catch (cause) {
      unreadable(dir, cause);
      return;
    }
    const entries = listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const file = join(fromRoot, entry.name);
      let stat: fs.Stats;
      let real = abs;
      if (entry.isSymbolicLink()) {
        try {
          real = fs.realpathSync(abs);
        } catch {
          diagnostics.push(warning('is a broken link and was skipped.', { file }));
          continue;
        }
        if (!isInside(realContent, real)) {
          diagnostics.push(warning('links to a place outside the content folder and was not followed.', { file }));
          continue;
        }
      }
      try {
        stat = fs.statSync(real);
      } catch (cause) {
        unreadable(abs, cause);
        continue;
      }
      if (stat.isDirectory()) {
        if (entry.isSymbolicLink()) {
          diagnostics.push(warning('is a linked folder and was not followed.', { file, hint: 'Copy the folder into content/ instead.' }));
          continue;
        }
        walk(abs, file, join(fromContent, entry.name));
      } else if (stat.isFile()) {
        if (isActiveContent(entry.name)) {
          diagnostics.push(warning('is a web page or script, which bulletin does not publish from content/ because it could run code on the site.', { file, hint: 'Publish the document as a PDF instead; web pages and scripts for the site belong in templates/.' }));
          continue;
        }
        files.push({
          file,
          contentPath: join(fromContent, entry.name),
          absPath: abs,
          kind: MARKDOWN.test(entry.name) ? 'markdown' : 'attachment',
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ctimeMs: stat.ctimeMs,
          ino: stat.ino,
        });
      }
    }
  };
  walk(contentDir, toPosix(path.relative(root, contentDir)), '');
  return { files, diagnostics };
}
