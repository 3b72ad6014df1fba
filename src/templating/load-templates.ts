import fs from 'node:fs';
import path from 'node:path';
import { Liquid, type Template } from 'liquidjs';
import { error, type Diagnostic } from '../diagnostics.js';
import { toPosix } from '../util/paths.js';
import { parseStrings, type StringTable } from './strings.js';
import { MemoRenderTag } from './memo-render.js';
import { FastPathCache, speedUpRenderer, speedUpTemplates } from './fast-paths.js';
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
export function loadTemplates(dir: string, root: string, options: { strictVariables?: boolean; /** False: LiquidJS's own evaluation only (tests compare the two). */ fastPaths?: boolean } = {}): { templates?: Templates; diagnostics: Diagnostic[] } {
  const engine = new Liquid({
    root: dir,
    partials: path.join(dir, 'partials'),
    layouts: path.join(dir, 'layouts'),
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    strictVariables: options.strictVariables ?? false,
    // `{% if site.icp %}` is how a template asks whether an optional value is set; strict mode
    // should catch misspelt variables that are printed, not those questions.
    lenientIf: true,
    ownPropertyOnly: true,
    cache: options.fastPaths === false ? true : new FastPathCache(),
    relativeReference: false,
  });
  if (options.fastPaths !== false) speedUpRenderer(engine);
  engine.registerTag('render', MemoRenderTag);
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
      const templates = engine.parse(fs.readFileSync(file, 'utf8'), file);
      if (options.fastPaths !== false) speedUpTemplates(templates);
      parsed.set(name, templates);
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

type LiquidToken = { file?: string; getPosition?: () => [number, number]; props?: LiquidToken[]; variable?: LiquidToken };

/**
 * A LiquidJS error → `templates/article.liquid:12:5 <what went wrong>`, naming the file that failed.
 * An undefined variable in a layout or partial carries its file only on the inner tokens of the
 * expression, so those are searched too; otherwise the page's own template would be blamed.
 */
export function templateDiagnostic(cause: unknown, fallbackFile: string, root: string): Diagnostic {
  const err = cause as { message?: string; token?: LiquidToken; originalError?: Error };
  const token = err.token;
  const tokenFile = token?.file ?? token?.variable?.file ?? token?.props?.find((t) => t.file)?.file;
  const file = tokenFile ? toPosix(path.relative(root, tokenFile)) : fallbackFile;
  const [line, column] = token?.getPosition?.() ?? [undefined, undefined];
  const raw = (err.originalError?.message ?? err.message ?? String(cause)).split(', line:')[0]!.split(', file:')[0]!.split('\n')[0]!;
  const [message, hint] = explainTemplateError(raw, root);
  return error(message, { file, line, column, hint });
}

/** LiquidJS messages in words a web editor can act on, without absolute paths. */
function explainTemplateError(raw: string, root: string): [string, string | undefined] {
  const lookup = /^ENOENT: Failed to lookup "([^"]+)" in "([^"]+)"/.exec(raw);
  if (lookup) {
    const where = toPosix(path.relative(root, path.join(lookup[2]!, `${lookup[1]}.liquid`)));
    return [`includes "${lookup[1]}", which does not exist (looked for ${where}).`, 'Create that file or correct the name.'];
  }
  const endTag = /^tag "(end\w+)" not found/.exec(raw);
  if (endTag) {
    return [`has {% ${endTag[1]} %} where a tag opened before it is still open.`, 'Check that every {% if %}, {% for %} and {% unless %} above this line has its {% endif %}, {% endfor %} or {% endunless %}.'];
  }
  const undefinedVar = /^undefined variable: (.+)$/.exec(raw);
  if (undefinedVar) {
    return [`uses ${undefinedVar[1]}, which is not defined.`, 'Check the spelling against the values listed under Templates in the README; for a value that may be missing, wrap it in {% if %}.'];
  }
  return [`template problem: ${raw}`, undefined];
}
