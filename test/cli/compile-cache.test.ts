import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFileFor, loadBundle } from '../../src/cli/compile-cache.js';
import { cleanupSites, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

/** The loader as compiled to lib/ (`npm test` compiles it first), for commands run in processes of their own. */
const COMPILED_LOADER = new URL('../../lib/cli/compile-cache.js', import.meta.url).href;

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

  it('is made again, holding what it held, when a build did a kind of work it does not cover yet', () => {
    // Each kind of work runs a function of its own, so only a cache made after both holds both.
    const body = (name: string) => `function ${name}(n) { let s = 0; for (let i = 0; i < n; i++) { s += i % 7 === 0 ? i * 3 : i ^ 5; if (s > 1e6) s -= 1e6; } return '${name}' + s; }`;
    const file = bundleIn(`${body('cold')}\n${body('warm')}\nexports.run = (kind) => (kind === 'cold' ? cold(9) : warm(9));\n`);
    const cache = cacheFileFor(file);
    // Each command in a process of its own, as the CLI runs: V8 shares compiled functions between
    // scripts of the same source within one process.
    const command = (kinds: string[], paths: number): string => {
      const script = `const { loadBundle } = await import(${JSON.stringify(COMPILED_LOADER)}); const l = loadBundle(${JSON.stringify(file)}); for (const k of ${JSON.stringify(kinds)}) l.exports.run(k); l.save(${paths}); console.log(l.status);`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.trim();
    };
    const made = (kinds: string[], paths: number) => {
      fs.rmSync(cache, { force: true });
      expect(command(kinds, paths)).toBe('absent');
      return fs.readFileSync(cache);
    };
    const coldOnly = made(['cold'], 1);
    const warmOnly = made(['warm'], 2);
    fs.writeFileSync(cache, coldOnly);
    expect(command(['cold'], 1)).toBe('used');
    expect(fs.readFileSync(cache)).toEqual(coldOnly); // covered already: not written
    expect(command(['warm'], 2)).toBe('used');
    const both = fs.readFileSync(cache);
    expect(both[17]).toBe(3); // the code paths byte, after the magic
    // The cold function, loaded from the cache and not run again, is still in it, beside the warm one.
    expect(both.length).toBeGreaterThan(coldOnly.length);
    expect(both.length).toBeGreaterThan(warmOnly.length);
    expect(command(['cold', 'warm'], 3)).toBe('used');
    expect(fs.readFileSync(cache)).toEqual(both);
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
    // loadBundle sets the CLI's own flags (V8_FLAGS) before the cache is read, so another process takes it.
    expect(under()).toBe('used 5\n');
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
