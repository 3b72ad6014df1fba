import { findSlot } from './probe.js';
/**
 * Occurrence counts per term hash, in an open-addressing table (linear probing over typed arrays):
 * several times faster than a `Map<number, number>`, at 8 bytes a slot. Emptied and reused for each
 * range of hashes (see signatures.ts), so it stays the size of one range. Hash 0 is never a term.
 */
export class PartitionCounts {
  private keys = new Int32Array(1 << 14);
  private counts = new Int32Array(1 << 14);
  private used = 0;
  /** Goes up each time the table grows (and every slot moves). */
  generation = 0;

  clear(): void {
    if (this.used === 0) return;
    this.keys.fill(0);
    this.counts.fill(0);
    this.used = 0;
  }

  /**
   * Counts one more occurrence of `id` and returns its slot, which holds until the table grows
   * (`generation` changes); `at(slot)` reads the count there.
   */
  increment(id: number): number {
    let slot = this.find(id);
    if (this.keys[slot] === 0) {
      // Keep the load under one half so probe chains stay short.
      if ((this.used + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.find(id);
      }
      this.keys[slot] = id;
      this.used++;
    }
    this.counts[slot]!++;
    return slot;
  }

  /** The count in a slot that `increment` returned. */
  at(slot: number): number {
    return this.counts[slot]!;
  }

  /** How many times `id` was counted since the last `clear()`. */
  get(id: number): number {
    return this.counts[this.find(id)]!;
  }

  /** The terms counted since the last `clear()`, in table order. */
  keysInUse(): Int32Array {
    const out = new Int32Array(this.used);
    let at = 0;
    for (let s = 0; s < this.keys.length; s++) if (this.keys[s] !== 0) out[at++] = this.keys[s]!;
    return out;
  }

  private find(id: number): number {
    return findSlot(this.keys, id);
  }

  private grow(): void {
    const [keys, counts] = [this.keys, this.counts];
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Int32Array(keys.length * 2);
    this.generation++;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === 0) continue;
      const slot = this.find(keys[s]!);
      this.keys[slot] = keys[s]!;
      this.counts[slot] = counts[s]!;
    }
  }
}
