/**
 * Every folder under test/fixtures/hostile/ is a small site that a press officer got wrong (or that
 * an attacker wrote). Each is built and what bulletin prints is compared with the folder's
 * expected.txt, so the fixtures double as a catalogue of the tool's messages (see the README there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, cleanupSites, listFiles } from '../helpers/site.js';
import { HOSTILE, prepareHostileSite, refuseWritesOutside, shownText } from './hostile-site.js';

const cases = fs.readdirSync(HOSTILE, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

afterAll(cleanupSites);

describe('hostile fixtures', () => {
  it('has a fixture for every case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(`${name}: says exactly what expected.txt says`, async () => {
      const { root, options } = prepareHostileSite(name);
      // The temp folder holding the site is the only place a fixture's build may change.
      const unguard = refuseWritesOutside(path.dirname(root));
      const result = await buildSite(root, options).finally(unguard);
      const text = shownText(result.diagnostics, root);
      const expectedFile = path.join(HOSTILE, name, 'expected.txt');
      if (process.env.UPDATE_HOSTILE === '1') fs.writeFileSync(expectedFile, `${text}\n`);
      expect(text).toBe(fs.readFileSync(expectedFile, 'utf8').replace(/\n$/, ''));
      // A failed build writes nothing; a successful one writes its pages.
      const wrote = listFiles(path.join(root, options.outDir ?? 'dist')).includes('index.html');
      expect({ ok: result.ok, wrote }).toEqual({ ok: result.ok, wrote: result.ok && options.write !== false });
    });
  }
});
