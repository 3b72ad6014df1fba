/**
 * One bounded min-heap of (weight, hash) per bulletin, all in flat typed arrays: each keeps the `k`
 * heaviest entries offered to it, ties going to the smaller hash, so the result does not depend on
 * the order of offers.
 */
export class TopKHeaps {
  private readonly w: Float64Array;
  private readonly id: Int32Array;
  private readonly n: Int32Array;

  constructor(
    count: number,
    private readonly k: number,
  ) {
    this.w = new Float64Array(count * k);
    this.id = new Int32Array(count * k);
    this.n = new Int32Array(count);
  }

  size(heap: number): number {
    return this.n[heap]!;
  }

  offer(heap: number, weight: number, id: number): void {
    if (this.k === 0) return;
    const base = heap * this.k;
    const size = this.n[heap]!;
    if (size < this.k) {
      this.w[base + size] = weight;
      this.id[base + size] = id;
      this.n[heap] = size + 1;
      this.up(base, size);
    } else if (weight > this.w[base]! || (weight === this.w[base] && id < this.id[base]!)) {
      this.w[base] = weight;
      this.id[base] = id;
      this.down(base, 0, size);
    }
  }

  /** Writes the heap's entries heaviest first into `ids`/`weights` from `at`, emptying it. */
  drainInto(heap: number, ids: Int32Array, weights: Float64Array, at: number): void {
    const base = heap * this.k;
    for (let size = this.n[heap]!; size > 0; size--) {
      ids[at + size - 1] = this.id[base]!;
      weights[at + size - 1] = this.w[base]!;
      this.swap(base, base + size - 1);
      this.down(base, 0, size - 1);
    }
    this.n[heap] = 0;
  }

  /** True when entry a ranks below entry b (lighter, or as heavy with a larger hash). */
  private below(a: number, b: number): boolean {
    return this.w[a]! < this.w[b]! || (this.w[a] === this.w[b] && this.id[a]! > this.id[b]!);
  }

  private up(base: number, k: number): void {
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.below(base + k, base + parent)) return;
      this.swap(base + k, base + parent);
      k = parent;
    }
  }

  private down(base: number, k: number, size: number): void {
    for (;;) {
      const l = 2 * k + 1;
      let m = k;
      if (l < size && this.below(base + l, base + m)) m = l;
      if (l + 1 < size && this.below(base + l + 1, base + m)) m = l + 1;
      if (m === k) return;
      this.swap(base + k, base + m);
      k = m;
    }
  }

  private swap(a: number, b: number): void {
    const w = this.w[a]!;
    const id = this.id[a]!;
    this.w[a] = this.w[b]!;
    this.id[a] = this.id[b]!;
    this.w[b] = w;
    this.id[b] = id;
  }
}
