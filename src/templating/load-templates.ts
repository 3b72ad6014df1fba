import fs from 'node:fs';
import path from 'node:path';
import { Liquid, type Template } from 'liquidjs';
import { error, type Diagnostic } from '../diagnostics.js';
import { toPosix } from '../util/paths.js';
import { parseStrings, type StringTable } from './strings.js';
import type { PagePlan } from '../site/page-plan.js';

/** The template each page type renders with, relative to templates/ without `.liquid`. */
export const TEMPLATE_FOR: Record<PagePlan['type'], string> = {
  article: 'article',
  list: 'list',
  archives: 'archives',
  agencies: 'terms',
  tags: 'terms',
  sitemap: 'sitemap',
  'not-found': '404',
  accessibility: 'accessibility',
  search: 'search',
};

export interface Templates {
  dir: string;
  engine: Liquid;
  parsed: Map<string, Template[]>;
  strings: StringTable;
}

/**
 * Reads and parses every page template once. LiquidJS runs no code from templates, escapes every
 * output by default (`| raw` opts out, used only for the sanitized body and JSON-LD), and only
 * sees the data handed to it.
 */
export function loadTemplates(dir: string, root: string, options: { strictVariables?: boolean } = {}): { templates?: Templates; diagnostics: Diagnostic[] } {
  const engine = new Liquid({
    root: dir,
    partials: path.join(dir, 'partials'),
    layouts: path.join(dir, 'layouts'),
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    strictVariables: options.strictVariables ?? false,
    ownPropertyOnly: true,
    cache: true,
    relativeReference: false,
  });
  engine.registerFilter('fill', (text: unknown, ...pairs: unknown[]) => {
    let out = String(text ?? '');
    for (let i = 0; i + 1 < pairs.length; i += 2) out = out.split(`{${String(pairs[i])}}`).join(String(pairs[i + 1]));
    return out;
  });
  const diagnostics: Diagnostic[] = [];
  const parsed = new Map<string, Template[]>();
  for (const name of new Set(Object.values(TEMPLATE_FOR))) {
    const file = path.join(dir, `${name}.liquid`);
    const shown = toPosix(path.relative(root, file));
    if (!fs.existsSync(file)) {
      diagnostics.push(error(`is missing; every site needs it to render its ${name} pages.`, { file: shown, hint: 'Copy it from the default templates (bulletin init --templates).' }));
      continue;
    }
    try {
      parsed.set(name, engine.parse(fs.readFileSync(file, 'utf8'), file));
    } catch (cause) {
      diagnostics.push(templateDiagnostic(cause, shown, root));
    }
  }
  let strings: StringTable;
  const stringsFile = path.join(dir, 'strings.yaml');
  try {
    strings = parseStrings(fs.existsSync(stringsFile) ? fs.readFileSync(stringsFile, 'utf8') : '');
  } catch (cause) {
    diagnostics.push(error(`is not valid YAML: ${(cause as Error).message.split('\n')[0]}`, { file: toPosix(path.relative(root, stringsFile)) }));
    strings = parseStrings('');
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { templates: { dir, engine, parsed, strings }, diagnostics };
}

/** A LiquidJS error → `templates/article.liquid:12:5 <what went wrong>`, naming the file that failed. */
export function templateDiagnostic(cause: unknown, fallbackFile: string, root: string): Diagnostic {
  const err = cause as { message?: string; token?: { file?: string; getPosition?: () => [number, number] }; originalError?: Error };
  const file = err.token?.file ? toPosix(path.relative(root, err.token.file)) : fallbackFile;
  const [line, column] = err.token?.getPosition?.() ?? [undefined, undefined];
  const message = (err.originalError?.message ?? err.message ?? String(cause)).split(', line:')[0]!.split('\n')[0]!;
  return error(`template problem: ${message}`, { file, line, column });
}
