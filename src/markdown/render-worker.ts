import { parentPort } from 'node:worker_threads';
import { fileHash } from '../util/file-hash.js';
import { ownBytes } from '../util/own-bytes.js';
import { CODE_PATH, noteCodePath } from '../util/code-paths.js';
import type { Config } from '../config/config.js';
import { loadTemplates, type Templates } from '../templating/load-templates.js';
import { renderPage } from '../templating/render-page.js';
import type { ViewContext } from '../templating/view-model.js';
import { createProcessor, type MarkdownProcessor } from './processor.js';
import { renderRecorded, renderRecordedMarkdown } from './render-all.js';
import type { SiteLinks } from './render-deps.js';
import { jobView, type PageResult, type PagesSetup, type WorkerMessage, type WorkerReply } from './render-pool.js';

// Built once per thread and reused by every batch: the processor, the link tables, the parsed templates.
let processor: { allowHtml: boolean; value: MarkdownProcessor } | undefined;
let links: SiteLinks | undefined;
let complete = true;
let templates: { setup: PagesSetup; value: Templates; ctx: ViewContext } | undefined;

parentPort!.on('message', (message: WorkerMessage) => {
  if (message.kind === 'setup-markdown') {
    const { setup } = message;
    if (processor?.allowHtml !== setup.allowHtml) processor = { allowHtml: setup.allowHtml, value: createProcessor({ allowHtml: setup.allowHtml }) };
    links = { bulletinUrls: new Map(setup.bulletinUrls), unpublished: new Map(setup.unpublished), attachments: new Set(setup.attachments) };
    complete = setup.complete;
    return;
  }
  if (message.kind === 'save-code-cache') return; // the loader's (cli/worker-loader.ts)
  if (message.kind === 'setup-pages') {
    const { setup } = message;
    if (JSON.stringify(templates?.setup) !== JSON.stringify(setup)) {
      const loaded = loadTemplates(setup.templatesDir, setup.root, { strictVariables: setup.strictVariables });
      // The main thread loaded the same files without problems before sending page jobs.
      if (!loaded.templates) throw new Error(`templates could not be loaded on a worker thread: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      // With a prepared view, renderPage reads nothing from the context but the site folder (for error paths).
      templates = { setup, value: loaded.templates, ctx: { config: { root: setup.root } as Config } as ViewContext };
    }
    return;
  }
  // For the thread's code cache (cli/worker-loader.ts); rendering Markdown notes its own.
  if (message.kind === 'pages') noteCodePath(CODE_PATH.PAGES_HERE);
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const results =
      message.kind === 'markdown'
        ? message.items.map((b) => (complete ? renderRecorded : renderRecordedMarkdown)(processor!.value, b, links!))
        : message.items.map((job) => {
            const out = renderPage(templates!.value, templates!.ctx, job.page, jobView(job, templates!.value.strings));
            if (out.html === undefined) return out;
            // Encoded and hashed here, and the bytes handed over without a copy: the main thread,
            // which writes every page, then neither encodes, hashes nor keeps the page as a string.
            const bytes = ownBytes(out.html);
            transfer.push(bytes.buffer as ArrayBuffer);
            return { bytes, hash: fileHash(bytes) } satisfies PageResult;
          });
    reply = { id: message.id, results };
  } catch (cause) {
    reply = { id: message.id, error: (cause as Error).stack ?? String(cause) };
    transfer.length = 0;
  }
  parentPort!.postMessage(reply, transfer);
});
