/** Where progress goes: a terminal gets a redrawn bar, anything else (CI logs, pipes) plain lines. */
export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** `BuildOptions.onProgress`: a stage advanced. */
  update(stage: string, done: number, total: number): void;
  /** The build ended: clears the bar. */
  finish(): void;
}

/** Builds shorter than this show nothing: a bar that flashes for a second is noise. */
const SHOW_AFTER_MS = 2000;
/** Redraws at most this often; a terminal repaint per bulletin would cost more than the work. */
const REDRAW_MS = 100;

/**
 * Progress of a build: on a terminal (and not in CI), after a couple of seconds, one line redrawn in
 * place — stage, bar, count; elsewhere one plain line per stage that had work to count, so CI logs
 * stay short and readable. `now` is injectable for tests.
 */
export function createProgress(sink: ProgressSink, env: NodeJS.ProcessEnv = process.env, now: () => number = () => performance.now()): Progress {
  const started = now();
  const bar = Boolean(sink.isTTY) && !env.CI && env.TERM !== 'dumb';
  // A terminal that reports no size (0, e.g. under `script` or some CI runners' pseudo-terminals) is
  // taken as 80 wide; a width of 0 would cut every line short.
  const columns = sink.columns || 80;
  let lastDraw = 0;
  let drawn = false;
  let current: { stage: string; total: number; start: number } | undefined;
  const endStage = () => {
    if (!current || bar || current.total === 0 || now() - started < SHOW_AFTER_MS) return;
    sink.write(`${current.stage}: ${current.total.toLocaleString('en')} done in ${((now() - current.start) / 1000).toFixed(1)} s\n`);
  };
  return {
    update(stage, done, total) {
      if (current?.stage !== stage) {
        endStage();
        current = { stage, total, start: now() };
      }
      current.total = total;
      if (!bar || now() - started < SHOW_AFTER_MS || now() - lastDraw < REDRAW_MS) return;
      lastDraw = now();
      drawn = true;
      sink.write(`\r${progressLine(stage, done, total, columns)}`);
    },
    finish() {
      endStage();
      current = undefined;
      if (drawn) sink.write(`\r${' '.repeat(columns - 1)}\r`);
    },
  };
}

/** `markdown   [#########-----------]  1,234 / 4,000`, at most `columns - 1` wide. */
export function progressLine(stage: string, done: number, total: number, columns: number): string {
  const label = stage.padEnd(10);
  if (total <= 0) return `${label} …`.slice(0, columns - 1);
  const count = `${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
  const width = Math.max(10, Math.min(40, columns - label.length - count.length - 6));
  const filled = Math.round((Math.min(done, total) / total) * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]  ${count}`.slice(0, columns - 1);
}
