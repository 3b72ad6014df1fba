/** Sets up the sites of test/fixtures/hostile/ (see the README there) for the tests in this folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../../src/build.js';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { reportDiagnostics } from '../../src/cli/report.js';
import { vi } from 'vitest';
import { makeSite } from '../helpers/site.js';

export const HOSTILE = path.join(import.meta.dirname, '..', 'fixtures', 'hostile');
const CONTROL_FILES = new Set(['expected.txt', 'build.json', 'symlinks.json']);

/**
 * Copies a fixture into `<temp>/site/`, one level down, so that an output folder such as `..` that
 * bulletin failed to refuse would land in the throwaway temp folder, not in /tmp itself.
 */
export function prepareHostileSite(name: string): { root: string; options: Partial<BuildOptions> } {
  const from = path.join(HOSTILE, name);
  const root = path.join(makeSite({}), 'site');
  // A fixture's templates/ holds only the files it breaks; the rest are the defaults.
  if (fs.existsSync(path.join(from, 'templates'))) fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
  fs.cpSync(from, root, { recursive: true, filter: (src) => !CONTROL_FILES.has(path.relative(from, src)) });
  const control = (file: string) => (fs.existsSync(path.join(from, file)) ? JSON.parse(fs.readFileSync(path.join(from, file), 'utf8')) : {});
  for (const [link, target] of Object.entries(control('symlinks.json') as Record<string, string>)) {
    fs.mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
    fs.symlinkSync(target, path.join(root, link));
  }
  return { root, options: control('build.json') as Partial<BuildOptions> };
}

/** What the terminal shows, with the temp folder's name replaced so the text is the same every run. */
export function shownText(diagnostics: Parameters<typeof reportDiagnostics>[0], root: string): string {
  const lines: string[] = [];
  reportDiagnostics(diagnostics, (l) => lines.push(l));
  return lines
    .join('\n')
    .replaceAll(root, '<site>')
    .replaceAll(path.dirname(root), '<folder holding the site>');
}


/** The file-system calls that change the disk, and which of their arguments are places written to. */
const MUTATORS = { mkdirSync: [0], writeFileSync: [0], rmSync: [0], renameSync: [0, 1], linkSync: [1], copyFileSync: [1], cpSync: [1], symlinkSync: [1] } as const;

/**
 * Makes every file-system change outside `dir` throw, so that a regression in the --out checks
 * (a fixture builds into `..` or `/`) fails the test instead of writing to the real disk.
 * Returns a function that removes the guard.
 */
export function refuseWritesOutside(dir: string): () => void {
  const spies = Object.entries(MUTATORS).map(([name, argIndexes]) => {
    const key = name as keyof typeof MUTATORS;
    const real = fs[key] as (...args: unknown[]) => unknown;
    return vi.spyOn(fs, key).mockImplementation(((...args: unknown[]) => {
      for (const i of argIndexes) {
        const target = args[i];
        if ((typeof target === 'string' || target instanceof URL) && !isInsidePath(dir, path.resolve(String(target)))) {
          throw new Error(`test guard: ${name} outside the test folder: ${String(target)}`);
        }
      }
      return real.apply(fs, args);
    }) as never);
  });
  return () => spies.forEach((s) => s.mockRestore());
}

function isInsidePath(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
