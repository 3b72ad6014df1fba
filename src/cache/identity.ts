/**
 * A number for each object, stable for the life of this process: lets a watch rebuild say "the same
 * rendering as last time" in a short text key. The Markdown cache hands back the same rendering object
 * only for a bulletin whose every field is unchanged (its key hashes them all), so the same number
 * stands for the same bulletin. Numbers mean nothing to another process and are never saved.
 */
export function identity(value: object): number {
  let n = identities.get(value);
  if (n === undefined) identities.set(value, (n = nextIdentity++));
  return n;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;
