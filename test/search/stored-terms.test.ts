import { describe, expect, it } from 'vitest';
import { docTerms, type DocTerms } from '../../src/search/doc-terms.js';
import { StoredTermSpace, type StoredDictionary, type StoredTerms, type TermStore } from '../../src/search/stored-terms.js';
import { doc } from './make-doc.js';

/** A store as a new process finds it on disk: every value a copy, never an object seen before. */
function memoryStore(): TermStore & { lists: Map<string, StoredTerms>; saved?: StoredDictionary } {
  const store: TermStore & { lists: Map<string, StoredTerms>; saved?: StoredDictionary } = {
    lists: new Map(),
    get: (key) => structuredClone(store.lists.get(key)),
    set: (key, value) => store.lists.set(key, value),
    dictionary: () => structuredClone(store.saved),
    setDictionary: (value) => (store.saved = value),
  };
  return store;
}

/** A list as terms and counts, whatever the numbering. */
const termsOf = (space: StoredTermSpace, list: DocTerms) => new Map([...list.ids].map((id, k) => [space.dictionary.terms[id], list.counts[k]]));

const texts = ['科技创新大会召开', '公共交通线路调整', '河道治理工程开工'];

describe('stored term lists', () => {
  it('reads back in a new process the lists an earlier one saved, with the same terms', () => {
    const store = memoryStore();
    const first = new StoredTermSpace(store);
    const lists = new Map(texts.map((text, i) => [`doc-${i}`, docTerms(doc(i, { text }), first.dictionary)] as const));
    lists.forEach((list, key) => first.set(key, list));
    first.finish(lists, first.dictionary.terms.length);

    const next = new StoredTermSpace(store);
    for (const [key, list] of lists) expect(termsOf(next, next.get(key)!)).toEqual(termsOf(first, list));
  });

  it('ignores lists made with another dictionary, or naming terms the saved dictionary lacks', () => {
    const store = memoryStore();
    const first = new StoredTermSpace(store);
    const list = docTerms(doc(0, { text: texts[0]! }), first.dictionary);
    first.set('doc-0', list);
    first.finish(new Map([['doc-0', list]]), first.dictionary.terms.length);
    // Terms added after the dictionary was saved (a build that stopped before saving it).
    const later = docTerms(doc(1, { text: texts[1]! }), first.dictionary);
    first.set('doc-1', later);
    store.lists.set('doc-2', { ...list, dictionary: 'another' });

    const next = new StoredTermSpace(store);
    expect(next.get('doc-0')).toBeDefined();
    expect(next.get('doc-1')).toBeUndefined();
    expect(next.get('doc-2')).toBeUndefined();
  });

  it('numbers the terms afresh once most of the dictionary is terms no document has, and the lists still read the same', () => {
    const store = memoryStore();
    const first = new StoredTermSpace(store);
    for (let i = 0; i < 120_000; i++) first.dictionary.idOf(`gone${i}`);
    const lists = new Map(texts.map((text, i) => [`doc-${i}`, docTerms(doc(i, { text }), first.dictionary)] as const));
    const before = store.saved?.id;
    first.finish(lists, 100);
    expect(store.saved!.id).not.toBe(before);
    expect(store.saved!.count).toBeLessThan(1_000);

    const next = new StoredTermSpace(store);
    for (const [key, list] of lists) expect(termsOf(next, next.get(key)!)).toEqual(termsOf(first, list));
  });
});
