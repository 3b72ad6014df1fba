import { parentPort, workerData } from 'node:worker_threads';
import { createDevBuilder, type DevBuildOptions } from './dev-build.js';
import type { BuildThreadReply, BuildThreadRequest } from './build-thread-client.js';

// The watch session's builder, on its own thread so that the server answers while a rebuild runs.
const { options, stop } = workerData as { options: DevBuildOptions; stop: SharedArrayBuffer };
const stopFlag = new Int32Array(stop);
const builder = createDevBuilder(options);
// Read by the build between stages; set by the main thread when a newer change arrives.
const superseded = {
  get aborted() {
    return Atomics.load(stopFlag, 0) !== 0;
  },
};

// Requests arrive one at a time: the main thread's queue never starts a build while one runs.
parentPort!.on('message', async (request: BuildThreadRequest) => {
  let reply: BuildThreadReply;
  if (request.kind === 'quick') {
    reply = { id: request.id, kind: 'quick', value: await builder.quick(request.paths) };
  } else {
    // The whole result (plan, snapshot) stays on this thread; only what the session reports crosses.
    const { result: _whole, ...outcome } = await builder.rebuild(request.paths, { signal: superseded });
    reply = { id: request.id, kind: 'rebuild', value: outcome };
  }
  parentPort!.postMessage(reply);
});
