import fs from 'node:fs';
import { watch } from 'chokidar';
import { isInside } from '../util/paths.js';
import { classifyChange, isWatched, type ChangeKind, type WatchedLayout } from './classify-change.js';

/** Longer than chokidar's 50 ms throttle on repeated 'change' events for one path. */
const RECHECK_MS = 80;

/** Modification time and size, or undefined when the file is gone. */
function fingerprint(p: string): string | undefined {
  try {
    const stat = fs.statSync(p);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}

/** One file-system event that matters to the site. */
export interface SiteChange {
  kind: Exclude<ChangeKind, 'ignored'>;
  /** Absolute path. */
  path: string;
  event: 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';
}

export interface SiteWatcher {
  close(): Promise<void>;
}

/**
 * Watches the config file, content/ and templates/ with chokidar and reports the changes that matter.
 * The site root is watched (not the three paths one by one) so that creating templates/ or a config
 * file later is noticed; the filter keeps chokidar out of dist/, node_modules/ and the development
 * output. chokidar's atomic mode turns an editor's delete-and-recreate save into one change. Resolves
 * once the initial scan is done, so no save after that is missed.
 */
export async function watchSite(layout: WatchedLayout, onChange: (change: SiteChange) => void, onError: (error: Error) => void): Promise<SiteWatcher> {
  const roots = [layout.root, ...(isInside(layout.root, layout.contentDir) ? [] : [layout.contentDir])];
  const watcher = watch(roots, { ignoreInitial: true, ignored: (p) => !isWatched(p, layout) });
  const rechecks = new Map<string, NodeJS.Timeout>();
  // chokidar drops a second 'change' for a path within 50 ms of the first (its throttle), so a quick
  // second save — after a fast rebuild of the first — would be lost. Look at the file again once that
  // window has passed and report it if it changed since the event.
  const recheck = (p: string, kind: SiteChange['kind'], seen: string) => {
    clearTimeout(rechecks.get(p));
    rechecks.set(
      p,
      setTimeout(() => {
        rechecks.delete(p);
        const now = fingerprint(p);
        if (now !== undefined && now !== seen) {
          onChange({ kind, path: p, event: 'change' });
          recheck(p, kind, now);
        }
      }, RECHECK_MS),
    );
  };
  watcher.on('all', (event, p) => {
    if (event !== 'add' && event !== 'addDir' && event !== 'change' && event !== 'unlink' && event !== 'unlinkDir') return;
    const kind = classifyChange(p, layout);
    if (kind === 'ignored') return;
    onChange({ kind, path: p, event });
    if (event === 'change' || event === 'add') {
      const seen = fingerprint(p);
      if (seen !== undefined) recheck(p, kind, seen);
    }
  });
  watcher.on('error', (cause) => onError(cause as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: () => {
      for (const timer of rechecks.values()) clearTimeout(timer);
      rechecks.clear();
      return watcher.close();
    },
  };
}
