import fs from 'node:fs';
import path from 'node:path';
import { buildSite, snapshot } from './site.js';

/** A bulletin of the `sites/basic` fixture that tests change. */
export const OPEN_DAY = 'content/2025/2025-08-15-open-day.md';

/** Gives the open-day bulletin of a copy of `sites/basic` a new title. */
export function retitle(root: string, title: string): void {
  const file = path.join(root, OPEN_DAY);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
}

/** The snapshot of a fresh build of the site's content (no cache, another output folder), for comparison. */
export async function coldSnapshot(root: string): Promise<Record<string, string>> {
  await buildSite(root, { cache: false, outDir: 'cold' });
  const snap = snapshot(path.join(root, 'cold'));
  fs.rmSync(path.join(root, 'cold'), { recursive: true });
  fs.rmSync(path.join(root, '.cold.prev'), { recursive: true, force: true });
  return snap;
}
