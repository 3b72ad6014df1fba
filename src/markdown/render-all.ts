import type { Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import type { Bulletin } from '../content/bulletin.js';
import type { RenderedParts } from '../templating/view-model.js';
import { createProcessor, type MarkdownProcessor } from './processor.js';
import { renderBody, summarize } from './render-bulletin.js';
import type { RenderContext } from './render-context.js';
import { termVector, type TermVector } from '../site/related/term-vector.js';

/** Everything rendering one bulletin produces; the unit of work a worker thread or cache handles. */
export interface RenderedBulletin extends RenderedParts {
  /** Plain text of the body (for related articles and search). */
  text: string;
  /** Term vector of title and body for related articles: typed arrays, so it clones and caches as data. */
  terms: TermVector;
  diagnostics: Diagnostic[];
}

/** Renders one bulletin's body. Pure given the processor: the same input gives the same output. */
export function renderOne(processor: MarkdownProcessor, b: Bulletin, context: RenderContext): RenderedBulletin {
  const out = renderBody(processor, b.body, context, { file: b.file, bodyLine: b.bodyLine });
  // An explicit summary is the editor's own abstract of the bulletin: it counts like body text.
  const terms = termVector(b.title, b.summary ? `${b.summary}\n${out.text}` : out.text);
  return { html: out.html, summary: summarize(out.text), attachmentsUsed: out.attachmentsUsed, text: out.text, terms, diagnostics: out.diagnostics };
}

/**
 * Renders the Markdown of every bulletin that gets a page. Links resolve against the bulletins shown
 * in this build, so a link to a draft from a published bulletin is reported, never left dangling;
 * `hidden` (the bulletins this build leaves out) lets that report say which kind it is.
 */
export async function renderBulletins(
  bulletins: readonly Bulletin[],
  config: Pick<Config, 'allowHtml'>,
  attachments: ReadonlySet<string>,
  hidden: readonly Bulletin[] = [],
): Promise<{ rendered: RenderedBulletin[]; diagnostics: Diagnostic[] }> {
  const processor = createProcessor({ allowHtml: config.allowHtml });
  const bulletinUrls = new Map(bulletins.map((b) => [b.contentPath, b.url]));
  const unpublished = new Map(hidden.map((b) => [b.contentPath, describeUnpublished(b)]));
  const diagnostics: Diagnostic[] = [];
  const rendered = bulletins.map((b) => {
    const out = renderOne(processor, b, { contentPath: b.contentPath, pageUrl: b.url, bulletinUrls, unpublished, attachments, lang: b.lang });
    diagnostics.push(...out.diagnostics);
    return out;
  });
  return { rendered, diagnostics };
}

/** "a draft", "a bulletin scheduled for 2030-01-01", … for link errors. */
function describeUnpublished(b: Bulletin): string {
  if (b.status === 'draft') return 'a draft';
  if (b.status === 'scheduled') return `a bulletin scheduled for ${b.date.iso.slice(0, 10)}`;
  return 'an expired bulletin';
}
