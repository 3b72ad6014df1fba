import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, isPair, type Node } from 'yaml';
import type * as z from 'zod';
import { error, type Diagnostic } from '../diagnostics.js';
import { closest } from '../util/suggest.js';
import { configSchema, type ParsedConfig } from './schema.js';

export const CONFIG_FILE_NAMES = ['bulletin.config.yaml', 'bulletin.config.yml', 'bulletin.config.json'];

export interface LoadedConfig {
  parsed?: ParsedConfig;
  file?: string;
  diagnostics: Diagnostic[];
}

/** Reads and validates the site's config file; a folder without one gets the defaults. */
export function loadConfig(root: string): LoadedConfig {
  const file = CONFIG_FILE_NAMES.find((name) => fs.existsSync(path.join(root, name)));
  if (!file) return { parsed: configSchema.parse({}), diagnostics: [] };
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, file), 'utf8').replace(/^\uFEFF/, '');
  } catch (cause) {
    return { file, diagnostics: [error(`could not be read: ${(cause as Error).message}`, { file })] };
  }
  return parseConfigText(text, file);
}

/** Pure: config text → validated config or diagnostics with line numbers. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  // The core schema keeps timestamps as strings and never builds custom types.
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    // One slip (an unclosed bracket) can upset the parser hundreds of times; one message per line is enough.
    const seen = new Set<number>();
    const errors = doc.errors.filter((e) => {
      const line = lineCounter.linePos(e.pos[0]).line;
      return !seen.has(line) && Boolean(seen.add(line));
    });
    return {
      file,
      diagnostics: errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return error(`is not valid YAML: ${e.message.split('\n')[0]!.replace(/[.:]?\s*$/, '.')}`, {
          file,
          line: pos.line,
          column: pos.col,
          hint: 'Check the quotes, brackets and indentation on this line and the one before it.',
        });
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 10 }) ?? {};
  } catch {
    // yaml throws for an alias bomb ("billion laughs") or an alias naming no anchor: an error, not a crash.
    return { file, diagnostics: [error('uses YAML aliases (*name) that bulletin cannot expand.', { file, hint: 'Write each setting out in full instead of using & and *.' })] };
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return { parsed: result.data, file, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(issue, doc.contents, lineCounter, file));
  return { file, diagnostics };
}

type Issue = z.core.$ZodIssue;

function issueToDiagnostics(issue: Issue, root: unknown, lines: LineCounter, file: string): Diagnostic[] {
  // The config is YAML or JSON read into plain objects, so a path is keys and list indexes, never symbols.
  const issuePath = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = [...issuePath, key];
      const known = knownKeysAt(issuePath);
      const guess = closest(key, known);
      return error(`is not a known setting.`, {
        file,
        field: keyPath.join('.'),
        ...position(root, keyPath, lines),
        hint: guess ? `Did you mean "${guess}"?` : `Known settings here: ${known.join(', ')}.`,
      });
    });
  }
  const field = issuePath.join('.') || undefined;
  const value = valueAt(root, issuePath);
  return [error(describeIssue(issue, value), { file, field, ...position(root, issuePath, lines, 'value') })];
}

/** zod's messages name JavaScript types; these name what to write instead. */
function describeIssue(issue: Issue, value: unknown): string {
  const shown = value === undefined ? '' : `, not ${typeof value === 'object' && value !== null ? (Array.isArray(value) ? 'a list' : 'a group of settings') : JSON.stringify(value)}`;
  switch (issue.code) {
    case 'invalid_type': {
      const group = 'a group of settings, one "name: value" per line, indented under this one';
      const expected: Record<string, string> = {
        number: 'a number',
        int: 'a whole number',
        string: 'text (put it in quotes if it looks like a number)',
        boolean: 'true or false',
        object: group,
        // agencies and tags: zod 4 expects a "record" where zod 3 expected an "object".
        record: group,
      };
      return `should be ${expected[issue.expected] ?? issue.expected}${shown}.`;
    }
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty.' : `should be at least ${String(issue.minimum)} characters long${shown}.`;
      return `should be at least ${String(issue.minimum)}${shown}.`;
    case 'too_big':
      return `should be at most ${String(issue.maximum)}${shown}.`;
    case 'custom':
      // Our own checks (time zone, address, permalink) say what is wrong with the value, quoted first.
      return value === undefined ? `${issue.message}.` : `${JSON.stringify(value)} ${issue.message}.`;
    default:
      return `${issue.message}.`;
  }
}

function valueAt(root: unknown, keyPath: (string | number)[]): unknown {
  let node = root as Node | null | undefined;
  for (const part of keyPath) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
    node = pair?.value as Node | undefined;
  }
  return isScalar(node) ? node.value : isMap(node) ? {} : node && 'items' in node ? [] : undefined;
}

function knownKeysAt(pathParts: (string | number)[]): string[] {
  let shape: unknown = configSchema;
  for (const part of pathParts) {
    shape = unwrap(shape);
    const fields = (shape as { shape?: Record<string, unknown> }).shape;
    shape = fields?.[String(part)];
  }
  const fields = (unwrap(shape) as { shape?: Record<string, unknown> }).shape;
  return fields ? Object.keys(fields) : [];
}

/** Through .default(), .prefault() and .optional() to the schema they wrap. */
function unwrap(schema: unknown): unknown {
  let s = schema as { _zod?: { def: { innerType?: unknown } } };
  while (s?._zod?.def.innerType) s = s._zod.def.innerType as typeof s;
  return s;
}

/** Where a setting is written: its key (for unknown settings) or its value (for wrong values). */
function position(root: unknown, keyPath: (string | number)[], lines: LineCounter, at_: 'key' | 'value' = 'key'): { line?: number; column?: number } {
  let node = root as Node | null | undefined;
  let at: number | undefined = (node as { range?: [number] } | undefined)?.range?.[0];
  for (const part of keyPath) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
    if (!pair) break;
    at = (pair.key as Node).range?.[0] ?? at;
    node = pair.value as Node;
    if (at_ === 'value' && part === keyPath[keyPath.length - 1]) at = node?.range?.[0] ?? at;
  }
  if (at === undefined) return {};
  const pos = lines.linePos(at);
  return { line: pos.line, column: pos.col };
}
