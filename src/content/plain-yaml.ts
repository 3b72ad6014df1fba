/**
 * The front matter nearly every bulletin has, read without the `yaml` package: one `name: value`
 * per line, each value a string (plain, or in double quotes with no escapes) or `true`/`false`, a
 * `[a, "b"]` list of such values, or nothing after the colon with `- item` lines below it. For this
 * shape the result is what read-yaml.ts gives (data, the positions of values and list items, no
 * diagnostics), at about a tenth of the cost: the `yaml` package builds a token stream, a syntax tree and a document for
 * each file, 0.6 s of a cold build at 4,000 bulletins.
 *
 * Anything else returns undefined and is read by the `yaml` package: comments, `#` or `: ` inside a
 * plain value, escapes, single quotes, numbers and null (the core schema decides those),
 * indentation that could continue a value, tabs, control characters, nested maps, anchors, tags,
 * repeated names. So every message about a mistake still comes from read-yaml.ts.
 */
import type { KeyPosition, YamlResult } from './read-yaml.js';

/** A field name as bulletins write them. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Characters the fast path never reads: C0 controls but the newline (tab included), DEL, a byte-order mark. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\ufeff]/;
/** What a plain value may not start with (YAML indicators, and space). */
const PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
/**
 * Plain values the core schema reads as something other than a string: its patterns for null,
 * booleans, integers and floats (yaml/dist/schema/core), made case-insensitive, so a superset.
 */
const NOT_STRING = /^(?:~|null|true|false|[-+]?\.(?:inf|nan)|0o[0-7]+|0x[0-9a-f]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?)$/i;

/**
 * `src`: the front matter as gray-matter cut it (line 1 is the rest of the opening fence's line);
 * `openLine`: that fence's line in the file. Undefined when the text is not of the plain shape.
 */
export function readPlainYaml(src: string, openLine: number): YamlResult | undefined {
  if (CONTROL.test(src)) return undefined;
  const lines = src.split('\n');
  // Line 1 is what follows `---` (nothing, or a language word gray-matter already took off).
  if (lines[0] !== '' || lines[lines.length - 1] !== '') return undefined;
  const data: Record<string, unknown> = {};
  const positions = new Map<string, KeyPosition>();
  const itemPositions = new Map<string, KeyPosition[]>();
  const at = (index: number, column: number): KeyPosition => ({ line: openLine + index, column: column + 1 });

  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 1) return undefined;
    const name = line.slice(0, colon);
    if (!NAME.test(name) || NOT_STRING.test(name) || name === '__proto__' || Object.hasOwn(data, name)) return undefined;
    const rest = line.slice(colon + 1);
    if (rest === '') {
      // Nothing after the colon: null, or a block list on the lines below.
      const items: unknown[] = [];
      const places: KeyPosition[] = [];
      let indent: string | undefined;
      for (; i + 1 < lines.length - 1; i++) {
        const m = /^( *)- (.*)$/.exec(lines[i + 1]!);
        if (!m) break;
        if (indent !== undefined && m[1] !== indent) return undefined;
        indent = m[1]!;
        const column = indent.length + 2;
        const item = scalar(m[2]!, false);
        if (item === undefined) return undefined;
        items.push(item);
        places.push(at(i + 1, column));
      }
      if (indent === undefined) {
        // `summary:` with nothing after it: null, placed at the name.
        data[name] = null;
        positions.set(name, at(i, 0));
        continue;
      }
      data[name] = items;
      positions.set(name, at(i - items.length + 1, indent.length));
      itemPositions.set(name, places);
      continue;
    }
    const space = /^ +/.exec(rest);
    if (!space) return undefined;
    const column = colon + 1 + space[0].length;
    const value = line.slice(column);
    positions.set(name, at(i, column));
    if (value.startsWith('[')) {
      const list = flowList(value, column);
      if (!list) return undefined;
      data[name] = list.items;
      itemPositions.set(name, list.columns.map((c) => at(i, c)));
      continue;
    }
    const read = scalar(value, false);
    if (read === undefined) return undefined;
    data[name] = read;
  }
  return { data, positions, itemPositions, diagnostics: [] };
}

/**
 * A whole value: `"text"` without `"` or `\` inside, a boolean as the core schema writes it, or
 * plain text that YAML reads as exactly itself (in a `[ ]` list, `inList`, also without `,` `[` `]`
 * `{` `}` or `:`).
 */
function scalar(value: string, inList: boolean): string | boolean | undefined {
  if (value.startsWith('"')) {
    const end = value.indexOf('"', 1);
    if (end !== value.length - 1 || value.includes('\\')) return undefined;
    return value.slice(1, -1);
  }
  // The core schema's booleans (yaml/dist/schema/core/bool.js): `draft: false` is in most bulletins.
  if (/^(?:[Tt]rue|TRUE)$/.test(value)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(value)) return false;
  if (value === '' || PLAIN_START.test(value) || /\s$/.test(value) || NOT_STRING.test(value)) return undefined;
  if (value.includes(': ') || value.endsWith(':') || value.includes(' #')) return undefined;
  if (inList && /[,[\]{}:]/.test(value)) return undefined;
  return value;
}

/** `[a, "b", c]` on one line, nothing after it: the items and the column each starts at. */
function flowList(value: string, column: number): { items: (string | boolean)[]; columns: number[] } | undefined {
  if (!value.endsWith(']')) return undefined;
  const inner = value.slice(1, -1);
  if (inner.trim() === '') return inner === '' ? { items: [], columns: [] } : undefined;
  const items: (string | boolean)[] = [];
  const columns: number[] = [];
  let offset = 1;
  for (const part of inner.split(',')) {
    // One space after each comma, none before it, none inside the brackets' edges.
    const lead = items.length === 0 ? 0 : 1;
    if (part.slice(0, lead) !== ' '.repeat(lead)) return undefined;
    const item = scalar(part.slice(lead), true);
    if (item === undefined) return undefined;
    items.push(item);
    columns.push(column + offset + lead);
    offset += part.length + 1;
  }
  return { items, columns };
}
