/**
 * Reads the YAML between the front-matter fences with the `yaml` package's core schema, so values
 * keep their positions for error messages and nothing but plain data comes out: strings, numbers,
 * booleans, lists and maps (no dates, no !!binary, no custom tags, no code).
 * Used as gray-matter's `yaml` engine by front-matter.ts; this module knows nothing about fences.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type YAMLError } from 'yaml';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import { readPlainYaml } from './plain-yaml.js';

export interface KeyPosition { line: number; column: number } // 1-based, in the original file (after BOM strip)
export interface FrontMatterLimits { maxBytes: number; maxDepth: number; maxAliases: number }

export interface YamlResult {
  /** Top-level mapping; `{}` whenever `diagnostics` holds an error. */
  data: Record<string, unknown>;
  positions: Map<string, KeyPosition>;
  itemPositions: Map<string, KeyPosition[]>;
  diagnostics: Diagnostic[];
}

type Where = Omit<Diagnostic, 'severity' | 'message'>;
type YNode = { range?: [number, number, number] | null; value?: unknown } | null | undefined;
const rangeOf = (node: unknown) => (node as YNode)?.range ?? undefined;
const nameOf = (key: unknown) => strOrUndef((key as YNode)?.value);
const QUOTE_IT = 'Put the whole value in double quotes.';

/**
 * @param src the front matter as gray-matter cut it: its first line is the rest of the opening fence line.
 * @param file the bulletin's path, for diagnostics.
 * @param openLine the file line of the opening fence, so positions point into the file.
 * @param lim depth and alias limits (the byte limit is checked before this is called).
 */
export function readYaml(src: string, file: string, openLine: number, lim: FrontMatterLimits): YamlResult {
  // The usual one-line fields need no YAML parser (see plain-yaml.ts); the rest, and every mistake, do.
  return readPlainYaml(src, openLine) ?? readYamlFully(src, file, openLine, lim);
}

/** `readYaml` by the `yaml` package alone, whatever the shape of the text. */
export function readYamlFully(src: string, file: string, openLine: number, lim: FrontMatterLimits): YamlResult {
  const result: YamlResult = { data: {}, positions: new Map(), itemPositions: new Map(), diagnostics: [] };
  const fail = (message: string, hint: string, where: Where) => {
    result.diagnostics.push(error(message, { file, ...where, hint }));
    return result;
  };
  const lc = new LineCounter();
  const doc = parseDocument(src, {
    schema: 'core', // YAML 1.2 core: `2020-05-14 17:08:17` stays a string, `yes` stays a string
    uniqueKeys: true,
    stringKeys: true,
    merge: false,
    resolveKnownTags: false, // no !!binary or !!timestamp objects: only strings, numbers, booleans, lists, maps
    prettyErrors: false,
    logLevel: 'error', // not 'silent': that also drops the error for text after a `...` line
    lineCounter: lc,
  });
  // Line 1 of `src` is the opening fence's line, so line n of `src` is file line openLine + n - 1.
  const at = (offset: number): KeyPosition => {
    const p = lc.linePos(offset);
    return { line: Math.max(1, p.line) + openLine - 1, column: p.line ? p.col : 1 };
  };
  const top = isMap(doc.contents) ? doc.contents.items : [];
  // Which top-level field's value an offset falls in, so a diagnostic can name it. An offset inside a
  // key names no field: a mangled key (`title Foo` without a colon) is no help as a name.
  const fieldAt = (offset: number) => {
    const pair = top.find((p) => {
      const k = rangeOf(p.key);
      return k !== undefined && offset >= k[1] && offset < (rangeOf(p.value) ?? k)[2];
    });
    return nameOf(pair?.key);
  };
  const where = (offset: number, field?: string): Where => ({ file, ...at(offset), field: field ?? fieldAt(offset) });

  const found: Diagnostic[] = [];
  // `title：通知` (a Chinese colon) is the commonest slip in Chinese front matter, and YAML's own
  // complaint about it ("plain text", "cannot read line 3") does not point at the colon. Only when
  // YAML could not read fields: in a readable file, `联系人：王先生` is text inside a value.
  const unreadable = doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents));
  const colons = unreadable ? [...src.matchAll(/^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w-]*)[ \t]*：[ \t]*(.*)$/gm)] : [];
  if (colons.length > 0) {
    for (const m of colons) {
      const offset = m.index! + m[1]!.length;
      const { line, column } = at(offset);
      result.diagnostics.push(error(`line ${line} has a Chinese colon (：) after "${m[2]}"; YAML needs an English colon (:) followed by a space.`, { file, line, column, field: m[1] === '' ? m[2] : undefined, hint: `Write it as ${m[2]}: ${m[3]!.trim()}` }));
    }
    return result;
  }

  const add = (message: string, hint: string | undefined, w: Where, severity: 'error' | 'warning' = 'error') =>
    found.push((severity === 'error' ? error : warning)(message, { ...w, hint }));

  // Reported at the opening fence, not where the parser gave up: that place depends on how much of
  // the call stack was free, so it would change from run to run and break reproducible output.
  if ([...doc.errors, ...doc.warnings].some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
    return fail(`front matter is nested too deeply to read.`, 'Check the indentation and the [ and { brackets.', { line: openLine });
  }

  // One walk over the parsed nodes (aliases are not followed, so it is linear in the text).
  let aliases = 0;
  let deep = false;
  const walk = (node: unknown, depth: number, field: string | undefined): void => {
    if (isAlias(node)) {
      if (++aliases === lim.maxAliases + 1) {
        const msg = lim.maxAliases === 0 ? `line ${at(node.range![0]).line} uses a YAML alias (*${node.source}), which bulletin does not allow.` : `front matter uses more than ${lim.maxAliases} YAML aliases (*name).`;
        add(msg, 'Write the value out in full; if it really starts with *, put it in double quotes.', where(node.range![0], field));
      }
    } else if (isScalar(node)) {
      const r = node.range!;
      // `title: Update on case #5` silently loses "#5": YAML reads ` #` as the start of a comment.
      const after = node.type === 'PLAIN' ? /^[ \t]+#/.exec(src.slice(r[1], r[2])) : null;
      if (after) {
        const hashAt = r[1] + after[0].length - 1;
        add(`the text after # on line ${at(hashAt).line} is left out, because YAML reads it as a comment.`, 'If the # is part of the value, put the whole value in double quotes.', where(hashAt, field), 'warning');
      }
    } else if (isMap(node) || isSeq(node)) {
      if (depth > lim.maxDepth) {
        if (!deep) add(`front matter is nested more than ${lim.maxDepth} levels deep.`, 'Check the indentation near this line.', where(node.range![0], field));
        deep = true;
        return;
      }
      if (isSeq(node)) for (const item of node.items) walk(item, depth + 1, field);
      else {
        checkKeys(node.items, field);
        for (const p of node.items) walk(p.value, depth + 1, field ?? nameOf(p.key));
      }
    }
  };
  const checkKeys = (pairs: readonly { key: unknown }[], field: string | undefined) => {
    const seen = new Map<string, number[]>();
    for (const { key } of pairs) {
      const name = nameOf(key);
      const r = rangeOf(key);
      if (name === undefined || !r) continue;
      seen.set(name, [...(seen.get(name) ?? []), r[0]]);
      // yaml stores it as an own property, but a later Object.assign would turn it into a prototype.
      if (name === '__proto__') add('"__proto__" cannot be used as a field name.', 'Remove this line.', where(r[0], field ?? name));
    }
    for (const [name, offsets] of seen) {
      if (offsets.length < 2) continue;
      const lines = offsets.map((o) => at(o).line);
      const list = `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
      const times = offsets.length === 2 ? 'twice' : `${offsets.length} times`;
      add(`${field === undefined ? '' : `"${name}" `}appears ${times} (lines ${list}).`, 'Keep one.', where(offsets[1]!, field ?? name));
    }
  };
  walk(doc.contents, 1, undefined);

  // The walk already reported duplicates, naming both lines.
  for (const e of [...doc.errors, ...doc.warnings]) {
    if (e.code === 'DUPLICATE_KEY') continue;
    const [message, hint] = explain(e, src, at(e.pos[0]));
    add(message, hint, where(e.pos[0]));
  }
  if (found.length === 0 && doc.contents !== null && !isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : 'plain text';
    add(`front matter is ${kind}, but it should be fields such as title: and date:.`, 'Write each field as name: value on its own line.', where(rangeOf(doc.contents)?.[0] ?? 0));
  }
  // A syntax slip often upsets the parser more than once on the same line; one message per line is enough.
  const lines = new Set<number | undefined>();
  result.diagnostics.push(...found.filter((d) => d.severity === 'warning' || (!lines.has(d.line) && lines.add(d.line))));

  for (const { key, value } of top) {
    const name = nameOf(key);
    const k = rangeOf(key);
    const v = rangeOf(value);
    if (name === undefined || !k) continue;
    const empty = !v || (isScalar(value) && value.value === null && v[0] === v[1]); // `summary:` with nothing after it
    result.positions.set(name, at((empty ? k : v)[0]));
    if (isSeq(value)) result.itemPositions.set(name, value.items.map((item) => at((rangeOf(item) ?? v ?? k)[0])));
  }

  if (!result.diagnostics.some((d) => d.severity === 'error') && isMap(doc.contents)) {
    try {
      // The walk above already bounds aliases; the library's own budget is a second fence.
      result.data = doc.toJS({ maxAliasCount: lim.maxAliases === 0 ? 0 : lim.maxAliases * 10 }) as Record<string, unknown>;
    } catch {
      // Only reachable when aliases are allowed: one that names no anchor, or expands too much.
      return fail('front matter uses a YAML alias (*name) that bulletin cannot expand.', 'Write the value out in full; if it really starts with *, put it in double quotes.', { line: openLine });
    }
  }
  return result;
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

function strOrUndef(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === undefined || v === null || typeof v === 'object' ? undefined : String(v);
}

/** The yaml library's error codes in words a press officer can act on. */
function explain(e: YAMLError, src: string, { line, column }: KeyPosition): [string, string] {
  const lineText = lineAt(src, src.lastIndexOf('\n', e.pos[0] - 1) + 1);
  const ch = src[e.pos[0]] ?? '';
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return [`line ${line} is indented with a tab; YAML needs spaces.`, 'Replace the tab with spaces.'];
    case 'BAD_DQ_ESCAPE':
      return [`line ${line} has a backslash (\\) inside "double quotes" that YAML cannot read.`, "Write \\\\ for a backslash, or use 'single quotes' instead."];
    case 'BAD_SCALAR_START':
      return [`line ${line}: a value cannot start with ${ch} unless it is in quotes.`, QUOTE_IT];
    case 'TAG_RESOLVE_FAILED': case 'BAD_ALIAS': case 'ALIAS_PROPS': case 'MULTIPLE_ANCHORS': case 'MULTIPLE_TAGS': case 'BAD_PROP_ORDER': case 'BAD_COLLECTION_TYPE':
      return [`line ${line}: a value starting with ${'!&*'.includes(ch) ? ch : '!, & or *'} has a special meaning in YAML.`, QUOTE_IT];
    case 'NON_STRING_KEY':
      return [`line ${line}: a field name must be plain text.`, 'Write each field as name: value.'];
    case 'KEY_OVER_1024_CHARS':
      return [`line ${line} has a field name over 1024 characters long.`, 'Check that the line reads name: value, with a space after the colon.'];
    case 'MULTIPLE_DOCS':
      return [`front matter has a ... line before line ${line}, and YAML stops reading there.`, 'Remove the ... line.'];
    case 'MISSING_CHAR':
      if (/quote/i.test(e.message)) return [`a value in quotes is never closed; YAML reached line ${line} still looking for the closing quote.`, 'Add the closing quote at the end of the value.'];
      break;
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const m = /^(\s*(?:-\s+)?[^\s:#][^:]*:\s+)(.*:\s.*)$/.exec(lineText);
      if (m && m[1]!.length < column) {
        const quoted = `${m[1]!.trim()} "${m[2]!.trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
        return [`line ${line} has a second colon followed by a space, so YAML reads part of the value as another field.`, `Put the whole value in double quotes: ${quoted}`];
      }
      return [`the line after line ${line} is indented as if it belonged to this value.`, 'Start each field at the left edge; if the value goes on, put the whole value in double quotes.'];
    }
  }
  if (/flow (sequence|mapping)|[\]}]/i.test(e.message)) {
    return [`a list or group in [ ] or { } brackets is not closed properly (noticed on line ${line}).`, 'Add the missing ] or }; values containing # or a comma need double quotes.'];
  }
  if (e.code === 'MULTILINE_IMPLICIT_KEY' && !lineText.includes(':') && !/^\s*(-|#)/.test(lineText)) {
    return [`line ${line} is not a field: it has no "name:" part.`, 'Write each field as name: value. The text of the bulletin goes below the closing ---.'];
  }
  if (e.code === 'BAD_INDENT' || e.code === 'MULTILINE_IMPLICIT_KEY' || e.code === 'UNEXPECTED_TOKEN') {
    if (/^Unexpected scalar at node end/.test(e.message) && /["']/.test(lineText)) {
      return [`line ${line} has more text after a closing quote.`, QUOTE_IT];
    }
    return [`line ${line} is not lined up with the lines around it.`, 'Start each field at the left edge, and indent the items under a field by the same number of spaces.'];
  }
  return [`YAML cannot read line ${line}, column ${column}.`, 'Check the quotes, colons and indentation on this line and the line before it.'];
}
