import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bundleDir = path.resolve(import.meta.dirname, '..', '..', 'lib', 'bundle');

/** The dependency files a bundle holds, from the path comment esbuild writes above each module. */
function modulesIn(bundle: string): string[] {
  const source = fs.readFileSync(path.join(bundleDir, bundle), 'utf8');
  return [...source.matchAll(/^\/\/ (?:.*\/)?(node_modules\/\S+)$/gm)].map((m) => m[1]!);
}

describe('the bundles (npm run bundle)', () => {
  // A CommonJS package imported from ES modules is reached through a namespace of getters, one call
  // per property read; the template loop reads LiquidJS's exports for every node it renders, which
  // cost a cold build at 4,000 bulletins about 4% (performance log, session 17).
  it.each(['main.cjs', 'render-worker.cjs', 'build-thread.js'])('%s holds LiquidJS once, as its ES module build', (bundle) => {
    const liquid = modulesIn(bundle).filter((m) => m.startsWith('node_modules/liquidjs/'));
    expect(liquid).toEqual(['node_modules/liquidjs/dist/liquid.node.mjs']);
  });
});
