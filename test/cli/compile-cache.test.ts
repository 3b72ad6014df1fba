import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileFor, loadBundle } from '../../src/cli/compile-cache.js';
import { cleanupSites, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

/** A CommonJS bundle whose answer is computed by a function, so its bytecode is in the cache. */
const bundleSource = (answer: number) => `function answer() { return ${answer}; }\nexports.answer = answer();\nexports.file = __filename;\n`;

function bundleIn(source: string): string {
  const dir = makeSite({ 'main.cjs': source });
  return path.join(dir, 'main.cjs');
}

describe('loadBundle', () => {
  it('runs the bundle as a CommonJS module, then from its code cache once saved', () => {
    const file = bundleIn(bundleSource(41));
    const first = loadBundle(file);
    expect(first.status).toBe('absent');
    expect(first.exports).toEqual({ answer: 41, file });
    first.save();
    expect(fs.existsSync(cacheFileFor(file))).toBe(true);
    const second = loadBundle(file);
    expect(second.status).toBe('used');
    expect(second.exports.answer).toBe(41);
  });

  it('ignores the cache of another bundle of the same length (V8 compares sources by length only)', () => {
    const file = bundleIn(bundleSource(41));
    loadBundle(file).save();
    fs.writeFileSync(file, bundleSource(42));
    const again = loadBundle(file);
    expect(again.status).toBe('stale');
    expect(again.exports.answer).toBe(42);
    // Made again for the new bundle, and used from then on.
    again.save();
    expect(loadBundle(file)).toMatchObject({ status: 'used', exports: { answer: 42 } });
  });

  it('ignores a damaged or foreign cache file and runs the bundle as it is', () => {
    const file = bundleIn(bundleSource(7));
    const cache = cacheFileFor(file);
    loadBundle(file).save();
    const good = fs.readFileSync(cache);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100]! ^= 0xff;
    for (const bytes of [flipped, good.subarray(0, good.length - 1), good.subarray(0, 20), Buffer.from('not a cache')]) {
      fs.writeFileSync(cache, bytes);
      expect(loadBundle(file)).toMatchObject({ status: 'corrupt', exports: { answer: 7 } });
    }
  });

  it('lets V8 refuse a cache made under other flags', () => {
    const file = bundleIn(bundleSource(5));
    loadBundle(file).save();
    const loader = path.resolve(import.meta.dirname, '..', '..', 'lib', 'cli', 'compile-cache.js');
    const script = `import(${JSON.stringify(loader)}).then((m) => { const b = m.loadBundle(${JSON.stringify(file)}); console.log(b.status, b.exports.answer); })`;
    const under = (...flags: string[]) => spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }).stdout;
    expect(under('--no-lazy')).toBe('rejected 5\n');
  });

  it('goes without a cache where none can be written', () => {
    const file = bundleIn(bundleSource(3));
    const cache = path.join(path.dirname(file), 'no-such-folder', 'main.cjs.v8cache');
    const loaded = loadBundle(file, cache);
    expect(() => loaded.save()).not.toThrow();
    expect(fs.existsSync(path.dirname(cache))).toBe(false);
    expect(loadBundle(file, cache).status).toBe('absent');
    // Written but not renamed into place (a folder stands there): nothing is left beside it.
    const blocked = path.join(path.dirname(file), 'blocked.v8cache');
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    expect(() => loadBundle(file, blocked).save()).not.toThrow();
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['blocked.v8cache', 'main.cjs']);
  });
});
