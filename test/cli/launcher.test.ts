import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupSites, makeSite } from '../helpers/site.js';

const launcher = path.resolve(import.meta.dirname, '..', '..', 'bin', 'bulletin.js');
const lib = path.resolve(import.meta.dirname, '..', '..', 'lib');
afterAll(cleanupSites);

/** bin/bulletin.js copied into a folder with the given lib/ files, run with --version. */
function run(files: Record<string, string>) {
  const dir = makeSite({ 'package.json': '{"type":"module"}\n', ...files });
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(launcher, path.join(dir, 'bin', 'bulletin.js'));
  return spawnSync(process.execPath, [path.join(dir, 'bin', 'bulletin.js'), '--version'], { encoding: 'utf8' });
}

describe('bin/bulletin.js', () => {
  it('says the tool is not compiled when lib/ is missing', () => {
    const out = run({});
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('bulletin is not compiled yet');
  });

  it('names a missing dependency instead of saying "not compiled"', () => {
    const out = run({ 'lib/cli/main.js': "import 'no-such-package-for-bulletin';\nexport function main() {}\n" });
    expect(out.status).toBe(2);
    expect(out.stderr).not.toContain('not compiled');
    expect(out.stderr).toContain("bulletin cannot start: Cannot find package 'no-such-package-for-bulletin'");
    expect(out.stderr).toContain('npm install');
  });

  /** A folder with bin/bulletin.js, the real compile-cache loader, and the given lib/ files. */
  function withBundle(files: Record<string, string>) {
    const dir = makeSite({ 'package.json': '{"type":"module"}\n', ...files });
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(launcher, path.join(dir, 'bin', 'bulletin.js'));
    fs.mkdirSync(path.join(dir, 'lib', 'util'), { recursive: true });
    for (const loader of ['cli/compile-cache.js', 'util/code-paths.js']) fs.copyFileSync(path.join(lib, loader), path.join(dir, 'lib', loader));
    const start = (...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin', 'bulletin.js'), ...args], { encoding: 'utf8' });
    return { dir, start };
  }

  it('starts the bundled CLI when it is as new as the compiled one, and the compiled one when the bundle is older', () => {
    const { dir, start } = withBundle({
      'lib/cli/main.js': "export function main() { console.log('modules'); }\n",
      'lib/bundle/main.cjs': "exports.main = function () { console.log('bundle'); };\n",
    });
    const at = (rel: string, seconds: number) => fs.utimesSync(path.join(dir, rel), seconds, seconds);
    at('lib/cli/main.js', 1_700_000_000);
    at('lib/bundle/main.cjs', 1_700_000_000);
    expect(start('--version').stdout).toBe('bundle\n');
    // Compiled again after the bundle was made: the bundle is stale.
    at('lib/cli/main.js', 1_700_000_100);
    expect(start('--version').stdout).toBe('modules\n');
  });

  it("keeps the bundle's code cache after a build that succeeds, and not after other commands or a failed build", () => {
    const { dir, start } = withBundle({
      'lib/cli/main.js': 'export function main() {}\n',
      // `--warm` stands for a build that did a kind of work the first one did not (lib/util/code-paths.js).
      'lib/bundle/main.cjs':
        "exports.main = function (argv) { if (argv.includes('--fail')) process.exitCode = 1; if (argv.includes('--warm')) globalThis[Symbol.for('bulletin.codePaths')] = 2; console.log('ran ' + argv.slice(2).join(' ')); };\n",
    });
    const cache = path.join(dir, 'lib', 'bundle', 'main.cjs.v8cache');
    expect(start('--version').stdout).toBe('ran --version\n');
    expect(fs.existsSync(cache)).toBe(false);
    expect(start('build', '--fail').status).toBe(1);
    expect(fs.existsSync(cache)).toBe(false);
    expect(start('build').stdout).toBe('ran build\n');
    expect(fs.existsSync(cache)).toBe(true);
    const made = fs.statSync(cache).mtimeMs;
    fs.utimesSync(cache, 1_700_000_000, 1_700_000_000);
    // Used as it is from then on, not written again.
    expect(start('build', '--quiet').stdout).toBe('ran build --quiet\n');
    expect(fs.statSync(cache).mtimeMs).toBe(1_700_000_000_000);
    expect(made).toBeGreaterThan(1_700_000_000_000);
    // A build that did a new kind of work makes it again, once.
    expect(start('build', '--warm').status).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBeGreaterThan(1_700_000_000_000);
    fs.utimesSync(cache, 1_700_000_000, 1_700_000_000);
    expect(start('build', '--warm').status).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBe(1_700_000_000_000);
  });

  it('has the real bundle in place after `npm test` compiles, so the CLI tests run what users run', () => {
    for (const entry of ['main.cjs', 'render-worker.js', 'list-files-worker.js', 'build-thread.js']) expect(fs.existsSync(path.join(lib, 'bundle', entry))).toBe(true);
    expect(fs.statSync(path.join(lib, 'bundle/main.cjs')).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(lib, 'cli/main.js')).mtimeMs);
  });

  it('starts the compiled CLI when it is there', () => {
    const out = run({ 'lib/cli/main.js': "export function main() { console.log('started'); }\n" });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('started\n');
  });
});
