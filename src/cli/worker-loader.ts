import { parentPort, workerData } from 'node:worker_threads';
import { loadBundle } from './compile-cache.js';
import { notedCodePaths } from '../util/code-paths.js';
import type { WorkerMessage, WorkerReply } from '../markdown/render-pool.js';

/**
 * A worker thread's entry when bulletin runs bundled: runs the worker's CommonJS bundle (named in
 * `workerData.bundle`) with V8's code cache, as the launcher runs the CLI (see compile-cache.ts).
 * Every thread compiles its bundle and then each function it runs; with the cache a cold build of
 * 4,000 bulletins took 0.97-0.99x the time (three runs of 10-12 pairs).
 *
 * The cache is written when the pool asks (`save-code-cache`, once the last page is rendered: late,
 * so it holds what the thread compiled), and only when it is missing or lacks a kind of work this
 * thread did; the reply tells the pool it may end the thread.
 */
const loaded = loadBundle((workerData as { bundle: string }).bundle);

parentPort!.on('message', (message: WorkerMessage) => {
  if (message.kind !== 'save-code-cache') return;
  loaded.save(notedCodePaths());
  parentPort!.postMessage({ id: message.id, results: [] } satisfies WorkerReply);
});
