import { parentPort, workerData } from 'node:worker_threads';
import { makeFolders } from './folders-ahead.js';

// Makes the next output folder's folders for the writer (see FoldersAhead in folders-ahead.ts); a
// failure ends the thread without a message, and the build makes its folders itself.
if (makeFolders(workerData as { temp: string; folders: string[] })) parentPort!.postMessage('done');
