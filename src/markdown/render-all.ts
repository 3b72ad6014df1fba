import type { Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import type { Bulletin } from '../content/bulletin.js';
import type { RenderedParts } from '../templating/view-model.js';
import { createProcessor } from './processor.js';
import { renderBody, summarize } from './render-bulletin.js';

/**
 * Renders the Markdown of every bulletin that gets a page. Links resolve against the bulletins shown
 * in this build, so a link to a draft from a published bulletin is reported, never left dangling.
 */
export async function renderBulletins(
  bulletins: readonly Bulletin[],
  config: Pick<Config, 'allowHtml'>,
  attachments: ReadonlySet<string>,
): Promise<{ rendered: RenderedParts[]; diagnostics: Diagnostic[] }> {
  const processor = createProcessor({ allowHtml: config.allowHtml });
  const bulletinUrls = new Map(bulletins.map((b) => [b.contentPath, b.url]));
  const diagnostics: Diagnostic[] = [];
  const rendered = bulletins.map((b) => {
    const out = renderBody(processor, b.body, { contentPath: b.contentPath, pageUrl: b.url, bulletinUrls, attachments, lang: b.lang }, { file: b.file, bodyLine: b.bodyLine });
    diagnostics.push(...out.diagnostics);
    return { html: out.html, summary: summarize(out.text), attachmentsUsed: out.attachmentsUsed, text: out.text };
  });
  return { rendered, diagnostics };
}
