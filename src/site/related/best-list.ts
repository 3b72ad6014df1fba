/**
 * The `capacity` best candidates seen so far, best first: higher score, then lower index. Callers
 * number bulletins in canonical order (newest first, then slug), so equal scores fall to the newer
 * bulletin and never depend on the order candidates were found in. Insertion into a short sorted
 * array: lists hold at most a few dozen entries.
 */
export class BestList {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  private capacity = 0;

  constructor(maxCapacity: number) {
    this.items = new Int32Array(Math.max(0, maxCapacity));
    this.scores = new Float64Array(Math.max(0, maxCapacity));
  }

  /** Empties the list and sets how many it keeps this time (at most the constructor's). */
  reset(capacity: number): void {
    this.size = 0;
    this.capacity = Math.max(0, Math.min(capacity, this.items.length));
  }

  offer(item: number, score: number): void {
    let k = this.size;
    while (k > 0 && (score > this.scores[k - 1]! || (score === this.scores[k - 1] && item < this.items[k - 1]!))) k--;
    if (k >= this.capacity) return;
    for (let m = Math.min(this.size, this.capacity - 1); m > k; m--) {
      this.items[m] = this.items[m - 1]!;
      this.scores[m] = this.scores[m - 1]!;
    }
    this.items[k] = item;
    this.scores[k] = score;
    if (this.size < this.capacity) this.size++;
  }

  /** The kept items, best first. */
  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.size));
  }
}
