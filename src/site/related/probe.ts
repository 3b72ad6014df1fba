/**
 * Linear probing in an open-addressing table of term hashes (0 marks an empty slot; the table size is
 * a power of two). Shared by the per-bulletin term counter and the corpus-wide document-frequency
 * table, which differ only in what they store beside the keys.
 */
export function findSlot(keys: Int32Array, id: number): number {
  const mask = keys.length - 1;
  let slot = id & mask;
  while (keys[slot] !== 0 && keys[slot] !== id) slot = (slot + 1) & mask;
  return slot;
}
