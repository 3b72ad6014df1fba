import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupSites, copyFixture, makeSite, snapshot } from '../helpers/site.js';

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
    for (const entry of ['main.cjs', 'render-worker.cjs', 'list-files-worker.js', 'build-thread.js']) expect(fs.existsSync(path.join(lib, 'bundle', entry))).toBe(true);
    expect(fs.statSync(path.join(lib, 'bundle/main.cjs')).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(lib, 'cli/main.js')).mtimeMs);
  });

  it('starts the compiled CLI when it is there', () => {
    const out = run({ 'lib/cli/main.js': "export function main() { console.log('started'); }\n" });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('started\n');
  });
});

describe('render worker threads of the bundled CLI', () => {
  it('run with a code cache of their own, written by the first build that renders on them and used by the next, with the same output', () => {
    // A copy of the whole install, so that this test's cache files are its own.
    const repo = path.dirname(lib);
    const install = makeSite({});
    for (const part of ['bin', 'lib', 'templates']) {
      fs.cpSync(path.join(repo, part), path.join(install, part), { recursive: true, preserveTimestamps: true, filter: (src) => !src.endsWith('.v8cache') });
    }
    fs.copyFileSync(path.join(repo, 'package.json'), path.join(install, 'package.json'));
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(install, 'node_modules'));
    const workerCache = path.join(install, 'lib', 'bundle', 'render-worker.cjs.v8cache');
    const site = copyFixture('sites/basic');
    const build = (out: string, workers: string) => {
      // Cold, so that the thread renders Markdown and pages.
      fs.rmSync(path.join(site, '.bulletin-cache'), { recursive: true, force: true });
      const run = spawnSync(process.execPath, [path.join(install, 'bin', 'bulletin.js'), 'build', '--quiet', '--out', out, '--now', '2026-01-01T09:00+08:00'], {
        cwd: site,
        encoding: 'utf8',
        env: { ...process.env, BULLETIN_WORKERS: workers },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return snapshot(path.join(site, out));
    };

    const here = build('here', '0');
    expect(fs.existsSync(workerCache)).toBe(false);
    expect(build('threaded', '1')).toEqual(here);
    // The cache names the kinds of work it holds (util/code-paths.ts): Markdown and pages.
    const made = fs.readFileSync(workerCache);
    expect(made.subarray(0, 17).toString('latin1')).toBe('BULLETIN-V8CACHE2');
    expect(made[17]! & 12).toBe(12);
    fs.utimesSync(workerCache, 1_700_000_000, 1_700_000_000);
    expect(build('again', '1')).toEqual(here);
    // Used, not written again: it already covers what the thread did.
    expect(fs.statSync(workerCache).mtimeMs).toBe(1_700_000_000_000);
  });
});
