import type { SearchDoc } from '../../src/search/search-doc.js';

/** A search document with defaults for every field a test does not care about. */
export function doc(id: number, fields: Partial<SearchDoc>): SearchDoc {
  return { id, title: '', url: `${id}/`, date: '', year: 2024, lang: 'zh-CN', agency: '市政府办公室', tags: [], text: '', ...fields };
}
