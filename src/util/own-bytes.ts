/**
 * A string's UTF-8 bytes in an ArrayBuffer of their own, so that they can be transferred to another
 * thread. `Buffer.from` took a fifth of `TextEncoder.encode`'s time on built pages (5 ms against 28 ms
 * for 3.8 million characters), but puts a short string into Node's shared pool, whose buffer must never
 * be transferred (that would detach it under every other pooled Buffer): such bytes are copied out.
 */
export function ownBytes(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length ? bytes : new Uint8Array(bytes);
}
