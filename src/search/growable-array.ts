/** An append-only typed array that doubles when full: millions of numbers without per-element boxes. */
export class GrowableArray {
  private data: Uint32Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.data = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed so far (shares memory; valid until the next push). */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
