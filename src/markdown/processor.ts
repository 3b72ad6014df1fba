import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import { rehypeRewriteLinks } from './rewrite-links.js';
import { rehypeTidyStructure } from './tidy-structure.js';
import { remarkReportRawHtml } from './report-raw-html.js';
import { mayHoldTable, remarkGfmLite } from './gfm-lite.js';
import { remarkPlainLines } from './plain-lines.js';

export interface MarkdownOptions {
  allowHtml: boolean;
}

/** Sanitizer allow-list: GitHub's, plus the attributes our own plugins add after it runs. */
const sanitizeSchema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https'] },
};

/**
 * Builds the Markdown → HTML processor once per process (or worker) and freezes it, so a build never
 * pays for plugin setup per bulletin. Raw HTML is dropped unless `allowHtml`, and then sanitized.
 */
export function createProcessor(options: MarkdownOptions) {
  const processor = build(options, true);
  withoutTables.set(processor, build(options, false));
  return processor;
}

function build(options: MarkdownOptions, tables: boolean) {
  // Tables and bare links only: full remark-gfm doubles the parse cost for syntax bulletins never use.
  const base = unified().use(remarkParse).use(remarkPlainLines).use(remarkGfmLite, { tables });
  const withHtml = options.allowHtml
    ? base
        .use(remarkRehype, { allowDangerousHtml: true })
        .use(rehypeRaw)
        .use(rehypeSanitize, sanitizeSchema)
    : base.use(remarkReportRawHtml).use(remarkRehype);
  return withHtml.use(rehypeTidyStructure).use(rehypeRewriteLinks).use(rehypeStringify).freeze();
}

export type MarkdownProcessor = ReturnType<typeof build>;

/** Each processor's twin without the table construct; both run the same plugins after parsing. */
const withoutTables = new WeakMap<MarkdownProcessor, MarkdownProcessor>();

/** The processor to parse `body` with: the one without tables when the body cannot hold one (see mayHoldTable). */
export function parserFor(processor: MarkdownProcessor, body: string): MarkdownProcessor {
  return mayHoldTable(body) ? processor : (withoutTables.get(processor) ?? processor);
}
export type { Processor, HastRoot };
