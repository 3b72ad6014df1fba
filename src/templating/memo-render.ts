import { RenderTag, type Context, type Emitter, type Liquid } from 'liquidjs';

/** The fields of LiquidJS's render tag this subclass reads (private in its typings). */
interface RenderFields {
  file: unknown;
  currentFile?: string;
  hash: { render(ctx: Context): Generator<unknown, Record<string, unknown>, unknown> };
  with?: unknown;
  forBinding?: unknown;
  liquid: Liquid;
}

/** Outputs kept per tag: enough for the header of each page depth in one batch of pages. */
const KEPT = 8;

/**
 * `{% render 'name', key: value %}` that reuses its output when called again with the very same
 * argument values: the same objects (by identity, so no key is built) or equal primitives. A rendered
 * partial sees only its arguments (LiquidJS isolates its scope, counters and cycles), and template
 * data is never changed while pages render, so the output is the same. The view model hands every
 * page of one depth and language the same `site` and `t` objects (view-model.ts; a worker thread
 * receives them as one object per batch), which makes the site header and footer, about a fifth of
 * all template time, render once per depth and batch. `with`/`for` forms and partial names computed
 * at render time take LiquidJS's own path.
 */
export class MemoRenderTag extends RenderTag {
  private kept: { args: unknown[]; html: string }[] = [];
  private next = 0;

  override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const self = this as unknown as RenderFields;
    if (typeof self.file !== 'string' || self.with !== undefined || self.forBinding !== undefined) return yield* super.render(ctx, emitter);
    const hash = (yield self.hash.render(ctx)) as Record<string, unknown>;
    const args = Object.values(hash);
    // A drop such as `forloop` is one object whose values change as it goes: never reused.
    const reusable = args.every(isData);
    let html = reusable ? this.kept.find((k) => sameValues(k.args, args))?.html : undefined;
    if (html === undefined) {
      // What RenderTag does for this form, into a buffer of its own so the text can be kept.
      const child = ctx.spawn();
      Object.assign(child.bottom(), hash);
      const templates = yield self.liquid._parsePartialFile(self.file, child.sync, self.currentFile);
      html = (yield self.liquid.renderer.renderTemplates(templates as never, child)) as string;
      if (reusable) {
        this.kept[this.next] = { args, html };
        this.next = (this.next + 1) % KEPT;
      }
    }
    emitter.write(html);
  }
}

/** A primitive, or an array or plain object: data the templates cannot change. */
function isData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/** Same length and each value the same (`===`: objects by identity). The names come from the tag, so they always match. */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
