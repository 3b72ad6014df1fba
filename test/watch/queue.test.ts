import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRebuildQueue } from '../../src/watch/queue.js';

/** A rebuild that finishes only when the test says so, recording each batch it was given. */
function controlledRun() {
  const batches: string[][] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = (batch: string[]) => {
    batches.push(batch);
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<void>((resolve) => finishers.push(() => {
      running--;
      resolve();
    }));
  };
  return { run, batches, finish: () => finishers.shift()!(), get maxRunning() { return maxRunning; } };
}

describe('createRebuildQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns a burst of changes into one rebuild once the burst is quiet', async () => {
    const c = controlledRun();
    const queue = createRebuildQueue(c.run, { debounceMs: 20, maxWaitMs: 300 });
    for (const f of ['a.md', 'b.md', 'a.md', 'c.md']) {
      queue.push(f);
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(c.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(c.batches).toEqual([['a.md', 'b.md', 'a.md', 'c.md']]);
  });

  it('starts a rebuild after the maximum wait even while changes keep coming', async () => {
    const c = controlledRun();
    const queue = createRebuildQueue(c.run, { debounceMs: 20, maxWaitMs: 100 });
    for (let i = 0; i < 30; i++) {
      queue.push(`f${i}`);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(c.batches.length).toBeGreaterThanOrEqual(1);
    expect(c.batches[0]!.length).toBeLessThanOrEqual(11);
  });

  it('holds changes saved during a rebuild and runs exactly one more rebuild after it, never two at once', async () => {
    const c = controlledRun();
    const queue = createRebuildQueue(c.run, { debounceMs: 20, maxWaitMs: 300 });
    queue.push('a.md');
    await vi.advanceTimersByTimeAsync(20);
    expect(c.batches).toHaveLength(1);
    queue.push('b.md');
    queue.push('c.md');
    await vi.advanceTimersByTimeAsync(500);
    expect(c.batches).toHaveLength(1);
    c.finish();
    await vi.advanceTimersByTimeAsync(20);
    expect(c.batches).toEqual([['a.md'], ['b.md', 'c.md']]);
    c.finish();
    await vi.advanceTimersByTimeAsync(500);
    expect(c.batches).toHaveLength(2);
    expect(c.maxRunning).toBe(1);
  });

  it('tells the rebuild in progress that a newer change arrived, and only that one', async () => {
    const signals: AbortSignal[] = [];
    const c = controlledRun();
    const queue = createRebuildQueue((batch: string[], superseded) => {
      signals.push(superseded);
      return c.run(batch);
    }, { debounceMs: 10, maxWaitMs: 100 });
    queue.push('a.md');
    await vi.advanceTimersByTimeAsync(10);
    expect(signals[0]!.aborted).toBe(false);
    queue.push('b.md');
    expect(signals[0]!.aborted).toBe(true);
    c.finish();
    await vi.advanceTimersByTimeAsync(10);
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(false);
    c.finish();
  });

  it('keeps going after a rebuild that rejects', async () => {
    const batches: string[][] = [];
    const queue = createRebuildQueue(async (batch: string[]) => {
      batches.push(batch);
      if (batches.length === 1) throw new Error('disk full');
    }, { debounceMs: 10, maxWaitMs: 100 });
    queue.push('a.md');
    await vi.advanceTimersByTimeAsync(10);
    queue.push('b.md');
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([['a.md'], ['b.md']]);
  });

  it('waits for the rebuild in progress on close and starts none after it', async () => {
    const c = controlledRun();
    const queue = createRebuildQueue(c.run, { debounceMs: 10, maxWaitMs: 100 });
    queue.push('a.md');
    await vi.advanceTimersByTimeAsync(10);
    queue.push('b.md');
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(closed).toBe(false);
    c.finish();
    await closing;
    queue.push('c.md');
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches).toEqual([['a.md']]);
  });
});
