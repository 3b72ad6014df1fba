/**
 * What a press officer sees in the terminal: the same text as the fixture's expected.txt, exit code
 * 1, and never a stack trace, for inputs that used to crash or that must be refused before anything
 * is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupSites } from '../helpers/site.js';
import { HOSTILE, prepareHostileSite } from './hostile-site.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'bulletin.js');
afterAll(cleanupSites);

function cli(root: string, args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args, '--now', '2026-01-01T09:00+08:00'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr.replaceAll(root, '<site>').replaceAll(path.dirname(root), '<folder holding the site>'), stdout: run.stdout };
}

describe('the CLI with hostile input', () => {
  for (const [name, args] of [
    ['front-matter-js', ['build']],
    ['markdown-deep-quotes', ['build']],
    ['config-alias-bomb', ['build']],
    ['out-parent', ['build', '--out', '..']],
  ] as const) {
    it(`${name}: prints expected.txt, exits 1 and writes nothing`, () => {
      const { root } = prepareHostileSite(name);
      const before = fs.readdirSync(path.dirname(root));
      const run = cli(root, [...args]);
      const expected = fs.readFileSync(path.join(HOSTILE, name, 'expected.txt'), 'utf8');
      const outDir = args.includes('--out') ? '..' : 'dist';
      expect(run.stderr).toBe(`${expected}Nothing was written; ${outDir}/ is as it was.\n`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.status).toBe(1);
      expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
      expect(fs.readdirSync(path.dirname(root))).toEqual(before);
    }, 60_000);
  }
});
