/**
 * One problem found while building, in words a press officer can act on.
 * Every stage returns these instead of throwing, so a build can report all problems in one run.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** What is wrong, in plain words, without the location prefix. */
  message: string;
  /** Path relative to the site folder, with forward slashes (e.g. `content/2020/foo.md`). */
  file?: string;
  /** 1-based line and column in `file`. */
  line?: number;
  column?: number;
  /** The front-matter key or config key the problem is about. */
  field?: string;
  /** What to do about it. */
  hint?: string;
}

export function error(message: string, where: Omit<Diagnostic, 'severity' | 'message'> = {}): Diagnostic {
  return { severity: 'error', message, ...where };
}

export function warning(message: string, where: Omit<Diagnostic, 'severity' | 'message'> = {}): Diagnostic {
  return { severity: 'warning', message, ...where };
}

/** `content/2020/foo.md:3:7 date: "2020-13-45" is not a valid date. Use 2020-05-14 or 2020-05-14 09:30.` */
export function formatDiagnostic(d: Diagnostic): string {
  let location = '';
  if (d.file) {
    location = d.file;
    if (d.line) location += `:${d.line}`;
    if (d.line && d.column) location += `:${d.column}`;
    location += ' ';
  }
  const field = d.field ? `${d.field}: ` : '';
  const hint = d.hint ? ` ${d.hint}` : '';
  return `${location}${field}${d.message}${hint}`;
}

/** Stable order: by file, line, column, then message — so reports are the same whatever the file order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const hasErrors = (list: readonly Diagnostic[]): boolean => list.some((d) => d.severity === 'error');

/** Thrown only for problems that make going on pointless (e.g. an unreadable config); carries diagnostics. */
export class BuildFailure extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BuildFailure';
  }
}
