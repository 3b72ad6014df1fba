import * as z from 'zod';
import { isValidTimeZone } from '../content/dates.js';
import { checkPermalinkPattern } from '../site/permalinks.js';
import { unsafeSlugReason } from '../content/slugify.js';
import { minLength, number } from '../util/schema-checks.js';

/**
 * Weights for the related-articles score; each signal is scaled 0..1 before weighting. Text leads,
 * so a site where nobody tags still gets good lists (precision@5 0.99 on the benchmark corpus with
 * text alone); agency and date mostly order near ties and fill lists of bulletins with little text.
 */
const relatedWeights = z
  .object({
    /** Cosine similarity of the BM25-weighted terms of title and body (CJK bigrams, English words). */
    text: number({ min: 0 }).default(1),
    /** Share of tags in common (cosine of the two tag sets; case and spacing ignored). */
    tags: number({ min: 0 }).default(0.5),
    /** 1 when both come from the same agency. */
    agency: number({ min: 0 }).default(0.1),
    /** 1 on the same day, 0.5 thirty days apart, towards 0 over the years. */
    date: number({ min: 0 }).default(0.1),
  })
  .strict()
  // Parsed, so the weights' own defaults fill it in (zod 4's .default({}) would hand back {} as it is).
  .prefault({});

/** A slug from the config becomes a folder under dist/agencies/ or dist/tags/: it must be one safe part. */
const urlSegment = z.string().superRefine((slug, ctx) => {
  const reason = unsafeSlugReason(slug);
  if (reason) ctx.addIssue({ code: 'custom', message: `${reason}. Use lower-case letters, digits and hyphens, e.g. science-technology` });
});

/**
 * The site configuration file (`bulletin.config.yaml` or `.json`). Every key has a default so that a
 * folder with only Markdown files still builds.
 */
export const configSchema = z
  .object({
    title: z.string().check(minLength(1)).default('政府信息发布'),
    description: z.string().default(''),
    url: z
      .string()
      .refine(isWebAddress, { message: 'is not a web address. Use a full address such as https://www.example.gov.cn/news/' })
      .default('https://www.example.gov.cn/'),
    lang: z.string().check(minLength(2)).default('zh-CN'),
    timezone: z
      .string()
      .refine(isValidTimeZone, { message: 'is not a time zone. Use an IANA name such as Asia/Shanghai or Europe/London' })
      .default('Asia/Shanghai'),
    permalink: z
      .string()
      .superRefine((pattern, ctx) => {
        if (!pattern.includes('{slug}')) ctx.addIssue({ code: 'custom', message: 'must contain {slug} so that every bulletin gets its own address, e.g. /{yyyy}/{mm}/{slug}/' });
        for (const d of checkPermalinkPattern(pattern)) ctx.addIssue({ code: 'custom', message: `${d.message}${d.hint ? ` ${d.hint}` : ''}`.replace(/\.$/, '') });
      })
      .default('/{yyyy}/{mm}/{slug}/'),
    pageSize: number({ int: true, min: 1, max: 1000 }).default(20),
    defaultAgency: z.string().optional(),
    /** Display name → URL slug, for agencies whose names are not ASCII. */
    agencies: z.record(z.string(), urlSegment).default({}),
    /** Tag → URL slug. */
    tags: z.record(z.string(), urlSegment).default({}),
    related: z
      .object({ count: number({ int: true, min: 0, max: 50 }).default(5), weights: relatedWeights })
      .strict()
      .prefault({}),
    feed: z
      .object({ items: number({ int: true, min: 1, max: 1000 }).default(20) })
      .strict()
      .prefault({}),
    allowHtml: z.boolean().default(false),
    /** Largest Markdown file accepted, in bytes. */
    maxFileSize: number({ int: true, min: 1 }).default(5 * 1024 * 1024),
    search: z.boolean().default(true),
    /** Ask before leaving the site through an external link (跳转提示). */
    externalLinkNotice: z.boolean().default(false),
    /** Site chrome: identity codes and filing numbers shown in the footer. */
    site: z
      .object({
        name: z.string().optional(),
        emblem: z.string().optional(),
        domain: z.string().optional(),
        idCode: z.string().optional(),
        icp: z.string().optional(),
        psb: z.string().optional(),
        psbCode: z.string().optional(),
        organizer: z.string().optional(),
        contact: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** Feeds, the sitemap and canonical links need an absolute http(s) address that paths can follow. */
export function isWebAddress(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
}

export type ConfigFile = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
