import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBuildCache } from '../../src/cache/build-cache.js';
import type { BuildResult } from '../../src/build.js';
import { buildSite, cleanupSites, makeSite, snapshot } from '../helpers/site.js';
import { searchFixtureFiles } from './fixture-site.js';

afterAll(cleanupSites);

const searchTiming = (r: BuildResult) => r.timings.find((t) => t.stage === 'search')!;

/** The search files equal those of the same content built from scratch, in a fresh folder, without any cache. */
async function expectSameSearchAsFreshBuild(root: string): Promise<void> {
  const fresh = makeSite({});
  fs.cpSync(path.join(root, 'content'), path.join(fresh, 'content'), { recursive: true });
  fs.copyFileSync(path.join(root, 'bulletin.config.yaml'), path.join(fresh, 'bulletin.config.yaml'));
  await buildSite(fresh, { cache: false });
  expect(snapshot(path.join(root, 'dist', 'search'))).toEqual(snapshot(path.join(fresh, 'dist', 'search')));
}

describe('the search stage across rebuilds (watch mode)', () => {
  it('tokenizes only the bulletins that changed, and writes what a fresh build writes', async () => {
    const root = makeSite(searchFixtureFiles());
    const cache = createBuildCache();
    const first = await buildSite(root, { cache });
    expect(searchTiming(first)).toMatchObject({ reused: 0, total: 15 });
    // Nothing changed: the index files are kept whole (counted as one result reused).
    expect(searchTiming(await buildSite(root, { cache }))).toMatchObject({ reused: 1, total: 1 });

    const file = path.join(root, 'content', '2022', '09', 'kj-fair.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('交易会签约', '交易会上光伏电站项目签约'));
    expect(searchTiming(await buildSite(root, { cache }))).toMatchObject({ reused: 14, total: 15 });

    await expectSameSearchAsFreshBuild(root);
  }, 60_000);

  it('keeps the term lists on disk, so a new process tokenizes only the bulletin that changed, also after a build that changed nothing', async () => {
    const root = makeSite(searchFixtureFiles());
    await buildSite(root); // each call opens the cache from disk, as a new process does
    expect(searchTiming(await buildSite(root))).toMatchObject({ reused: 1, total: 1 });
    const file = path.join(root, 'content', '2022', '09', 'kj-fair.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('交易会签约', '交易会上光伏电站项目签约'));
    expect(searchTiming(await buildSite(root))).toMatchObject({ reused: 14, total: 15 });
    await expectSameSearchAsFreshBuild(root);
  }, 60_000);
});
