import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { error } from '../diagnostics.js';
import { createDevBuilder, type DevBuilder, type DevBuildOptions, type DevBuildOutcome, type QuickOutcome } from './dev-build.js';

/** The compiled thread; absent when running from TypeScript sources (vitest), then builds run in this thread. */
const THREAD_FILE = fileURLToPath(new URL('./build-thread.js', import.meta.url));

export type BuildThreadRequest = { id: number; kind: 'quick'; paths: string[] } | { id: number; kind: 'rebuild'; paths: string[] };
export type BuildThreadReply = { id: number; kind: 'quick'; value: QuickOutcome | undefined } | { id: number; kind: 'rebuild'; value: DevBuildOutcome };

/**
 * The watch session's builder on a thread of its own. Builds have long synchronous stages (planning,
 * the search index); on the server's thread they would hold up every page request, including the
 * browser's reload right after a quick update. The thread keeps the build's caches; only requests and
 * outcomes cross. A thread that dies is reported as a failed build and started again on the next
 * change, with empty caches.
 */
export function startBuildThread(options: DevBuildOptions): DevBuilder {
  if (!fs.existsSync(THREAD_FILE)) return createDevBuilder(options);
  const stop = new SharedArrayBuffer(4);
  const stopFlag = new Int32Array(stop);
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, (reply: BuildThreadReply | Error) => void>();

  const thread = (): Worker => {
    if (worker) return worker;
    // Only the data fields cross (a caller may pass a wider object, with functions in it).
    const { root, contentDir, outDir, now, search } = options;
    const started = new Worker(THREAD_FILE, { workerData: { options: { root, contentDir, outDir, now, search }, stop } });
    started.on('message', (reply: BuildThreadReply) => {
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    const fail = (cause: Error) => {
      if (worker === started) worker = undefined;
      for (const settle of waiting.values()) settle(cause);
      waiting.clear();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the build thread stopped (exit code ${code})`)));
    return (worker = started);
  };
  const ask = (request: Omit<BuildThreadRequest, 'id'>): Promise<BuildThreadReply | Error> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      try {
        thread().postMessage({ ...request, id });
      } catch (cause) {
        waiting.delete(id);
        resolve(cause as Error);
      }
    });

  return {
    async quick(changed) {
      const reply = await ask({ kind: 'quick', paths: [...changed] });
      return reply instanceof Error || reply.kind !== 'quick' ? undefined : reply.value;
    },
    async rebuild(changed = [], { signal } = {}) {
      Atomics.store(stopFlag, 0, 0);
      const started = performance.now();
      const abort = () => Atomics.store(stopFlag, 0, 1);
      if (signal?.aborted) abort();
      else if (signal instanceof EventTarget) signal.addEventListener('abort', abort, { once: true });
      try {
        const reply = await ask({ kind: 'rebuild', paths: [...changed] });
        if (!(reply instanceof Error) && reply.kind === 'rebuild') return reply.value;
        const message = reply instanceof Error ? reply.message : 'the build thread answered out of turn';
        return { ok: false, ms: performance.now() - started, diagnostics: [error(`The site could not be rebuilt: ${message}.`, { hint: 'Save the file again to retry; the last good version stays served.' })] };
      } finally {
        if (signal instanceof EventTarget) signal.removeEventListener('abort', abort);
      }
    },
    async close() {
      const ending = worker;
      worker = undefined;
      await ending?.terminate();
    },
  };
}
