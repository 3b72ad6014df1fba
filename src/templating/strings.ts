import { parse } from 'yaml';

export type Strings = Record<string, string>;

/** UI strings per language, with zh-CN as the fallback for missing keys and unknown languages. */
export interface StringTable {
  forLang(lang: string): Strings;
}

/** Pure: the text of templates/strings.yaml → a lookup by page language. */
export function parseStrings(text: string): StringTable {
  const raw = (parse(text, { schema: 'core' }) ?? {}) as Record<string, Strings>;
  const fallback = raw['zh-CN'] ?? {};
  const cache = new Map<string, Strings>();
  return {
    forLang(lang: string): Strings {
      let table = cache.get(lang);
      if (!table) {
        const primary = lang.toLowerCase().split('-')[0]!;
        const key = Object.keys(raw).find((k) => k.toLowerCase() === lang.toLowerCase()) ?? Object.keys(raw).find((k) => k.toLowerCase().split('-')[0] === primary);
        table = Object.freeze({ ...fallback, ...(key ? raw[key] : {}) });
        cache.set(lang, table);
      }
      return table;
    },
  };
}
