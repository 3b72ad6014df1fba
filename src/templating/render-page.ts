import type { Diagnostic } from '../diagnostics.js';
import type { PagePlan } from '../site/page-plan.js';
import { TEMPLATE_FOR, templateDiagnostic, type Templates } from './load-templates.js';
import { pageView, type ViewContext } from './view-model.js';

/** Renders one planned page with its template; a template failure becomes a diagnostic naming it. */
export function renderPage(
  templates: Templates,
  ctx: ViewContext,
  page: PagePlan,
  /** The page's view model when the caller already built it (the page cache hashes it first). */
  prepared?: Record<string, unknown>,
): { html?: string; diagnostic?: Diagnostic } {
  const name = TEMPLATE_FOR[page.type];
  try {
    const view = prepared ?? pageView({ ...ctx }, page);
    const html = templates.engine.renderSync(templates.parsed.get(name)!, view) as string;
    return { html };
  } catch (cause) {
    return { diagnostic: templateDiagnostic(cause, `templates/${name}.liquid`, ctx.config.root) };
  }
}

/** Site path → file inside the output folder: `/2020/05/foo/` → `2020/05/foo/index.html`. */
export function outputPathFor(url: string): string {
  const rel = url.replace(/^\//, '');
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}
