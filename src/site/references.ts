import path from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import type { Bulletin } from '../content/bulletin.js';

/**
 * Finds the bulletin a front-matter reference (`related:`, `interprets:`) names. A reference is a slug
 * (`science-week`) or a content path (`2024/2024-03-18-policy.md`, with or without `.md`, relative to
 * content/ or to the referring file's folder).
 */
export class ReferenceIndex {
  private bySlug = new Map<string, number[]>();
  private byPath = new Map<string, number>();

  constructor(private readonly all: readonly Bulletin[]) {
    all.forEach((b, i) => {
      const slug = b.slug.toLowerCase();
      this.bySlug.set(slug, [...(this.bySlug.get(slug) ?? []), i]);
      this.byPath.set(b.contentPath.replace(/\.(md|markdown)$/i, ''), i);
    });
  }

  /** Index into the `all` list given to the constructor, or a diagnostic. */
  resolve(ref: string, from: Bulletin, field: string, line?: number): { index?: number; diagnostic?: Diagnostic } {
    const where = { file: from.file, line, field };
    const clean = ref.trim().replace(/\.(md|markdown)$/i, '').replace(/^\.?\//, '');
    const asPath = this.byPath.get(clean) ?? this.byPath.get(path.posix.normalize(path.posix.join(path.posix.dirname(from.contentPath), clean)));
    const candidates = asPath !== undefined ? [asPath] : (this.bySlug.get(clean.toLowerCase()) ?? []);
    if (candidates.length === 0) {
      return { diagnostic: error(`"${ref}" names no bulletin.`, { ...where, hint: 'Use the slug (the file name without the date and .md) or the path under content/.' }) };
    }
    if (candidates.length > 1) {
      const files = candidates.map((i) => this.all[i]!.file).join(', ');
      return { diagnostic: error(`"${ref}" matches several bulletins (${files}).`, { ...where, hint: 'Write the path under content/ instead of the slug.' }) };
    }
    return { index: candidates[0] };
  }
}

/** A reference to a bulletin that exists but is not published in this build is skipped with a warning. */
export function unpublishedReference(ref: string, target: Bulletin, from: Bulletin, field: string, line?: number): Diagnostic {
  return warning(`"${ref}" is ${target.status === 'draft' ? 'a draft' : target.status === 'scheduled' ? 'not published yet' : 'expired'} and is left out.`, {
    file: from.file,
    line,
    field,
  });
}
