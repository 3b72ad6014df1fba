import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { error, type Diagnostic } from '../diagnostics.js';
import { isValidTimeZone } from '../content/dates.js';
import type { BuildFlags, Config } from './config.js';
import type { ParsedConfig } from './schema.js';

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
  if (!isValidTimeZone(parsed.timezone)) {
    diagnostics.push(
      error(`"${parsed.timezone}" is not a time zone.`, {
        file: configFile,
        field: 'timezone',
        hint: 'Use an IANA name such as Asia/Shanghai or Europe/London.',
      }),
    );
  }
  let url = overrides.url ?? parsed.url;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    url = u.href.endsWith('/') ? u.href : `${u.href}/`;
  } catch {
    diagnostics.push(error(`"${url}" is not a web address.`, { file: configFile, field: 'url', hint: 'Use a full address such as https://www.example.gov.cn/news/.' }));
  }
  if (!/\{slug\}/.test(parsed.permalink)) {
    diagnostics.push(error(`must contain {slug} so that every bulletin gets its own address.`, { file: configFile, field: 'permalink' }));
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
