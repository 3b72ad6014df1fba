import crypto from 'node:crypto';
import { TermDictionary, type DocTerms } from './doc-terms.js';

/** One document's term list as the cache keeps it: ids numbered by the stored dictionary named `dictionary`. */
export interface StoredTerms extends DocTerms {
  dictionary: string;
}

/**
 * The terms stored ids stand for, in id order, joined by a character no term contains. `id` is new
 * whenever the terms are numbered afresh; while they only grow it stays, as old ids keep their meaning.
 */
export interface StoredDictionary {
  id: string;
  terms: string;
  count: number;
}

/** Where term lists are kept between builds (see src/cache/): by document key, and the one dictionary. */
export interface TermStore {
  get(key: string): StoredTerms | undefined;
  set(key: string, value: StoredTerms): void;
  dictionary(): StoredDictionary | undefined;
  /** Saved before the term lists (see build-cache.ts): a list never names an id its dictionary on disk lacks. */
  setDictionary(value: StoredDictionary): void;
}

/** Terms are runs of letters, digits or CJK characters (see text/tokenize.ts): never a control character. */
const SEPARATOR = '\u0001';

/** Renumber once the dictionary holds this many times the terms the index uses (plus some slack). */
const SPARSE = 2;
const SLACK = 50_000;

/** The stored dictionary as the last build in this process read or wrote it, ready to use (watch mode). */
let last: { stored: StoredDictionary; dictionary: TermDictionary } | undefined;

/**
 * Term lists of earlier builds, read with ids that need no translation: the process's dictionary
 * starts as the stored one, so a stored list is used as it is, with no term looked up again. New
 * terms are added at the end; once most of the dictionary is terms no document has any more, it is
 * numbered afresh (under a new id, so lists made before are not misread).
 */
export class StoredTermSpace {
  readonly dictionary: TermDictionary;
  private readonly stored: StoredDictionary;

  constructor(private readonly store: TermStore) {
    const stored = store.dictionary();
    if (stored && last?.stored === stored) {
      this.dictionary = last.dictionary;
    } else {
      this.dictionary = new TermDictionary();
      if (stored && stored.count > 0) for (const term of stored.terms.split(SEPARATOR)) this.dictionary.idOf(term);
    }
    // A dictionary that does not read back as it was written is not used (nor is any list made with it).
    const intact = stored !== undefined && this.dictionary.terms.length >= stored.count;
    this.stored = intact ? stored : { id: crypto.randomUUID(), terms: '', count: 0 };
    if (!intact) this.dictionary = new TermDictionary();
  }

  /** The stored list under `key` when it was made with this dictionary. */
  get(key: string): DocTerms | undefined {
    const found = this.store.get(key);
    if (!found || found.dictionary !== this.stored.id) return undefined;
    // Indexed, not for…of (the iterator protocol): a build that keeps 4,000 lists checks a million ids.
    const { ids } = found;
    const count = this.stored.count;
    for (let k = 0; k < ids.length; k++) if (ids[k]! >= count) return undefined;
    return found;
  }

  set(key: string, terms: DocTerms): void {
    this.store.set(key, { ...terms, dictionary: this.stored.id });
  }

  /** After the index is built from `lists` (by document key), using `used` distinct terms: saves the dictionary if it grew. */
  finish(lists: ReadonlyMap<string, DocTerms>, used: number): void {
    const all = this.dictionary.terms;
    if (all.length > SPARSE * used + SLACK) {
      this.renumber(lists);
      return;
    }
    let stored = this.stored;
    if (all.length > stored.count) this.store.setDictionary((stored = { id: stored.id, terms: all.join(SEPARATOR), count: all.length }));
    last = { stored, dictionary: this.dictionary };
  }

  private renumber(lists: ReadonlyMap<string, DocTerms>): void {
    const dictionary = new TermDictionary();
    const stored: StoredDictionary = { id: crypto.randomUUID(), terms: '', count: 0 };
    const next = new Int32Array(this.dictionary.terms.length).fill(-1);
    const renumbered = [...lists].map(([key, terms]) => {
      const ids = terms.ids.map((id) => (next[id] === -1 ? (next[id] = dictionary.idOf(this.dictionary.terms[id]!)) : next[id]!));
      return [key, { ...terms, ids, dictionary: stored.id }] as const;
    });
    Object.assign(stored, { terms: dictionary.terms.join(SEPARATOR), count: dictionary.terms.length });
    this.store.setDictionary(stored);
    for (const [key, terms] of renumbered) this.store.set(key, terms);
    last = { stored, dictionary };
  }
}
