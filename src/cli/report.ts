import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { StageTiming } from '../build.js';

/** Diagnostics as terminal text: errors first, numbered, each `file:line:col field: message hint`. */
export function reportDiagnostics(list: readonly Diagnostic[], write: (line: string) => void): void {
  const errors = list.filter((d) => d.severity === 'error');
  const warnings = list.filter((d) => d.severity === 'warning');
  if (errors.length > 0) {
    write(`${errors.length} ${errors.length === 1 ? 'problem stops' : 'problems stop'} the build:`);
    errors.forEach((d, i) => write(`  ${i + 1}. ${formatDiagnostic(d)}`));
  }
  if (warnings.length > 0) {
    write(`${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}:`);
    warnings.forEach((d) => write(`  - ${formatDiagnostic(d)}`));
  }
}

export function reportTimings(timings: readonly StageTiming[], write: (line: string) => void): void {
  write('stage            time (ms)   heap (MB)');
  for (const t of timings) write(`${t.stage.padEnd(16)} ${t.ms.toFixed(0).padStart(9)}   ${t.heapMB.toFixed(0).padStart(9)}`);
}
