/**
 * Which kinds of work this process did, for the CLI's code cache (cli/compile-cache.ts): a cache holds
 * the functions the process that made it had compiled, so one made after a cold build lacks those
 * only a warm build runs (reading the build cache), and one made after either may lack the Markdown
 * stack on the main thread, which runs there only for a few bulletins (noted where one is rendered).
 * A render worker thread keeps a cache of its own (cli/worker-loader.ts) and notes the same way which
 * of Markdown and pages it rendered.
 * The launcher reads the bits at exit and adds to the cache what a new kind of work compiled. A symbol
 * in the global registry, because the launcher and the bundle each have their own copy of this module.
 */
export const CODE_PATH = { COLD: 1, WARM: 2, MARKDOWN_HERE: 4, PAGES_HERE: 8 } as const;

const KEY = Symbol.for('bulletin.codePaths');
type WithPaths = { [KEY]?: number };

export function noteCodePath(bit: number): void {
  const holder = globalThis as WithPaths;
  holder[KEY] = (holder[KEY] ?? 0) | bit;
}

export function notedCodePaths(): number {
  return (globalThis as WithPaths)[KEY] ?? 0;
}
