import type { OutputFile } from '../output/write-site.js';
import type { RenderedBulletin } from '../markdown/render-all.js';
import type { SitePlan } from '../site/page-plan.js';
import { buildIndex } from './build-index.js';
import { searchDocs } from './search-doc.js';
import { DEFAULT_OPTIONS, serializeIndex, type SerializeOptions } from './serialize-index.js';

export { searchDocs, type SearchDoc } from './search-doc.js';
export { buildIndex, postingsOf, type InvertedIndex } from './build-index.js';
export { serializeIndex, type SerializeOptions } from './serialize-index.js';

/**
 * The search stage: the files under `search/` that the search page (templates/assets/search/)
 * reads. Pure: same plan and texts, same bytes.
 */
export function searchIndexFiles(
  plan: Pick<SitePlan, 'bulletins'>,
  rendered: readonly Pick<RenderedBulletin, 'text' | 'summary'>[],
  options: SerializeOptions = DEFAULT_OPTIONS,
): OutputFile[] {
  const docs = searchDocs(plan, rendered);
  return serializeIndex(buildIndex(docs), docs, options);
}
