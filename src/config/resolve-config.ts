import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { error, type Diagnostic } from '../diagnostics.js';
import type { BuildFlags, Config } from './config.js';
import { isWebAddress, type ParsedConfig } from './schema.js';

export interface ConfigOverrides {
  contentDir?: string;
  outDir?: string;
  url?: string;
  now: number;
  flags?: Partial<BuildFlags>;
}

/** The default templates shipped with bulletin (this repository's templates/). */
export const builtinTemplatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

/** Pure apart from checking whether the site has its own templates/: defaults + file + flags → Config. */
export function resolveConfig(
  root: string,
  parsed: ParsedConfig,
  overrides: ConfigOverrides,
  configFile?: string,
): { config?: Config; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const absRoot = path.resolve(root);
  // The config schema has checked the file's time zone, address and permalink; a --url flag is checked here.
  let url = overrides.url ?? parsed.url;
  if (isWebAddress(url)) {
    const href = new URL(url).href;
    url = href.endsWith('/') ? href : `${href}/`;
  } else {
    const where = overrides.url !== undefined ? { field: '--url' } : { file: configFile, field: 'url' };
    diagnostics.push(error(`"${url}" is not a web address.`, { ...where, hint: 'Use a full address such as https://www.example.gov.cn/news/.' }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const siteTemplates = path.join(absRoot, 'templates');
  const flags: BuildFlags = { drafts: false, future: false, dev: false, search: parsed.search, ...overrides.flags };
  return {
    diagnostics,
    config: {
      ...parsed,
      url,
      root: absRoot,
      contentDir: path.resolve(absRoot, overrides.contentDir ?? 'content'),
      templatesDir: fs.existsSync(siteTemplates) ? siteTemplates : builtinTemplatesDir,
      outDir: path.resolve(absRoot, overrides.outDir ?? 'dist'),
      cacheDir: path.join(absRoot, '.bulletin-cache'),
      now: overrides.now,
      flags,
      configFile,
    },
  };
}
