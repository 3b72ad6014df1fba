import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupSites, makeSite } from '../helpers/site.js';

const launcher = path.resolve(import.meta.dirname, '..', '..', 'bin', 'bulletin.js');
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

  it('starts the bundled CLI when it is as new as the compiled one, and the compiled one when the bundle is older', () => {
    const dir = makeSite({
      'package.json': '{"type":"module"}\n',
      'lib/cli/main.js': "export function main() { console.log('modules'); }\n",
      'lib/bundle/main.js': "export function main() { console.log('bundle'); }\n",
    });
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(launcher, path.join(dir, 'bin', 'bulletin.js'));
    const start = () => spawnSync(process.execPath, [path.join(dir, 'bin', 'bulletin.js'), '--version'], { encoding: 'utf8' }).stdout;
    const at = (rel: string, seconds: number) => fs.utimesSync(path.join(dir, rel), seconds, seconds);
    at('lib/cli/main.js', 1_700_000_000);
    at('lib/bundle/main.js', 1_700_000_000);
    expect(start()).toBe('bundle\n');
    // Compiled again after the bundle was made: the bundle is stale.
    at('lib/cli/main.js', 1_700_000_100);
    expect(start()).toBe('modules\n');
  });

  it('has the real bundle in place after `npm test` compiles, so the CLI tests run what users run', () => {
    const lib = path.resolve(import.meta.dirname, '..', '..', 'lib');
    for (const entry of ['main', 'render-worker', 'list-files-worker', 'build-thread']) expect(fs.existsSync(path.join(lib, 'bundle', `${entry}.js`))).toBe(true);
    expect(fs.statSync(path.join(lib, 'bundle/main.js')).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(lib, 'cli/main.js')).mtimeMs);
  });

  it('starts the compiled CLI when it is there', () => {
    const out = run({ 'lib/cli/main.js': "export function main() { console.log('started'); }\n" });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('started\n');
  });
});
