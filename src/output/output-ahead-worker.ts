import { parentPort, workerData } from 'node:worker_threads';
import { prepareOutput, type AheadJob } from './output-ahead.js';

// Prepares the next output folder for the writer (see OutputAhead in output-ahead.ts); when a folder
// cannot be made the thread ends without a message, and the build makes its folder itself.
const linked = prepareOutput(workerData as AheadJob);
if (linked) parentPort!.postMessage(linked, [linked.buffer as ArrayBuffer]);
