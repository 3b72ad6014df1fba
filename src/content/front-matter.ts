/**
 * Splits a bulletin into YAML front matter and a Markdown body without ever running anything written
 * in the file. Three layers, in this order:
 *
 * 1. Our own fence scan (`scanFences`) decides whether the text may reach gray-matter at all. It is an
 *    allow list: the word after the opening `---` must be empty, `yaml` or `yml`. gray-matter would
 *    otherwise pick a parser from that word, and `---js`, `--- javascript`, `---JS` all reach its
 *    built-in `eval` engine through a case-insensitive alias; engines live on a plain object, so
 *    words like `constructor` reach Object.prototype. The scan also finds the things gray-matter
 *    gets silently wrong — blank lines before the fence (it would render the fields as body text), a
 *    closing `---` that never comes (it reads to the end of the file), a line such as `----` or
 *    `---x` (it closes there) — and the size limit, so each gets an error with its line.
 * 2. gray-matter then does the split it is chosen for: language word, front matter, body. It is
 *    called with options, which bypasses its cache (without options it caches by text and hands every
 *    caller the same `data` object), with `language: 'yaml'`, and with every engine replaced: YAML
 *    goes to layer 3, and js, javascript, coffee, cson and json refuse, a second fence behind layer 1.
 * 3. read-yaml.ts reads the YAML with the `yaml` package (core schema, positions, depth and alias
 *    limits) and turns its errors into messages a press officer can act on.
 */
import matter from 'gray-matter';
import { error, type Diagnostic } from '../diagnostics.js';
import { readYaml, type FrontMatterLimits, type KeyPosition, type YamlResult } from './read-yaml.js';

export type { FrontMatterLimits, KeyPosition };
export interface FrontMatterResult extends YamlResult {
  /** Markdown after the closing fence. */
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
}

/** No aliases by default: in a press release a value starting with `*` is nearly always meant as text. */
export const defaultFrontMatterLimits: FrontMatterLimits = Object.freeze({ maxBytes: 64 * 1024, maxDepth: 20, maxAliases: 0 });

type Where = Omit<Diagnostic, 'severity' | 'message' | 'file'>;
type Fences = { ok: true; start: number; openLine: number; closeStart: number; closeEnd: number; closeLine: number } | { ok: false; message: string; hint: string; where: Where };

/** Thrown by the engines that must never run; caught below and reported like the fence scan would. */
export class RefusedLanguage extends Error {}
const refuse = (language: string) => () => {
  throw new RefusedLanguage(language);
};

/**
 * gray-matter options: YAML goes to `readAsYaml`, every other built-in language refuses. Passing
 * options at all also keeps gray-matter from caching results by file text.
 */
export function grayMatterOptions(readAsYaml: (src: string) => Record<string, unknown>) {
  return {
    language: 'yaml',
    excerpt: false,
    engines: { yaml: readAsYaml, javascript: refuse('javascript'), js: refuse('js'), coffee: refuse('coffee'), cson: refuse('cson'), json: refuse('json') },
  };
}

export function parseFrontMatter(text: string, file: string, limits: Partial<FrontMatterLimits> = {}): FrontMatterResult {
  const base = defaultFrontMatterLimits; // `??`, not spread: an explicit `undefined` must not lift a limit
  const lim = { maxBytes: limits.maxBytes ?? base.maxBytes, maxDepth: limits.maxDepth ?? base.maxDepth, maxAliases: limits.maxAliases ?? base.maxAliases };
  // Callers pass decoded text; normalising again is cheap and keeps line numbers right if one forgets.
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const result: FrontMatterResult = { data: {}, body: '', bodyLine: 1, positions: new Map(), itemPositions: new Map(), diagnostics: [] };
  const fail = (message: string, hint: string, where: Where) => {
    result.diagnostics.push(error(message, { file, ...where, hint }));
    return result;
  };

  const fences = scanFences(text);
  if (!fences.ok) return fail(fences.message, fences.hint, fences.where);
  const { start, openLine, closeStart, closeEnd, closeLine } = fences;

  const bytes = Buffer.byteLength(text.slice(text.indexOf('\n', start) + 1, closeStart), 'utf8');
  if (bytes > lim.maxBytes) {
    const kb = (n: number) => Math.ceil(n / 1024);
    return fail(`front matter is ${kb(bytes)} KB, more than the ${kb(lim.maxBytes)} KB bulletin accepts.`, 'Move long text into the body, below the closing ---.', { line: openLine });
  }

  let yaml: YamlResult | undefined;
  const readAsYaml = (src: string) => {
    // gray-matter drops the newline before the closing fence; with it back, a value left open at
    // the end (an unclosed quote) is reported on the closing line, where YAML gave up.
    yaml = readYaml(`${src}\n`, file, openLine, lim);
    return yaml.data;
  };
  try {
    // From the opening fence to the closing one, with the closing fence's trailing spaces dropped
    // (gray-matter splits at the first `\n---` and would keep them as the start of the body). The body
    // is not passed: gray-matter encodes its whole input to a Buffer, which for 4,000 bulletins was
    // a third of the time spent splitting them, and the fence scan already knows where the body starts.
    matter(`${text.slice(start, closeStart)}---`, grayMatterOptions(readAsYaml));
  } catch (cause) {
    if (!(cause instanceof RefusedLanguage)) throw cause;
    return fail(`front matter is written as "${cause.message}", which bulletin does not run.`, 'Write it as YAML between two --- lines.', { line: openLine });
  }
  // gray-matter skips the engine for front matter that is empty or only comments: that is `{}`.
  if (yaml) Object.assign(result, { data: yaml.data, positions: yaml.positions, itemPositions: yaml.itemPositions, diagnostics: yaml.diagnostics });
  // The lines after the closing fence's (closeEnd is at its newline, or the end of the text).
  result.body = text.slice(closeEnd + 1);
  result.bodyLine = closeLine + 1;
  return result;
}

/**
 * Finds the opening and closing fences, or says what is wrong with them. The closing fence is a line
 * that is exactly `---` (trailing spaces allowed); any other line starting with `---` before it is an
 * error, because gray-matter would close there.
 */
function scanFences(text: string): Fences {
  // Blank lines before the opening fence are harmless, so skip them rather than ask for a fix.
  let start = 0;
  let openLine = 1;
  for (; start < text.length && /^[ \t]*$/.test(lineAt(text, start)); openLine++) start += lineAt(text, start).length + 1;
  const open = lineAt(text, start).trimEnd();
  if (isLookalikeFence(open)) return lookalike(open, openLine);
  // Hugo and Zola sites write TOML between +++ lines; say so rather than "has no front matter".
  if (open === '+++') {
    return { ok: false, message: 'front matter is written as TOML (between +++ lines), which bulletin does not read.', hint: 'Write it as YAML between two --- lines: title: ..., date: ...', where: { line: openLine } };
  }
  if (!open.startsWith('---')) {
    return { ok: false, message: 'has no front matter.', hint: 'Start the file with a --- line, then title: and date:, then another --- line.', where: { line: openLine } };
  }
  const word = open.slice(3).trim();
  if (/^-+$/.test(word)) {
    return { ok: false, message: `line ${openLine} has more than three dashes.`, hint: 'Front matter starts and ends with a line of exactly three dashes: ---', where: { line: openLine } };
  }
  if (word !== '' && !/^ya?ml$/i.test(word)) {
    if (/^[a-z][\w+.-]*$/i.test(word)) {
      return { ok: false, message: `front matter is written as "${word}", which bulletin does not run.`, hint: 'Write it as YAML between two --- lines.', where: { line: openLine, column: open.indexOf(word) + 1 } };
    }
    return { ok: false, message: `line ${openLine} has text after the opening ---.`, hint: 'Put --- on a line by itself and the fields on the lines below it.', where: { line: openLine, column: 4 } };
  }

  let pos = Math.min(text.length, start + lineAt(text, start).length + 1);
  for (let line = openLine + 1; pos < text.length; line++) {
    const current = lineAt(text, pos);
    if (current.trimEnd() === '---') return { ok: true, start, openLine, closeStart: pos, closeEnd: pos + current.length, closeLine: line };
    if (isLookalikeFence(current.trimEnd())) return lookalike(current.trimEnd(), line);
    if (current.startsWith('---')) {
      return {
        ok: false,
        message: `line ${line} starts with --- but is not a closing line of exactly three dashes.`,
        hint: 'End the front matter with a line that is just ---; if this text belongs to a field, put the value in double quotes.',
        where: { line, column: 1 },
      };
    }
    pos += current.length + 1;
  }
  return { ok: false, message: `front matter starts on line ${openLine} but never ends.`, hint: 'Add a line with just --- after the last field.', where: { line: openLine } };
}

/**
 * A Chinese input method left in Chinese mode types ——— or －－－ for ---. Such a line is plainly
 * meant as a fence, so it gets its own message instead of "has no front matter" or "never ends".
 */
function isLookalikeFence(line: string): boolean {
  return line !== '---' && /^[-－—–‐‑‒―﹣]{3,}$/.test(line) && /[^-]/.test(line);
}

function lookalike(line: string, at: number): Fences {
  return {
    ok: false,
    message: `line ${at} is "${line}", which looks like --- but is made of other dash characters.`,
    hint: 'Type three hyphens (---) with the input method in English mode.',
    where: { line: at, column: 1 },
  };
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}
