import type { Processor } from 'unified';
import type { Root, Nodes, Paragraph } from 'mdast';
import type { Point } from 'unist';

/**
 * Parsing cost is per character (micromark walks every character of a paragraph three times: as a
 * document line, as content, as text), and a typical bulletin is a handful of long paragraphs of
 * plain prose, each on one line. Such a line parses to one paragraph holding one text node equal to
 * the line, so the parser only needs to see that paragraphs are there: `shrinkPlainLines` swaps each
 * run of them (separated by blank lines) for a one-character stand-in line before parsing, and
 * `restorePlainLines` puts the paragraphs back and moves every position after them by the lines and
 * characters taken out. The tree is the one parsing the whole body
 * gives, positions included (test/markdown/plain-lines.test.ts compares the two on generated bodies).
 *
 * A line is plain only when nothing in it can start or change any construct the processor knows
 * (block starts, inline syntax, entities, escapes, trailing spaces), and it stands alone between
 * blank lines. What a character cannot tell — whether the line sits inside an HTML block or a fenced
 * code block that spans blank lines — the parse tells: unless every stand-in comes back as a
 * paragraph of its own, `restorePlainLines` refuses and the whole body is parsed.
 */

/**
 * Wraps remark-parse's parser (use it right after remark-parse, before plugins that add tree
 * transforms: the text is restored by the first transform, so later ones such as bare-link
 * detection see the real text).
 */
export function remarkPlainLines(this: Processor): void {
  const parse = this.parser!;
  let pending: ShrunkBody | null = null;
  let restored = false;
  const restore = (tree: Root): void => {
    if (pending) restored = restorePlainLines(tree, pending);
  };
  (this.data().fromMarkdownExtensions ??= []).push({ transforms: [restore] });
  this.parser = (doc, file) => {
    const shrunk = shrinkPlainLines(doc);
    if (shrunk) {
      pending = shrunk;
      restored = false;
      try {
        const tree = parse(shrunk.text, file);
        if (restored) return tree;
      } finally {
        pending = null;
      }
    }
    return parse(doc, file);
  };
}

/** A stand-in any context parses as a one-word paragraph, and no transform touches. */
const STAND_IN = 'x';
/** Shorter lines are not worth the bookkeeping. */
const MIN_LENGTH = 24;

/** One run of plain lines, separated only by blank lines, that the shrunk body holds as one stand-in. */
interface PlainRun {
  /** Line of the stand-in in the shrunk body (1-based), and its offset there. */
  line: number;
  offset: number;
  /** Each plain line of the run: its text, line and offset in the body. */
  paragraphs: Array<{ text: string; line: number; offset: number }>;
}

export interface ShrunkBody {
  /** The body with each run of plain lines replaced by one stand-in line. */
  text: string;
  /** In order. */
  runs: PlainRun[];
}

/** The body with its plain lines swapped for stand-ins, or null when no line is worth swapping. */
export function shrinkPlainLines(body: string): ShrunkBody | null {
  // The parser drops a byte order mark at the start, which would put every offset out by one.
  if (body.startsWith('\ufeff')) return null;
  const rows = body.split('\n');
  const candidate = (i: number) => {
    const row = rows[i]!;
    return row.length >= MIN_LENGTH && isBlank(rows[i - 1]) && isBlank(rows[i + 1]) && isPlain(row);
  };
  const out: string[] = [];
  const runs: PlainRun[] = [];
  let shrunkOffset = 0;
  let offset = 0;
  let run: PlainRun | null = null;
  // Blank rows seen since the last plain line of the open run: dropped if the run goes on.
  let blanks: string[] = [];
  const emit = (row: string) => {
    out.push(row);
    shrunkOffset += row.length + 1;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (candidate(i)) {
      if (!run) {
        run = { line: out.length + 1, offset: shrunkOffset, paragraphs: [] };
        runs.push(run);
        emit(STAND_IN);
      }
      run.paragraphs.push({ text: row, line: i + 1, offset });
      blanks = [];
    } else if (run && isBlank(row)) {
      blanks.push(row);
    } else {
      if (run) for (const blank of blanks) emit(blank);
      run = null;
      blanks = [];
      emit(row);
    }
    offset += row.length + 1;
  }
  for (const blank of blanks) emit(blank);
  return runs.length > 0 ? { text: out.join('\n'), runs } : null;
}

/**
 * Puts the plain lines back into the tree parsed from the shrunk body, as paragraphs of the root, in
 * place. False (tree left as it was, to be thrown away) unless every stand-in parsed as a paragraph
 * of the root on its own: a non-indented line after a blank line is either that or part of a block
 * that spans blank lines (fenced code, an HTML comment), and then it must be parsed as it is.
 */
export function restorePlainLines(tree: Root, shrunk: ShrunkBody): boolean {
  const byLine = new Map(shrunk.runs.map((run) => [run.line, run]));
  const children: Root['children'] = [];
  let found = 0;
  for (const child of tree.children) {
    const run = standIn(child) ? byLine.get(child.position!.start.line) : undefined;
    if (!run) {
      children.push(child);
      continue;
    }
    found++;
    for (const { text, line, offset } of run.paragraphs) {
      // Paragraph and text each get their own points, as the parser gives them.
      const position = () => ({ start: { line, column: 1, offset }, end: { line, column: text.length + 1, offset: offset + text.length } });
      children.push({ type: 'paragraph', children: [{ type: 'text', value: text, position: position() }], position: position() });
    }
  }
  if (found !== shrunk.runs.length) return false;
  shiftPositions(tree, shrunk.runs);
  tree.children = children;
  return true;
}

function standIn(node: Nodes): node is Paragraph {
  if (node.type !== 'paragraph' || node.children.length !== 1) return false;
  const only = node.children[0]!;
  return only.type === 'text' && only.value === STAND_IN && node.position?.start.line === node.position?.end.line;
}

/**
 * Moves every point of the shrunk tree to where it is in the body. A stand-in line holds nothing but
 * its paragraph, so a point on it is either its start (column 1) or its end (column 2).
 */
function shiftPositions(tree: Root, runs: PlainRun[]): void {
  // Index of the last run whose stand-in is at or before `line`, or -1.
  const lastAtOrBefore = (line: number): number => {
    let low = 0;
    let high = runs.length - 1;
    let result = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (runs[mid]!.line <= line) {
        result = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return result;
  };
  const move = (point: Point): void => {
    const index = lastAtOrBefore(point.line);
    if (index === -1) return;
    const run = runs[index]!;
    const first = run.paragraphs[0]!;
    const last = run.paragraphs[run.paragraphs.length - 1]!;
    const end = last.offset + last.text.length;
    if (point.line !== run.line) {
      point.line += last.line - run.line;
      if (point.offset !== undefined) point.offset += end - (run.offset + STAND_IN.length);
    } else if (point.column > 1) {
      point.line = last.line;
      point.column = last.text.length + 1;
      if (point.offset !== undefined) point.offset = end;
    } else {
      point.line = first.line;
      if (point.offset !== undefined) point.offset = first.offset;
    }
  };
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.position) {
      move(node.position.start);
      move(node.position.end);
    }
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
}

function isBlank(row: string | undefined): boolean {
  return row === undefined || /^[ \t]*$/.test(row);
}

/**
 * Characters that can start or change a construct inside a line: emphasis, code, links and images,
 * HTML and autolinks, entities, escapes and hard breaks, strikethrough, table cells; tabs (virtual
 * spaces), carriage returns and NUL (normalized by the parser).
 */
const INLINE_SYNTAX = /[\\`*_[\]!<>&~|\t\r\0]/;

/** Whether a line parses, standing alone, as one paragraph holding exactly its own text. */
export function isPlain(row: string): boolean {
  if (INLINE_SYNTAX.test(row) || !startsParagraph(row)) return false;
  const last = row.charCodeAt(row.length - 1);
  return last !== 0x20; // trailing spaces are trimmed (or make a hard break)
}

/**
 * The first character cannot open any other block: not a space (indented code), `>`, `#`, list
 * bullets, thematic breaks and setext underlines (`-+*_=`), fences (`` ` `` `~`), HTML (`<`), link
 * definitions (`[`), table delimiters (`|` `:`), a byte order mark; digits only when the run of them
 * is not followed by `.` or `)` (an ordered list), so "4月16日" is plain and "1. " is not.
 */
function startsParagraph(row: string): boolean {
  const first = row.charCodeAt(0);
  if (first === 0xfeff || first === 0x20) return false;
  if (first >= 0x30 && first <= 0x39) {
    let i = 1;
    while (i < row.length && row.charCodeAt(i) >= 0x30 && row.charCodeAt(i) <= 0x39) i++;
    const after = row[i];
    return after !== '.' && after !== ')';
  }
  return !'>#-+*_=`~<[|:'.includes(row[0]!);
}
