import { parentPort, workerData } from 'node:worker_threads';
import { createProcessor } from './processor.js';
import { renderRecorded } from './render-all.js';
import type { SiteLinks } from './render-deps.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './render-pool.js';

// One processor and one copy of the site's link tables per thread, built once: every batch reuses them.
const setup = workerData as WorkerSetup;
const processor = createProcessor({ allowHtml: setup.allowHtml });
const links: SiteLinks = { bulletinUrls: new Map(setup.bulletinUrls), unpublished: new Map(setup.unpublished), attachments: new Set(setup.attachments) };

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, outcomes: request.bulletins.map((b) => renderRecorded(processor, b, links)) };
  } catch (cause) {
    reply = { id: request.id, error: (cause as Error).stack ?? String(cause) };
  }
  parentPort!.postMessage(reply);
});
