import type { MarkdownStore, RenderedBulletin, RenderOutcome } from '../markdown/render-all.js';
import type { CacheStore } from './store.js';

/** The bulky part of a rendering: needed only when the bulletin's page or feed entries are made again. */
export interface StoredBody {
  html: string;
  text: string;
}

/** The rest of a rendering, which every build reads for every bulletin (summaries, related articles, search). */
export interface StoredRendering {
  rendered: Omit<RenderedBulletin, keyof StoredBody>;
  deps: RenderOutcome['deps'];
}

/**
 * The Markdown cache as two sections under one key: `renderings` is read whole when the cache opens;
 * `bodies` (a lazy store) one shard at a time, when a page or feed that shows a bulletin's body is
 * made again. A one-edit build of a large site so reads a few HTML bodies instead of all of them.
 * A body that cannot be read (its shard was corrupt) is rendered again, so a lost one costs work,
 * never a wrong page.
 */
export function markdownStore(renderings: CacheStore<StoredRendering>, bodies: CacheStore<StoredBody>): MarkdownStore {
  return {
    get(key, again) {
      const entry = renderings.get(key);
      return entry && { rendered: withLazyBody(entry.rendered, () => bodies.get(key) ?? remember(bodies, key, again())), deps: entry.deps };
    },
    set(key, outcome) {
      const { html, text, ...rendered } = outcome.rendered;
      renderings.set(key, { rendered, deps: outcome.deps });
      bodies.set(key, { html, text });
    },
  };
}

/** Keeps in the body section what was rendered again. */
function remember(bodies: CacheStore<StoredBody>, key: string, rendered: RenderedBulletin): StoredBody {
  const body = { html: rendered.html, text: rendered.text };
  bodies.set(key, body);
  return body;
}

/** The rendering with `html` and `text` read on first use (enumerable, so it still copies and clones as plain data). */
function withLazyBody(parts: StoredRendering['rendered'], read: () => StoredBody): RenderedBulletin {
  let body: StoredBody | undefined;
  const field = (name: keyof StoredBody): PropertyDescriptor => ({ enumerable: true, get: () => (body ??= read())[name] });
  return Object.defineProperties({ ...parts }, { html: field('html'), text: field('text') }) as RenderedBulletin;
}

/** Whether a loaded value has the shape of a `StoredRendering` (from an older layout it is dropped). */
export function isStoredRendering(v: unknown): boolean {
  const r = isObject(v) && isObject(v.rendered) ? v.rendered : undefined;
  return (
    r !== undefined &&
    typeof r.summary === 'string' &&
    typeof r.excerpt === 'string' &&
    typeof r.textHash === 'string' &&
    Array.isArray(r.attachmentsUsed) &&
    Array.isArray(r.diagnostics) &&
    isObject(r.terms) &&
    ((v as { deps?: unknown }).deps === null || Array.isArray((v as { deps?: unknown }).deps))
  );
}

export function isStoredBody(v: unknown): boolean {
  return isObject(v) && typeof v.html === 'string' && typeof v.text === 'string';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
