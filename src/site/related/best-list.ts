/**
 * The `capacity` best candidates seen so far, best first: higher score, then lower canonical rank
 * (newer date, then slug), so equal scores never depend on the order candidates were found in.
 * Insertion into a short sorted array: lists hold at most a few dozen entries.
 */
export class BestList {
  private readonly docs: Int32Array;
  private readonly ranks: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  private capacity = 0;

  constructor(maxCapacity: number) {
    this.docs = new Int32Array(maxCapacity);
    this.ranks = new Int32Array(maxCapacity);
    this.scores = new Float64Array(maxCapacity);
  }

  /** Empties the list and sets how many it keeps this time (at most the constructor's). */
  reset(capacity: number): void {
    this.size = 0;
    this.capacity = Math.min(capacity, this.docs.length);
  }

  offer(doc: number, rank: number, score: number): void {
    let k = this.size;
    while (k > 0 && (score > this.scores[k - 1]! || (score === this.scores[k - 1] && rank < this.ranks[k - 1]!))) k--;
    if (k >= this.capacity) return;
    const end = Math.min(this.size, this.capacity - 1);
    for (let m = end; m > k; m--) {
      this.docs[m] = this.docs[m - 1]!;
      this.ranks[m] = this.ranks[m - 1]!;
      this.scores[m] = this.scores[m - 1]!;
    }
    this.docs[k] = doc;
    this.ranks[k] = rank;
    this.scores[k] = score;
    if (this.size < this.capacity) this.size++;
  }

  /** The kept documents, best first. */
  toArray(): number[] {
    return Array.from(this.docs.subarray(0, this.size));
  }
}
