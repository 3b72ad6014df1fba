import { parentPort, workerData } from 'node:worker_threads';
import { listFiles } from './recycle.js';

// Lists a recycled output folder for the writer (see Listing in recycle.ts).
parentPort!.postMessage(listFiles(workerData as string));
