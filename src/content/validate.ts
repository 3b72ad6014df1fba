import path from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import { closest } from '../util/suggest.js';
import { filenameDate, parseBulletinDate } from './dates.js';
import type { BulletinDate } from './dates.types.js';
import type { Bulletin, PublicationStatus, SourceFile } from './bulletin.js';
import type { FrontMatterResult } from './front-matter.js';
import { frontMatterSchema, knownFrontMatterKeys } from './front-matter-schema.js';
import { slugify, unsafeSlugReason } from './slugify.js';

type Site = Pick<Config, 'timezone' | 'lang' | 'defaultAgency' | 'agencies' | 'now' | 'title'>;

/**
 * Pure: parsed front matter → a Bulletin, or every problem found in it. The URL is left empty; the
 * planner assigns permalinks once it has seen every bulletin.
 */
export function validateBulletin(
  source: SourceFile,
  fm: FrontMatterResult,
  site: Site,
): { bulletin?: Bulletin; diagnostics: Diagnostic[] } {
  const file = source.file;
  const at = (field: string) => ({ file, field, ...(fm.positions.get(field) ?? { line: 1 }) });
  const diagnostics: Diagnostic[] = [];

  for (const key of Object.keys(fm.data)) {
    if (knownFrontMatterKeys.includes(key)) continue;
    const guess = closest(key, knownFrontMatterKeys);
    diagnostics.push(
      warning(`is not a known field and is ignored.`, { ...at(key), hint: guess ? `Did you mean "${guess}"?` : undefined }),
    );
  }

  const parsed = frontMatterSchema.safeParse(fm.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'title');
      const item = typeof issue.path[1] === 'number' ? fm.itemPositions.get(field)?.[issue.path[1]] : undefined;
      diagnostics.push(error(describeIssue(issue.code, issue.message, fm.data[field]), { ...at(field), ...item, field: issue.path.join('.') }));
    }
    return { diagnostics };
  }
  const data = parsed.data;

  const date = (field: string, value: unknown, itemLine?: { line: number; column: number }) => {
    const result = parseBulletinDate(value, site.timezone);
    if (result.ok) return result.date;
    diagnostics.push(error(result.message, { ...at(field), ...itemLine }));
    return undefined;
  };

  const base = path.posix.basename(source.contentPath).replace(/\.(md|markdown)$/i, '');
  const fromName = filenameDate(path.posix.basename(source.contentPath));
  let published: BulletinDate | undefined;
  if (data.date !== undefined) {
    published = date('date', data.date);
    if (published && fromName && (fromName.year !== published.year || fromName.month !== published.month || fromName.day !== published.day)) {
      diagnostics.push(warning(`is ${published.iso.slice(0, 10)} but the file name says ${pad(fromName)}; the front matter wins.`, { ...at('date'), hint: 'Rename the file or correct the date.' }));
    }
  } else if (fromName) {
    published = date('date', pad(fromName));
  } else {
    diagnostics.push(error('is missing. Every bulletin needs a publication date (发布日期).', { file, line: 1, field: 'date', hint: 'Add a line such as date: 2024-05-14 09:30 to the front matter.' }));
  }

  const slug = data.slug?.trim() || slugify(fromName ? fromName.rest : base) || slugify(data.title);
  const slugProblem = unsafeSlugReason(slug);
  if (slugProblem) diagnostics.push(error(`"${slug}" ${slugProblem}.`, { ...at(data.slug !== undefined ? 'slug' : 'title'), field: 'slug', hint: 'Use lower-case letters, digits and hyphens, e.g. slug: science-week-2024.' }));

  const updated = data.updated !== undefined ? date('updated', data.updated) : undefined;
  const written = data.written !== undefined ? date('written', data.written) : undefined;
  const expires = data.expires !== undefined ? date('expires', data.expires) : undefined;
  const updateItems = fm.itemPositions.get('updates') ?? [];
  const updates = (data.updates ?? []).flatMap((u, i) => {
    const d = date('updates', u.date, updateItems[i]);
    return d ? [{ date: d, note: u.note }] : [];
  });
  const withdrawnDate = data.withdrawn ? date('withdrawn', data.withdrawn.date) : undefined;

  if (diagnostics.some((d) => d.severity === 'error') || !published) return { diagnostics };

  const agency = data.agency ?? site.defaultAgency ?? site.title;
  const relatedItems = fm.itemPositions.get('related') ?? [];
  const bulletin: Bulletin = {
    file,
    contentPath: source.contentPath,
    title: data.title,
    date: published,
    updated: updated ?? latest(updates.map((u) => u.date)),
    agency,
    agencySlug: site.agencies[agency] ?? slugify(agency),
    tags: [...new Set(data.tags ?? [])],
    summary: data.summary,
    slug,
    draft: data.draft ?? false,
    lang: data.lang ?? site.lang,
    source: data.source ?? agency,
    docNumber: data.doc_number,
    indexNumber: data.index_number,
    category: data.category,
    written,
    related: (data.related ?? []).map((ref, i) => ({ ref, line: relatedItems[i]?.line ?? fm.positions.get('related')?.line })),
    updates: updates.sort((a, b) => b.date.epochMs - a.date.epochMs),
    withdrawn: data.withdrawn && withdrawnDate ? { date: withdrawnDate, reason: data.withdrawn.reason } : undefined,
    interprets: data.interprets ? { ref: data.interprets, line: fm.positions.get('interprets')?.line } : undefined,
    attachments: data.attachments ?? [],
    expires,
    status: 'published',
    body: fm.body,
    bodyLine: fm.bodyLine,
    url: '',
  };
  bulletin.status = statusAt(bulletin, site.now);
  return { bulletin, diagnostics };
}

/** Drafts first, then the embargo, then expiry: a draft dated in the future is still a draft. */
export function statusAt(b: Pick<Bulletin, 'draft' | 'date' | 'expires'>, now: number): PublicationStatus {
  if (b.draft) return 'draft';
  if (b.date.epochMs > now) return 'scheduled';
  if (b.expires && b.expires.epochMs <= now) return 'expired';
  return 'published';
}

function latest(dates: BulletinDate[]): BulletinDate | undefined {
  return dates.reduce<BulletinDate | undefined>((best, d) => (!best || d.epochMs > best.epochMs ? d : best), undefined);
}

function pad(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function describeIssue(code: string, message: string, value: unknown): string {
  const shown = value === undefined ? '' : ` (it is ${typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'a group of fields') : JSON.stringify(value)})`;
  if (code === 'invalid_type' && value === undefined) return 'is missing.';
  if (code === 'invalid_type' || code === 'invalid_union') return `has the wrong kind of value${shown}. ${message}.`;
  return `${message}.`;
}
