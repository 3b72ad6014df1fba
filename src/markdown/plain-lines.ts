import type { Processor } from 'unified';
import type { List, ListItem, Root, Nodes, Paragraph, Text } from 'mdast';
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
 * blank lines. A line that would be plain but for inline syntax further on (the usual last paragraph,
 * "详见[某某网站](…)。") has its plain head swapped instead: the stand-in, then the head's last
 * character (emphasis looks one character back), then the rest of the line as it is. What a character cannot tell — whether the line sits inside an HTML block or a fenced
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
/**
 * A plain head shorter than this is not worth the bookkeeping (its line is parsed anyway). A plain
 * line of any length is swapped: what a stand-in saves is mostly the parser's work per paragraph.
 */
const MIN_LENGTH = 24;

/** A tight list's stand-in: one item, itself a stand-in. */
const LIST_STAND_IN = `- ${STAND_IN}`;

/**
 * One run of plain lines, separated only by blank lines, that the shrunk body holds as one stand-in
 * line; or the plain items of one tight list (`- ` and a plain line each, between blank lines), held
 * as a list of one stand-in item.
 */
interface PlainRun {
  kind: 'paragraphs' | 'list';
  /** Line of the stand-in in the shrunk body (1-based), and its offset there. */
  line: number;
  offset: number;
  /** Each plain line (or item line, bullet included) of the run: its text, line and offset in the body. */
  paragraphs: Array<{ text: string; line: number; offset: number }>;
}

/** A line whose plain head the shrunk body holds as a stand-in, followed by the rest of the line. */
interface PlainHead {
  /** Line of the shortened line in the shrunk body (1-based), and its offset there. */
  line: number;
  offset: number;
  /** The characters the stand-in replaces (all of the head but its last character), and the line's line and offset in the body. */
  text: string;
  bodyLine: number;
  bodyOffset: number;
}

export interface ShrunkBody {
  /** The body with each run of plain lines replaced by one stand-in line, and each plain head by a stand-in. */
  text: string;
  /** In order. */
  runs: PlainRun[];
  heads: PlainHead[];
}

/** The body with its plain lines swapped for stand-ins, or null when no line is worth swapping. */
export function shrinkPlainLines(body: string): ShrunkBody | null {
  // The parser drops a byte order mark at the start, which would put every offset out by one.
  if (body.startsWith('\ufeff')) return null;
  const rows = body.split('\n');
  const candidate = (i: number) => {
    const row = rows[i]!;
    return row.length > 0 && isBlank(rows[i - 1]) && isBlank(rows[i + 1]) && isPlain(row);
  };
  const out: string[] = [];
  const runs: PlainRun[] = [];
  const heads: PlainHead[] = [];
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
        run = { kind: 'paragraphs', line: out.length + 1, offset: shrunkOffset, paragraphs: [] };
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
      const items = isBlank(rows[i - 1]) ? plainItems(rows, i) : 0;
      if (items > 0) {
        const list: PlainRun = { kind: 'list', line: out.length + 1, offset: shrunkOffset, paragraphs: [] };
        runs.push(list);
        emit(LIST_STAND_IN);
        for (let k = i; k < i + items; k++) {
          list.paragraphs.push({ text: rows[k]!, line: k + 1, offset });
          offset += rows[k]!.length + 1;
        }
        i += items - 1;
        continue;
      }
      const head = isBlank(rows[i - 1]) && isBlank(rows[i + 1]) ? plainHead(row) : 0;
      if (head > 0) {
        heads.push({ line: out.length + 1, offset: shrunkOffset, text: row.slice(0, head), bodyLine: i + 1, bodyOffset: offset });
        emit(STAND_IN + row.slice(head));
      } else emit(row);
    }
    offset += row.length + 1;
  }
  for (const blank of blanks) emit(blank);
  return runs.length > 0 || heads.length > 0 ? { text: out.join('\n'), runs, heads } : null;
}

/**
 * How many lines from `rows[from]` on are the plain items of one tight list that a blank line (or the
 * end) follows: `- ` and a plain line each; 0 when there are none. The line before must be blank.
 */
function plainItems(rows: readonly string[], from: number): number {
  let end = from;
  while (end < rows.length && isPlainItem(rows[end]!)) end++;
  return end > from && isBlank(rows[end]) ? end - from : 0;
}

function isPlainItem(row: string): boolean {
  return row.startsWith('- ') && row.length > 2 && isPlain(row.slice(2));
}

/**
 * How many characters at the start of `row` a stand-in can replace: all of a plain head of at least
 * `MIN_LENGTH` characters before the first inline syntax, but its last character; 0 when none.
 * Not on a line with a tab, carriage return or NUL (they move columns or change characters) or a
 * `|` (a table row).
 */
function plainHead(row: string): number {
  const syntax = row.search(INLINE_SYNTAX);
  if (syntax <= MIN_LENGTH || LINE_CHANGES.test(row) || !startsParagraph(row)) return 0;
  return syntax - 1;
}

/**
 * Puts the plain lines back into the tree parsed from the shrunk body, as paragraphs of the root, in
 * place. False (tree left as it was, to be thrown away) unless every stand-in parsed as a paragraph
 * of the root on its own: a non-indented line after a blank line is either that or part of a block
 * that spans blank lines (fenced code, an HTML comment), and then it must be parsed as it is.
 */
export function restorePlainLines(tree: Root, shrunk: ShrunkBody): boolean {
  const byLine = new Map(shrunk.runs.map((run) => [run.line, run]));
  const headAt = new Map(shrunk.heads.map((head) => [head.line, head]));
  const children: Root['children'] = [];
  // Text nodes whose stand-in is swapped back, and lists whose items are put back, once the positions are moved (they are checked first).
  const headTexts: [Text, PlainHead][] = [];
  const lists: [List, PlainRun][] = [];
  let found = 0;
  for (const child of tree.children) {
    const list = standInList(child) ? byLine.get(child.position!.start.line) : undefined;
    if (list?.kind === 'list') {
      found++;
      lists.push([child as List, list]);
      children.push(child);
      continue;
    }
    const head = child.type === 'paragraph' && child.position?.start.column === 1 ? headAt.get(child.position.start.line) : undefined;
    const first = head && (child as Paragraph).children[0];
    if (head && first?.type === 'text' && first.value.startsWith(STAND_IN) && first.position?.start.line === head.line && first.position.start.column === 1) {
      headTexts.push([first, head]);
      children.push(child);
      continue;
    }
    const run = standIn(child) ? byLine.get(child.position!.start.line) : undefined;
    if (!run || run.kind !== 'paragraphs') {
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
  if (found !== shrunk.runs.length || headTexts.length !== shrunk.heads.length) return false;
  shiftPositions(tree, shrunk);
  for (const [text, head] of headTexts) text.value = head.text + text.value.slice(STAND_IN.length);
  for (const [list, run] of lists) list.children = run.paragraphs.map(listItem);
  tree.children = children;
  return true;
}

/** An item of a tight list as the parser gives it: bullet and space, then a paragraph of one text. */
function listItem({ text, line, offset }: PlainRun['paragraphs'][number]): ListItem {
  const end = () => ({ line, column: text.length + 1, offset: offset + text.length });
  const content = () => ({ start: { line, column: 3, offset: offset + 2 }, end: end() });
  return {
    type: 'listItem',
    spread: false,
    checked: null,
    children: [{ type: 'paragraph', children: [{ type: 'text', value: text.slice(2), position: content() }], position: content() }],
    position: { start: { line, column: 1, offset }, end: end() },
  };
}

/** A list of one item holding only a stand-in paragraph, on one line. */
function standInList(node: Nodes): node is List {
  if (node.type !== 'list' || node.ordered || node.children.length !== 1 || node.position?.start.line !== node.position?.end.line) return false;
  const item = node.children[0]!;
  return item.children.length === 1 && standIn(item.children[0]!);
}

function standIn(node: Nodes): node is Paragraph {
  if (node.type !== 'paragraph' || node.children.length !== 1) return false;
  const only = node.children[0]!;
  return only.type === 'text' && only.value === STAND_IN && node.position?.start.line === node.position?.end.line;
}

/**
 * Moves every point of the shrunk tree to where it is in the body. A stand-in line holds nothing but
 * its paragraph, so a point on it is either its start (column 1) or its end (column 2); a point on a
 * shortened line is at its start (column 1) or after the stand-in.
 */
function shiftPositions(tree: Root, shrunk: ShrunkBody): void {
  // Every swap in the order of the shrunk body's lines, each moving the points on its line and after it.
  type Swap = { line: number; on: (point: Point) => void; after: (point: Point) => void };
  const swaps: Swap[] = [];
  for (const run of shrunk.runs) {
    const first = run.paragraphs[0]!;
    const last = run.paragraphs[run.paragraphs.length - 1]!;
    const end = last.offset + last.text.length;
    const standInLength = run.kind === 'list' ? LIST_STAND_IN.length : STAND_IN.length;
    swaps.push({
      line: run.line,
      on(point) {
        if (point.column > 1) {
          point.line = last.line;
          point.column = last.text.length + 1;
          if (point.offset !== undefined) point.offset = end;
        } else {
          point.line = first.line;
          if (point.offset !== undefined) point.offset = first.offset;
        }
      },
      after(point) {
        point.line += last.line - run.line;
        if (point.offset !== undefined) point.offset += end - (run.offset + standInLength);
      },
    });
  }
  for (const head of shrunk.heads) {
    const longer = head.text.length - STAND_IN.length;
    swaps.push({
      line: head.line,
      on(point) {
        point.line = head.bodyLine;
        if (point.offset !== undefined) point.offset += head.bodyOffset - head.offset + (point.column > 1 ? longer : 0);
        if (point.column > 1) point.column += longer;
      },
      after(point) {
        point.line += head.bodyLine - head.line;
        if (point.offset !== undefined) point.offset += head.bodyOffset - head.offset + longer;
      },
    });
  }
  swaps.sort((a, b) => a.line - b.line);
  // Index of the last swap on or before `line`, or -1.
  const lastAtOrBefore = (line: number): number => {
    let low = 0;
    let high = swaps.length - 1;
    let result = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (swaps[mid]!.line <= line) {
        result = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return result;
  };
  const move = (point: Point): void => {
    const index = lastAtOrBefore(point.line);
    if (index === -1) return;
    const swap = swaps[index]!;
    if (point.line === swap.line) swap.on(point);
    else swap.after(point);
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
/** Characters that rule out swapping the head of a line (see `plainHead`). */
const LINE_CHANGES = /[|\t\r\0]/;

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
