import { watch } from 'chokidar';
import { isInside } from '../util/paths.js';
import { classifyChange, isWatched, type ChangeKind, type WatchedLayout } from './classify-change.js';

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
  watcher.on('all', (event, p) => {
    if (event !== 'add' && event !== 'addDir' && event !== 'change' && event !== 'unlink' && event !== 'unlinkDir') return;
    const kind = classifyChange(p, layout);
    if (kind !== 'ignored') onChange({ kind, path: p, event });
  });
  watcher.on('error', (cause) => onError(cause as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}
