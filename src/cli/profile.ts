import type { StageTiming } from '../build.js';

/**
 * `--profile`: each stage's wall time and share of the build, the V8 heap and the process's resident
 * memory when it ended, and for cached stages how much was reused; then the peak resident memory of
 * the whole run (worker threads included), which is what a CI machine's memory limit sees; and how many
 * cache files were ignored as damaged or stale, when any were.
 */
export function formatProfile(timings: readonly StageTiming[], peakRssMB = process.resourceUsage().maxRSS / 1024, cacheRejected = 0): string[] {
  // A stage run inside another (the search index built while the pages render) is already in that one's time.
  const total = timings.reduce((sum, t) => sum + (t.within === undefined ? t.ms : 0), 0);
  const lines = ['stage          time (ms)   share   heap (MB)   rss (MB)   reused'];
  for (const t of timings) {
    const reused = t.total === undefined ? '' : `${t.reused ?? 0} of ${t.total}`;
    const within = t.within === undefined ? '' : `   (during ${t.within}, part of its time)`;
    lines.push(
      `${t.stage.padEnd(14)} ${t.ms.toFixed(0).padStart(9)} ${`${total > 0 ? ((100 * t.ms) / total).toFixed(0) : 0}%`.padStart(7)} ${t.heapMB.toFixed(0).padStart(11)} ${t.rssMB.toFixed(0).padStart(10)}   ${reused}${within}`.trimEnd(),
    );
  }
  lines.push(`${'total'.padEnd(14)} ${total.toFixed(0).padStart(9)}    100%   peak rss ${peakRssMB.toFixed(0)} MB`);
  // Otherwise unseen: a cache is never trusted, so a damaged one only makes the build slower.
  if (cacheRejected > 0) lines.push(`cache: ${cacheRejected} ${cacheRejected === 1 ? 'file was' : 'files were'} damaged or from another version of bulletin; ignored and written again`);
  return lines;
}
