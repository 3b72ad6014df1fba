import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { readManifest, type OutputFile } from '../output/write-site.js';
import type { PagePlan } from '../site/page-plan.js';
import type { Templates } from '../templating/load-templates.js';
import { outputPathFor, renderPage } from '../templating/render-page.js';
import { pageView, type ViewContext } from '../templating/view-model.js';
import { toPosix } from '../util/paths.js';
import type { BuildCache } from './build-cache.js';
import { hashOf, TOOL_VERSION } from './hash.js';

export interface PageRun {
  files: OutputFile[];
  /** Pages whose template rendering was skipped because their view model and templates were unchanged. */
  reused: number;
}

/**
 * Renders every planned page with its template. With a cache, a page whose view model (everything the
 * template can see) and templates are unchanged since the last build is not rendered at all: the
 * writer links the file already in the output folder, after checking it is still the one the output
 * manifest describes. Template problems are reported once per template file.
 */
export function renderPages(
  templates: Templates,
  ctx: ViewContext,
  pages: readonly PagePlan[],
  report: (d: Diagnostic) => void,
  options: { cache?: BuildCache; outDir: string; templatesKey: string; onProgress?: (done: number, total: number) => void },
): PageRun {
  const { cache, outDir, onProgress } = options;
  const manifest = cache ? readManifest(outDir) : {};
  const broken = new Set<string>();
  const files: OutputFile[] = [];
  let reused = 0;
  pages.forEach((page, n) => {
    if (onProgress && n % 200 === 0) onProgress(n, pages.length);
    const file = outputPathFor(page.url);
    const origin = page.type === 'article' ? ctx.plan.bulletins[page.bulletin]!.file : `the ${page.type} page ${page.url}`;
    let view: Record<string, unknown> | undefined;
    let key: string | undefined;
    if (cache) {
      try {
        view = pageView({ ...ctx }, page);
        key = hashOf(options.templatesKey, JSON.stringify(view));
      } catch {
        view = undefined; // renderPage meets the same problem and reports it
      }
      const entry = cache.pages.get(file);
      const previous = manifest[file];
      if (key && entry && entry.view === key && previous && previous[0] === entry.hash && previous[1] === entry.size && sizeOf(path.join(outDir, file)) === entry.size) {
        files.push({ path: file, hash: entry.hash, copyFrom: path.join(outDir, file), origin });
        reused++;
        return;
      }
    }
    const out = renderPage(templates, ctx, page, view);
    if (out.diagnostic) {
      // One broken template breaks every page that uses it; report it once.
      if (!broken.has(out.diagnostic.file ?? '')) report(out.diagnostic);
      broken.add(out.diagnostic.file ?? '');
      return;
    }
    const bytes = Buffer.from(out.html!);
    // The same digest the writer records in the output manifest.
    if (cache && key) cache.pages.set(file, { view: key, hash: crypto.createHash('sha1').update(bytes).digest('base64url'), size: bytes.length });
    files.push({ path: file, content: bytes, origin });
  });
  onProgress?.(pages.length, pages.length);
  return { files, reused };
}

/** Hash of every template file (assets excepted: they are copied, not rendered) and the template options. */
export function templatesKey(dir: string, strictVariables: boolean): string {
  const parts: string[] = [TOOL_VERSION, String(strictVariables)];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, e.name);
      if (e.isDirectory() && !(d === dir && e.name === 'assets')) walk(abs);
      else if (e.isFile()) parts.push(toPosix(path.relative(dir, abs)), fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(dir);
  return hashOf(...parts);
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
