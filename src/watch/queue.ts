/** Timings of the rebuild queue, in milliseconds. */
export interface QueueTiming {
  /** Quiet time after the last change before a rebuild starts: an editor's save is several events. */
  debounceMs: number;
  /** Longest a change waits while events keep coming, so a stream of saves still shows progress. */
  maxWaitMs: number;
}

export interface RebuildQueue<C> {
  /** Records a change; a rebuild follows once changes stop arriving and no rebuild is running. */
  push(change: C): void;
  /** Stops taking changes and resolves when the rebuild in progress (if any) has finished. */
  close(): Promise<void>;
}

/**
 * Turns a stream of file changes into rebuilds, one at a time. A burst of events becomes one batch;
 * changes that arrive while a rebuild runs wait for it and then go into exactly one more rebuild, so
 * two builds never write the output folder at once and no change is ever dropped. The signal given
 * to `run` fires when a change arrives while it runs, so a long rebuild can give way to a newer one
 * (it must then leave the output as it was, or put the batch back with `push`). `run` must not
 * reject (the dev builder turns every failure into diagnostics); if it does, the queue carries on.
 */
export function createRebuildQueue<C>(run: (batch: C[], superseded: AbortSignal) => Promise<void>, timing: QueueTiming): RebuildQueue<C> {
  let pending: C[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstPendingAt = 0;
  let running: Promise<void> | undefined;
  let superseded: AbortController | undefined;
  let closed = false;

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    if (running || closed || pending.length === 0) return;
    const waited = Date.now() - firstPendingAt;
    timer = setTimeout(start, Math.max(0, Math.min(timing.debounceMs, timing.maxWaitMs - waited)));
  };

  const start = (): void => {
    timer = undefined;
    if (running || closed || pending.length === 0) return;
    const batch = pending;
    pending = [];
    superseded = new AbortController();
    running = run(batch, superseded.signal)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        // Changes saved during the rebuild: the clock for their batch starts now.
        if (pending.length > 0) firstPendingAt = Date.now();
        schedule();
      });
  };

  return {
    push(change) {
      if (closed) return;
      if (pending.length === 0) firstPendingAt = Date.now();
      pending.push(change);
      // The rebuild in progress is now out of date: it may stop early (see `run`'s signal).
      if (running) superseded?.abort();
      schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
