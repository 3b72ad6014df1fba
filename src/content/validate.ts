import path from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import { closest } from '../util/suggest.js';
import { filenameDate, parseBulletinDate } from './dates.js';
import type { BulletinDate } from './dates.types.js';
import type { Bulletin, PublicationStatus, SourceFile, WithBody } from './bulletin.js';
import type { FrontMatterResult } from './front-matter.js';
import { frontMatterSchema, knownFrontMatterKeys } from './front-matter-schema.js';
import { quoteSlug, slugify, unsafeSlugReason } from './slugify.js';

type Site = Pick<Config, 'timezone' | 'lang' | 'defaultAgency' | 'agencies' | 'now' | 'title'>;

/**
 * Pure: parsed front matter → a Bulletin, or every problem found in it. The URL is left empty; the
 * planner assigns permalinks once it has seen every bulletin.
 */
export function validateBulletin(
  source: SourceFile,
  fm: FrontMatterResult,
  site: Site,
): { bulletin?: WithBody; diagnostics: Diagnostic[] } {
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

  // A key with nothing after it (`tags:`, `summary:`), as a bulletin template leaves it, means the
  // field is not given, as in Hugo and Eleventy; only the title must be there.
  const given = Object.fromEntries(Object.entries(fm.data).filter(([key, value]) => value !== null || key === 'title'));

  const date = (field: string, value: unknown, itemLine?: { line: number; column: number }) => {
    const result = parseBulletinDate(value, site.timezone);
    if (result.ok) return result.date;
    diagnostics.push(error(result.message, { ...at(field), ...itemLine }));
    return undefined;
  };

  // Dates are read from the raw fields before the schema check, so a bulletin with a missing title
  // and a wrong date hears about both in one run.
  const base = path.posix.basename(source.contentPath).replace(/\.(md|markdown)$/i, '');
  const fromName = filenameDate(path.posix.basename(source.contentPath));
  let published: BulletinDate | undefined;
  if (given.date !== undefined) {
    published = date('date', given.date);
    if (published && fromName && (fromName.year !== published.year || fromName.month !== published.month || fromName.day !== published.day)) {
      diagnostics.push(warning(`is ${published.iso.slice(0, 10)} but the file name says ${pad(fromName)}; the front matter wins.`, { ...at('date'), hint: 'Rename the file or correct the date.' }));
    }
  } else if (fromName) {
    published = date('date', pad(fromName));
  } else {
    diagnostics.push(error('is missing. Every bulletin needs a publication date (发布日期).', { file, line: 1, field: 'date', hint: 'Add a line such as date: 2024-05-14 09:30 to the front matter.' }));
  }
  const updated = given.updated !== undefined ? date('updated', given.updated) : undefined;
  const written = given.written !== undefined ? date('written', given.written) : undefined;
  const expires = given.expires !== undefined ? date('expires', given.expires) : undefined;

  const parsed = frontMatterSchema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Front matter is YAML read into plain objects, so a path is keys and list indexes, never symbols.
      const issuePath = issue.path as (string | number)[];
      const field = String(issuePath[0] ?? 'title');
      const item = typeof issuePath[1] === 'number' ? fm.itemPositions.get(field)?.[issuePath[1]] : undefined;
      const value = issuePath.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined), given);
      const described = describeIssue(field, issue.code, issue.message, value);
      diagnostics.push(error(described.message, { ...at(field), ...item, field: issuePath.join('.'), hint: described.hint }));
    }
    return { diagnostics };
  }
  const data = parsed.data;

  const slug = data.slug?.trim() || slugify(fromName ? fromName.rest : base) || slugify(data.title);
  const slugProblem = unsafeSlugReason(slug);
  if (slugProblem) diagnostics.push(error(`${quoteSlug(slug)} ${slugProblem}.`, { ...at(data.slug !== undefined ? 'slug' : 'title'), field: 'slug', hint: 'Use lower-case letters, digits and hyphens, e.g. slug: science-week-2024.' }));

  const updateItems = fm.itemPositions.get('updates') ?? [];
  const updates = (data.updates ?? []).flatMap((u, i) => {
    const d = date('updates', u.date, updateItems[i]);
    return d ? [{ date: d, note: u.note }] : [];
  });
  const withdrawnDate = data.withdrawn ? date('withdrawn', data.withdrawn.date) : undefined;

  if (diagnostics.some((d) => d.severity === 'error') || !published) return { diagnostics };

  const agency = data.agency ?? site.defaultAgency ?? site.title;
  const relatedItems = fm.itemPositions.get('related') ?? [];
  const bulletin: WithBody = {
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

/** What each non-text field should hold, for "has the wrong kind of value" messages. */
const EXPECTED: Record<string, string> = {
  tags: 'a list, e.g. tags: [科技创新, 资金扶持]',
  related: 'a list of slugs or paths, e.g. related: [science-week-2024]',
  draft: 'true or false',
  updates: 'a list of dated notes, e.g. "- { date: 2024-05-15 10:00, note: 更正联系电话 }"',
  withdrawn: 'a date and a reason, e.g. withdrawn: { date: 2024-06-01, reason: 政策已废止 }',
  attachments: 'a list of files, e.g. "- { href: files/form.pdf, title: 申报表 }"',
};

/** A schema problem in words a press officer can act on (zod's own messages name JavaScript types). */
function describeIssue(field: string, code: string, message: string, value: unknown): { message: string; hint?: string } {
  if (code === 'invalid_type' && (value === undefined || value === null)) {
    const missing = value === null ? 'is empty' : 'is missing';
    if (field === 'title') return { message: `${missing}. Every bulletin needs a title (标题).`, hint: 'Add a line such as title: 关于举办科技活动周的通知 to the front matter.' };
    return { message: 'is missing.', hint: EXPECTED[field] ? `Write ${EXPECTED[field]}.` : undefined };
  }
  if (code === 'invalid_type' || code === 'invalid_union') {
    const shown = typeof value === 'object' && value !== null ? (Array.isArray(value) ? 'a list' : 'a group of fields') : JSON.stringify(value);
    const expected = EXPECTED[field] ?? 'text';
    const hint = expected === 'text' && (typeof value === 'number' || typeof value === 'boolean') ? `Put the value in quotes, e.g. ${field}: "${String(value)}".` : undefined;
    return { message: `should be ${expected}, not ${shown}.`, hint };
  }
  return { message: `${message}.` };
}
