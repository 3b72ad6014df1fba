import { Expression, IfTag, LiquidError, type LiquidOptions, Output, RenderError, TypeGuards, UnlessTag, Value, isTruthy, toValue, toValueSync, type Context, type Emitter, type Liquid, type Template } from 'liquidjs';

/**
 * Straight-line evaluation for the expressions templates are mostly made of.
 *
 * LiquidJS evaluates every `{{ b.title }}` and `{% if b.updated %}` through a chain of about ten
 * generators (output, value, expression, token, property access, scope lookup, filter…), driven one
 * step at a time; on a press site's pages that machinery, not the work it does, is most of the
 * template time. This module gives the parsed templates of one engine a direct path for the common
 * shapes — literals, `a.b.c` paths with fixed keys, the built-in operators, filters with such
 * arguments — that calls the very same LiquidJS functions (`findScope`, `readProperty`, the
 * operators, the filter handlers) in the same order, so the result is the same value. Anything else,
 * and any step that would need the generator machinery (a value that is itself a generator or a
 * promise, an undefined variable in strict mode, which must raise LiquidJS's own error), falls back
 * to LiquidJS's own code from the start of that expression; every step before it is a pure read.
 *
 * Only the templates given to `speedUpTemplates` (and those stored in a `FastPathCache`) are
 * changed, each on its own instance; LiquidJS itself and other engines are left as they are.
 */
export function speedUpTemplates(templates: readonly Template[]): void {
  const seen = new WeakSet<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (node instanceof Value) return speedUpValue(node);
    if (node instanceof Output) speedUpOutput(node);
    else if (node instanceof IfTag || node instanceof UnlessTag) speedUpBranches(node);
    else if (TypeGuards.isHTMLToken((node as { token?: unknown }).token)) speedUpText(node as Template & { str: string });
    if (Array.isArray(node)) node.forEach(visit);
    else for (const [key, field] of Object.entries(node)) if (!NOT_TEMPLATE_DATA.has(key)) visit(field);
  };
  visit(templates);
}

/**
 * An engine's `renderer.renderTemplates` — the loop every block of a template (a page, a layout, a
 * `for` body, an `if` branch, a partial) is rendered by — run as a plain loop when the render is
 * synchronous and writes to an emitter, instead of a generator that LiquidJS's driver resumes once
 * per template node. The loop does what LiquidJS's does, in the same order: each node rendered (a
 * node that renders through a generator is driven to its end, as `toValueSync` would), what it
 * returns written, stopping at `break`/`continue`, an error wrapped as LiquidJS wraps it. The render
 * deadline (`renderLimit`) is checked as LiquidJS checks it when one is set; without one (as here)
 * the check can never fail, so the clock is not read for every node. Everything else (asynchronous
 * renders, `catchAllErrors`, a call without an emitter) goes to LiquidJS's own generator.
 */
export function speedUpRenderer(engine: Liquid): void {
  type RenderTemplates = (templates: Template[], ctx: Context, emitter?: Emitter) => unknown;
  const renderer = engine.renderer as unknown as { renderTemplates: RenderTemplates };
  const original = renderer.renderTemplates;
  renderer.renderTemplates = function (this: unknown, templates: Template[], ctx: Context, emitter?: Emitter) {
    const own = ctx as unknown as ScopeReader & { breakCalled: boolean; continueCalled: boolean; renderLimit: { limit: number; check(now: number): void } };
    if (!own.sync || !emitter || (own.opts as { catchAllErrors?: boolean }).catchAllErrors) return original.call(this, templates, ctx, emitter);
    const limited = own.renderLimit.limit !== Infinity;
    if (limited) own.renderLimit.check(performance.now());
    for (const tpl of templates) {
      if (limited) own.renderLimit.check(performance.now());
      try {
        const html = toValueSync(tpl.render(ctx, emitter)) as unknown;
        if (html) emitter.write(html);
        if (own.breakCalled || own.continueCalled) break;
      } catch (e) {
        throw LiquidError.is(e) ? e : new RenderError(e as Error, tpl);
      }
    }
    return (emitter as unknown as { buffer: unknown }).buffer;
  } as RenderTemplates;
}

/**
 * The template cache of an engine whose layouts and partials get the direct path: LiquidJS parses
 * every file it includes through its cache (`cache` option), so each is sped up once, when stored.
 */
export class FastPathCache implements LiquidCache {
  private readonly entries = new Map<string, Template[] | Promise<Template[]>>();

  read(key: string): Template[] | Promise<Template[]> | undefined {
    return this.entries.get(key);
  }

  write(key: string, value: Template[] | Promise<Template[]>): void {
    if (Array.isArray(value)) speedUpTemplates(value);
    else void value.then(speedUpTemplates, () => undefined);
    this.entries.set(key, value);
  }

  remove(key: string): void {
    this.entries.delete(key);
  }
}

/** Fields that lead away from a template's own expressions and inner templates (the engine, source tokens). */
const NOT_TEMPLATE_DATA = new Set(['liquid', 'token', 'tokenizer', 'parser', 'initial', 'hash', 'postfix']);

/** LiquidJS's template cache interface (not exported by name). */
type LiquidCache = Exclude<NonNullable<LiquidOptions['cache']>, boolean | number>;

/** Marks "could not take the direct path": the caller falls back to LiquidJS's generator. */
const FALLBACK: unique symbol = Symbol('fallback');
type Fallback = typeof FALLBACK;

type Step = { literal: unknown } | { path: (string | number)[] } | { operator: string; unary: boolean };
type Arg = { literal: unknown } | { path: (string | number)[] };

interface ScopeReader {
  findScope(key: string | number): unknown;
  readProperty(obj: unknown, key: unknown): unknown;
  strictVariables: boolean;
  sync: boolean;
  opts: { operators: Record<string, (...args: unknown[]) => unknown>; lenientIf?: boolean };
}

function speedUpOutput(output: Output): void {
  const own = output as unknown as { value: Value; render: Output['render'] };
  const original = own.render;
  own.render = function (this: Output, ctx: Context, emitter: Emitter) {
    const value = directValue(own.value, ctx);
    if (value === FALLBACK) return original.call(this, ctx, emitter);
    emitter.write(toValue(value));
    return undefined as never;
  } as Output['render'];
}

/** Literal text between tags: written, without a generator of its own. */
function speedUpText(text: Template & { str: string }): void {
  (text as { render: unknown }).render = function (this: { str: string }, _ctx: Context, emitter: Emitter) {
    emitter.write(this.str);
  };
}

type Branch = { value: Value; templates: Template[]; test?: (v: unknown, ctx: Context) => boolean };

/**
 * `{% if %}` / `{% unless %}` as IfTag and UnlessTag render them, driven here instead of by a
 * generator of their own when the render is synchronous (in async rendering a branch may wait on a
 * partial being read, which only LiquidJS's driver can do).
 */
function speedUpBranches(tag: IfTag | UnlessTag): void {
  const own = tag as unknown as { branches: Branch[]; elseTemplates?: Template[]; liquid: Liquid; render: IfTag['render'] };
  const original = own.render;
  own.render = function (this: IfTag, ctx: Context, emitter: Emitter) {
    if (!(ctx as unknown as ScopeReader).sync) return original.call(this, ctx, emitter);
    const renderer = own.liquid.renderer;
    const lenient = (ctx as unknown as ScopeReader).opts.lenientIf;
    for (const { value, templates, test } of own.branches) {
      const v = toValue(toValueSync(value.value(ctx, lenient)));
      if (test ? test(v, ctx) : isTruthy(v, ctx)) {
        toValueSync(renderer.renderTemplates(templates, ctx, emitter));
        return undefined as never;
      }
    }
    toValueSync(renderer.renderTemplates(own.elseTemplates ?? [], ctx, emitter));
    return undefined as never;
  } as IfTag['render'];
}

/** A value's direct form; null where a part of it is of a shape left to LiquidJS. */
interface FastValue {
  steps: Step[] | null;
  filters: { args: Arg[]; handler: (...args: unknown[]) => unknown; token: unknown; liquid: unknown }[] | null;
}

function speedUpValue(value: Value): void {
  const own = value as unknown as Value & { fast?: FastValue; initial: Expression; filters: unknown[] };
  if (own.fast) return;
  own.fast = { steps: stepsOf(own.initial), filters: filtersOf(own.filters) };
  const original = own.value;
  own.value = function (this: Value, ctx: Context, lenient?: boolean) {
    const direct = directValue(own, ctx);
    return direct === FALLBACK ? original.call(this, ctx, lenient) : (direct as never);
  } as Value['value'];
}

/**
 * What `Value.value` computes, or FALLBACK. Leniency (`lenientIf`, `| default`) only turns LiquidJS's
 * undefined-variable error into nil, and an undefined variable under strict checking always falls
 * back, so LiquidJS applies it there.
 */
function directValue(value: Value, ctx: Context): unknown {
  const own = value as unknown as { fast?: FastValue };
  if (!own.fast) speedUpValue(value);
  const { steps, filters } = own.fast!;
  if (!steps || !filters) return FALLBACK;
  const reader = ctx as unknown as ScopeReader;
  try {
    let result = evaluateSteps(steps, reader);
    if (result === FALLBACK) return FALLBACK;
    for (const filter of filters) {
      const argv: unknown[] = [result];
      for (const arg of filter.args) {
        const v = evaluateArg(arg, reader);
        if (v === FALLBACK) return FALLBACK;
        argv.push(v);
      }
      result = settle(filter.handler.apply({ context: ctx, token: filter.token, liquid: filter.liquid }, argv), reader);
      if (result === FALLBACK) return FALLBACK;
    }
    return result;
  } catch {
    // LiquidJS does it again and raises the error as it would have (wrapped with the template's place).
    return FALLBACK;
  }
}

function evaluateSteps(steps: readonly Step[], reader: ScopeReader): unknown {
  if (steps.length === 1) return evaluateArg(steps[0] as Arg, reader);
  const operands: unknown[] = [];
  for (const step of steps) {
    if ('operator' in step) {
      const r = operands.pop();
      const op = reader.opts.operators[step.operator]!;
      const out = settle(step.unary ? op(r, reader) : op(operands.pop(), r, reader), reader);
      if (out === FALLBACK) return FALLBACK;
      operands.push(out);
      continue;
    }
    const v = evaluateArg(step, reader);
    if (v === FALLBACK) return FALLBACK;
    operands.push(v);
  }
  return operands[0];
}

function evaluateArg(arg: Arg, reader: ScopeReader): unknown | Fallback {
  if ('literal' in arg) return arg.literal;
  const names = arg.path;
  let scope = reader.findScope(names[0]!);
  for (const name of names) {
    scope = settle(reader.readProperty(scope, name), reader);
    if (scope === FALLBACK || (scope === undefined && reader.strictVariables)) return FALLBACK;
  }
  return scope;
}

/**
 * A step's result as LiquidJS's driver would hand it back: a generator (the built-in operators and
 * some filters are generators) is run to its end, which is what `toValueSync` does for every `yield`
 * of a synchronous render; in an asynchronous render only LiquidJS's own driver may (it awaits).
 */
function settle(v: unknown, reader: ScopeReader): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const deferred = typeof (v as { next?: unknown }).next === 'function' || typeof (v as { then?: unknown }).then === 'function';
  if (!deferred) return v;
  return reader.sync ? toValueSync(v) : FALLBACK;
}

/** An expression's postfix as direct steps, or null when any token is of a shape left to LiquidJS. */
function stepsOf(expression: Expression): Step[] | null {
  const steps: Step[] = [];
  for (const token of (expression as unknown as { postfix: unknown[] }).postfix) {
    if (TypeGuards.isOperatorToken(token)) {
      const operator = (token as unknown as { operator: string }).operator;
      steps.push({ operator, unary: operator === 'not' });
      continue;
    }
    const arg = argOf(token);
    if (!arg) return null;
    steps.push(arg);
  }
  return steps.length > 0 ? steps : null;
}

/** A literal (`'text'`, `3`, `true`, `nil`) or a path of fixed keys (`b.date.iso`, `a["x"]`). */
function argOf(token: unknown): Arg | null {
  if (typeof token !== 'object' || token === null) return null;
  if (TypeGuards.isPropertyAccessToken(token)) {
    const access = token as unknown as { variable?: unknown; props: unknown[] };
    if (access.variable !== undefined) return null;
    const path: (string | number)[] = [];
    for (const prop of access.props) {
      const key = prop !== null && typeof prop === 'object' && 'content' in prop ? (prop as { content: unknown }).content : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') return null;
      path.push(key);
    }
    return path.length > 0 && typeof path[0] === 'string' ? { path } : null;
  }
  if (TypeGuards.isRangeToken(token)) return null;
  // LiquidJS hands a literal's content over as it is, `empty` and `blank` (drops) included.
  if ('content' in token) return { literal: (token as { content: unknown }).content };
  return null;
}

function filtersOf(filters: readonly unknown[]): FastValue['filters'] {
  const out: NonNullable<FastValue['filters']> = [];
  for (const f of filters) {
    const filter = f as { handler: (...args: unknown[]) => unknown; token: unknown; liquid: unknown; args: unknown[] };
    const args: Arg[] = [];
    for (const a of filter.args) {
      if (Array.isArray(a)) return null; // key: value arguments
      const arg = argOf(a);
      if (!arg) return null;
      args.push(arg);
    }
    out.push({ handler: filter.handler, token: filter.token, liquid: filter.liquid, args });
  }
  return out;
}
