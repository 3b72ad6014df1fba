import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { coldSnapshot as cold, OPEN_DAY, retitle } from '../helpers/basic-site.js';
import { buildSite, cleanupSites, copyFixture, snapshot } from '../helpers/site.js';

afterAll(cleanupSites);


describe('the recycled output folder', { timeout: 60_000 }, () => {
  it('starts each build from the folder retired by the last one, without ever writing through to the live site', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    await buildSite(root);
    retitle(root, '开放日第二版');
    await buildSite(root);
    const second = snapshot(dist);
    expect(fs.existsSync(path.join(root, '.dist.prev'))).toBe(true);

    // The third build reuses the first build's folder, whose unchanged files are links to live ones.
    retitle(root, '开放日第三版');
    fs.rmSync(path.join(root, 'content/2024/2024-07-01-budget-report.md'));
    fs.writeFileSync(path.join(dist, 'stray.html'), 'put here by hand');
    const third = await buildSite(root);
    expect(third.ok).toBe(true);
    expect(snapshot(path.join(root, '.dist.prev'))).toEqual({ ...second, 'stray.html': Buffer.from('put here by hand').toString('base64') });
    expect(snapshot(dist)).toEqual(await cold(root));
    expect(fs.existsSync(path.join(dist, '2024/07/budget-report'))).toBe(false);

    // The stray file lives on only in the retired folder, never in a new site.
    await buildSite(root);
    expect(snapshot(dist)).toEqual(await cold(root));
  });

  it('writes a changed page over its retired copy in place when the live site does not share it, and trims what is left over', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    const page = path.join(dist, 'index.html');
    retitle(root, '开放日第一版，标题较长，以便下一版更短时留下多余的字节');
    await buildSite(root);
    retitle(root, '开放日第二版');
    await buildSite(root);
    const second = snapshot(dist);
    // Retired now, and changed by the second build: the first build's index page has one link.
    expect(fs.statSync(path.join(root, '.dist.prev/index.html')).nlink).toBe(1);

    // Held open, the retired copy cannot be freed and its inode number given to a new file.
    const retired = fs.openSync(path.join(root, '.dist.prev/index.html'), 'r');
    retitle(root, '开放日三');
    await buildSite(root);
    // Written over and now live (one link), not unlinked (no link left).
    expect(fs.fstatSync(retired).nlink).toBe(1);
    expect(fs.fstatSync(retired).ino).toBe(fs.statSync(page).ino);
    expect(fs.readFileSync(retired)).toEqual(fs.readFileSync(page));
    fs.closeSync(retired);
    expect(snapshot(dist)).toEqual(await cold(root));
    expect(snapshot(path.join(root, '.dist.prev'))).toEqual(second);

    // Changed again: this time the retired copy is the live one's of two builds ago, linked to nothing else.
    const kept = fs.statSync(path.join(dist, '2024/07/budget-report/index.html')).ino;
    retitle(root, '开放日第四版');
    await buildSite(root);
    expect(snapshot(dist)).toEqual(await cold(root));
    // An unchanged page is still the very file the live site had, not a copy.
    expect(fs.statSync(path.join(dist, '2024/07/budget-report/index.html')).ino).toBe(kept);
  });

  it('replaces a retired copy it cannot open for writing, as it would any other', async () => {
    const root = copyFixture('sites/basic');
    retitle(root, '开放日第一版');
    await buildSite(root);
    retitle(root, '开放日第二版');
    await buildSite(root);
    // As if the retired copy had been made read-only: opening it to write over it fails.
    const retiredIndex = path.join(root, '.dist.prev/index.html');
    const open = fs.openSync;
    let refused = 0;
    const spy = vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      // The home page in the folder being built, which the retired one was renamed to.
      const rel = path.relative(root, String(file)).split(path.sep).join('/');
      if (flags === 'r+' && /^\.dist\.tmp-[^/]+\/index\.html$/.test(rel)) {
        refused++;
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
      }
      return open(file, flags, mode);
    }) as typeof fs.openSync);
    try {
      expect(fs.statSync(retiredIndex).nlink).toBe(1);
      retitle(root, '开放日第三版');
      const third = await buildSite(root);
      expect(third.ok).toBe(true);
      expect(refused).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(snapshot(path.join(root, 'dist'))).toEqual(await cold(root));
  });

  it('lists the retired folder on a worker thread in the compiled CLI, and still leaves out what was put there by hand', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    const build = async (...args: string[]) => expect((await runCli(['build', '--quiet', '--now', '2026-01-01T09:00+08:00', ...args], root)).code).toBe(0);
    await build();
    retitle(root, '开放日第二版');
    await build();
    fs.writeFileSync(path.join(dist, 'stray.html'), 'put here by hand');
    retitle(root, '开放日第三版');
    await build();
    expect(fs.existsSync(path.join(root, '.dist.prev/stray.html'))).toBe(true);
    // This build starts from the folder that holds the stray file.
    retitle(root, '开放日第四版');
    await build();
    expect(fs.existsSync(path.join(dist, 'stray.html'))).toBe(false);
    await build('--no-cache', '--out', 'cold');
    expect(snapshot(dist)).toEqual(snapshot(path.join(root, 'cold')));
  });
});
