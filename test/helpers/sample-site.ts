import fs from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../../src/build.js';
import { buildSite, makeSite } from './site.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The "now" the README builds the sample site with, so tests see the same pages a reader does. */
export const SAMPLE_NOW = '2026-11-27T12:00+08:00';

/**
 * Copies the sample site (content/ and bulletin.config.yaml) into a temp folder and builds it with a
 * fixed clock and the default templates (`options` adds build flags such as drafts). Returns the site folder; the pages are in `<root>/dist`.
 * Remove it with `cleanupSites()`.
 */
export async function buildSampleSite(options: Partial<BuildOptions> = {}): Promise<string> {
  const root = makeSite({});
  fs.cpSync(path.join(repoRoot, 'content'), path.join(root, 'content'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'bulletin.config.yaml'), path.join(root, 'bulletin.config.yaml'));
  const result = await buildSite(root, { now: SAMPLE_NOW, ...options });
  if (!result.ok) throw new Error(`the sample site does not build:\n${result.diagnostics.map((d) => d.message).join('\n')}`);
  return root;
}
