import type { ParsedConfig } from './schema.js';

/** Flags that change what a build publishes; part of every cache key. */
export interface BuildFlags {
  drafts: boolean;
  future: boolean;
  /** Watch mode: drafts and scheduled bulletins shown with banners, live-reload script injected. */
  dev: boolean;
  search: boolean;
}

/** The resolved configuration every stage reads. Paths are absolute. */
export interface Config extends ParsedConfig {
  /** Normalised to end with `/`; absolute URLs are this plus a site path without its leading `/`. */
  url: string;
  root: string;
  contentDir: string;
  templatesDir: string;
  outDir: string;
  cacheDir: string;
  /** The build's notion of "now" (epoch ms), injectable with --now. */
  now: number;
  flags: BuildFlags;
  /** The config file that was read, relative to root, if any. */
  configFile?: string;
}
