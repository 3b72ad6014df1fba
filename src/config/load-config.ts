import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, isPair, type Node } from 'yaml';
import type { ZodIssue } from 'zod';
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
    return {
      file,
      diagnostics: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return error(`is not valid YAML: ${e.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
      }),
    };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 10 }) ?? {};
  const result = configSchema.safeParse(raw);
  if (result.success) return { parsed: result.data, file, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(issue, doc.contents, lineCounter, file));
  return { file, diagnostics };
}

function issueToDiagnostics(issue: ZodIssue, root: unknown, lines: LineCounter, file: string): Diagnostic[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = [...issue.path, key];
      const known = knownKeysAt(issue.path);
      const guess = closest(key, known);
      return error(`is not a known setting.`, {
        file,
        field: keyPath.join('.'),
        ...position(root, keyPath, lines),
        hint: guess ? `Did you mean "${guess}"?` : `Known settings here: ${known.join(', ')}.`,
      });
    });
  }
  const field = issue.path.join('.') || undefined;
  return [error(`${issue.message}.`, { file, field, ...position(root, issue.path, lines) })];
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

function unwrap(schema: unknown): unknown {
  let s = schema as { _def?: { innerType?: unknown; schema?: unknown } };
  while (s?._def?.innerType || s?._def?.schema) s = (s._def.innerType ?? s._def.schema) as typeof s;
  return s;
}

function position(root: unknown, keyPath: (string | number)[], lines: LineCounter): { line?: number; column?: number } {
  let node = root as Node | null | undefined;
  let at: number | undefined = (node as { range?: [number] } | undefined)?.range?.[0];
  for (const part of keyPath) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
    if (!pair) break;
    at = (pair.key as Node).range?.[0] ?? at;
    node = pair.value as Node;
  }
  if (at === undefined) return {};
  const pos = lines.linePos(at);
  return { line: pos.line, column: pos.col };
}
