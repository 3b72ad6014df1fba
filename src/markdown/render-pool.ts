import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bulletin } from '../content/bulletin.js';
import { createProcessor } from './processor.js';
import { renderRecorded, type RenderOutcome } from './render-all.js';
import type { SiteLinks } from './render-deps.js';

/** The compiled worker; absent when running from TypeScript sources (vitest), then rendering stays in-process. */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.js', import.meta.url));
/** Starting a worker loads the whole Markdown stack (~100-200 ms); below this many bulletins it does not pay. */
const MIN_JOBS_FOR_WORKERS = 200;
/** Bulletins per message: large enough that messaging costs little, small enough to balance the load. */
const BATCH = 24;

/** What the main thread sends a worker once, at start. */
export interface WorkerSetup {
  allowHtml: boolean;
  bulletinUrls: [string, string][];
  unpublished: [string, string][];
  attachments: string[];
}
export type WorkerRequest = { id: number; bulletins: Bulletin[] };
export type WorkerReply = { id: number; outcomes: RenderOutcome[] } | { id: number; error: string };

/**
 * How many worker threads render `jobs` bulletins: `BULLETIN_WORKERS` when set (0 = in this thread),
 * otherwise one per core, and none for small jobs or when no compiled worker exists.
 */
export function workerCount(jobs: number, env: NodeJS.ProcessEnv = process.env): number {
  if (!fs.existsSync(WORKER_FILE) || jobs === 0) return 0;
  const asked = env.BULLETIN_WORKERS;
  if (asked !== undefined && asked.trim() !== '' && Number.isInteger(Number(asked)) && Number(asked) >= 0) {
    return Math.min(Number(asked), Math.ceil(jobs / BATCH));
  }
  return jobs < MIN_JOBS_FOR_WORKERS ? 0 : Math.min(os.availableParallelism(), 8);
}

/**
 * Renders bulletins on worker threads (or in this thread, see `workerCount`); outcomes come back in
 * input order whatever order the workers finish in, so output never depends on the core count.
 */
export async function renderMany(
  bulletins: readonly Bulletin[],
  links: SiteLinks,
  allowHtml: boolean,
  onProgress?: (done: number) => void,
): Promise<RenderOutcome[]> {
  const workers = workerCount(bulletins.length);
  if (workers === 0) {
    const processor = createProcessor({ allowHtml });
    return bulletins.map((b, i) => {
      const outcome = renderRecorded(processor, b, links);
      if (onProgress && (i + 1) % BATCH === 0) onProgress(i + 1);
      return outcome;
    });
  }
  const setup: WorkerSetup = { allowHtml, bulletinUrls: [...links.bulletinUrls], unpublished: [...links.unpublished], attachments: [...links.attachments] };
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_FILE, { workerData: setup }));
  try {
    return await runBatches(pool, bulletins, onProgress);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Hands out batches as workers finish (two in flight per worker, so none waits on a message). */
function runBatches(pool: Worker[], bulletins: readonly Bulletin[], onProgress?: (done: number) => void): Promise<RenderOutcome[]> {
  const out: RenderOutcome[] = new Array(bulletins.length);
  const batches = Math.ceil(bulletins.length / BATCH);
  let next = 0;
  let finished = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const send = (worker: Worker) => {
      if (next >= batches) return;
      const id = next++;
      worker.postMessage({ id, bulletins: bulletins.slice(id * BATCH, (id + 1) * BATCH) } satisfies WorkerRequest);
    };
    for (const worker of pool) {
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) return reject(new Error(`Markdown rendering failed on a worker thread: ${reply.error}`));
        reply.outcomes.forEach((o, k) => (out[reply.id * BATCH + k] = o));
        done += reply.outcomes.length;
        onProgress?.(done);
        if (++finished === batches) resolve(out);
        else send(worker);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => finished < batches && reject(new Error(`A Markdown worker thread stopped (exit code ${code}).`)));
      send(worker);
      send(worker);
    }
  });
}
