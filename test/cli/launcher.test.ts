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

  it('starts the compiled CLI when it is there', () => {
    const out = run({ 'lib/cli/main.js': "export function main() { console.log('started'); }\n" });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('started\n');
  });
});
