import fs from 'node:fs';
import type { SiteSnapshot } from '../build.js';
import type { Bulletin, WithBody } from '../content/bulletin.js';
import { loadBulletin } from '../content/load-content.js';
import { hasErrors } from '../diagnostics.js';
import { createProcessor, type MarkdownProcessor } from '../markdown/processor.js';
import { renderRecorded, type RenderedBulletin } from '../markdown/render-all.js';
import type { OutputFile } from '../output/write-site.js';
import type { PagePlan, SitePlan } from '../site/page-plan.js';
import { permalinkFor } from '../site/permalinks.js';
import { outputPathFor, renderPage } from '../templating/render-page.js';
import { LATEST_COUNT } from '../templating/view-model.js';

/** A few pages re-rendered for saved bulletins, ahead of the full rebuild that follows. */
export interface QuickUpdate {
  /** The snapshot with the saved bulletins in it (related lists, feeds and search still the old ones). */
  snapshot: SiteSnapshot;
  /** The pages that show the saved bulletins, rendered again. */
  files: OutputFile[];
}

/**
 * The fast half of a watch rebuild. When a save changes only what a bulletin's own page and the lists
 * that show it display (its body, title, summary, source…) and leaves its place in the site alone (date,
 * address, agency, tags, status…), the plan stands: re-render that bulletin's Markdown and the pages
 * that show it, from the last build's plan and templates, and nothing else. Related lists, feeds, the
 * sitemap and the search index depend on the whole site's text, so they are left to the full rebuild
 * that always follows; that rebuild is what makes the output exact, this only makes it quick. Returns
 * undefined when the change is anything else (a new, moved or deleted file, a template, the config,
 * a save with problems): the full rebuild then does all the work and reports the problems.
 */
export function quickUpdate(snapshot: SiteSnapshot, changed: readonly string[], now: number): QuickUpdate | undefined {
  if (changed.length === 0) return undefined;
  const { plan } = snapshot;
  const config = { ...snapshot.config, now };
  const bulletins = [...plan.bulletins];
  const rendered = [...snapshot.rendered];
  const touched = new Map<number, boolean>(); // bulletin index → whether what lists show of it changed
  for (const abs of new Set(changed)) {
    const source = snapshot.sources.get(abs);
    if (!source || source.kind !== 'markdown') return undefined;
    let size: number;
    try {
      size = fs.statSync(abs).size;
    } catch {
      return undefined;
    }
    const i = bulletins.findIndex((b) => b.file === source.file);
    if (i === -1) return undefined; // a bulletin this build does not show
    const loaded = loadBulletin({ ...source, size }, config);
    if (!loaded.bulletin || hasErrors(loaded.diagnostics)) return undefined;
    const b: WithBody = { ...loaded.bulletin, url: permalinkFor(config.permalink, loaded.bulletin) };
    const before = bulletins[i]!;
    if (placement(b) !== placement(before)) return undefined;
    const outcome = renderRecorded(processorFor(config.allowHtml), b, snapshot.links);
    if (hasErrors(outcome.rendered.diagnostics)) return undefined;
    touched.set(i, (touched.get(i) ?? false) || card(b, outcome.rendered) !== card(before, rendered[i]!));
    bulletins[i] = b;
    rendered[i] = outcome.rendered;
  }
  const next: SitePlan = { ...plan, bulletins };
  const view = { ...snapshot.view, config, plan: next, rendered };
  const files: OutputFile[] = [];
  for (const page of pagesShowing(next, touched)) {
    const out = renderPage(snapshot.templates, view, page);
    if (out.html === undefined) return undefined;
    const origin = page.type === 'article' ? next.bulletins[page.bulletin]!.file : `the ${page.type} page ${page.url}`;
    files.push({ path: outputPathFor(page.url), content: out.html, origin });
  }
  return { snapshot: { ...snapshot, config, plan: next, rendered, view }, files };
}

/**
 * Everything about a bulletin that decides where it appears: which pages exist, which lists hold it,
 * in what order, under which address. The fields left out only change what its page and its list
 * entries say.
 */
function placement(b: Bulletin): string {
  const { title, summary, body, bodyLine, source, docNumber, indexNumber, category, written, updates, ...rest } = b;
  return JSON.stringify(rest);
}

/** What a list entry shows of a bulletin (the view model's ItemView) beyond its placement. */
function card(b: Bulletin, r: RenderedBulletin): string {
  return JSON.stringify([b.title, b.summary ?? r.summary]);
}

/** Pages (in plan order) whose view shows one of `touched`: its own page, and, when its list entry changed, every page that lists it. */
function pagesShowing(plan: SitePlan, touched: ReadonlyMap<number, boolean>): PagePlan[] {
  const listed = (i: number | undefined) => i !== undefined && touched.get(i) === true;
  return plan.pages.filter((page) => {
    switch (page.type) {
      case 'article': {
        const i = page.bulletin;
        return (
          touched.has(i) ||
          listed(page.newer) ||
          listed(page.older) ||
          plan.related[i]!.some(listed) ||
          plan.interpretations[i]!.some(listed) ||
          listed(plan.interprets[i])
        );
      }
      case 'list':
        return page.items.some(listed);
      case 'not-found':
      case 'search':
      case 'accessibility':
        // These show the newest bulletins.
        return plan.bulletins.slice(0, LATEST_COUNT).some((_, i) => listed(i));
      default:
        return false; // archives, agencies, tags, sitemap: names and counts only
    }
  });
}

let cached: { allowHtml: boolean; processor: MarkdownProcessor } | undefined;
function processorFor(allowHtml: boolean): MarkdownProcessor {
  if (cached?.allowHtml !== allowHtml) cached = { allowHtml, processor: createProcessor({ allowHtml }) };
  return cached.processor;
}
