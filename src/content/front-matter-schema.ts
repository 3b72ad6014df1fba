import * as z from 'zod';
import { minLength } from '../util/schema-checks.js';

const text = z.string().trim().check(minLength(1, 'must not be empty'));
/** Dates are validated by dates.ts (time-zone aware), so the schema only carries them through. */
const dateValue = z.unknown();
const stringList = z.union([text.transform((s) => [s]), z.array(text)]);

/** The front-matter keys of a bulletin. Unknown keys are reported as warnings with a suggestion. */
export const frontMatterSchema = z.object({
  title: text,
  date: dateValue.optional(),
  agency: text.optional(),
  tags: stringList.optional(),
  summary: text.optional(),
  slug: z.string().optional(),
  draft: z.boolean().optional(),
  updated: dateValue.optional(),
  lang: text.optional(),
  source: text.optional(),
  doc_number: text.optional(),
  index_number: text.optional(),
  category: text.optional(),
  written: dateValue.optional(),
  expires: dateValue.optional(),
  related: stringList.optional(),
  // An item's date may be left out for dates.ts to report (zod 4 would call the key itself missing).
  updates: z.array(z.object({ date: dateValue.optional(), note: text })).optional(),
  withdrawn: z.object({ date: dateValue.optional(), reason: text }).optional(),
  interprets: text.optional(),
  attachments: z
    .array(z.union([text.transform((href) => ({ href, title: '' })), z.object({ href: text, title: z.string().default('') })]))
    .optional(),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
export const knownFrontMatterKeys = Object.keys(frontMatterSchema.shape);
