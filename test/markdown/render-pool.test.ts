import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The compiled module: only there does the worker file exist (`npm test` compiles lib/ first).
import { jobView, pageJob, RenderPool, workerCount, type PageJob } from '../../lib/markdown/render-pool.js';
import { parseStrings } from '../../lib/templating/strings.js';
import type { PagePlan } from '../../src/site/page-plan.js';
import { createProcessor } from '../../lib/markdown/processor.js';
import { renderRecorded } from '../../lib/markdown/render-all.js';
import type { WithBody } from '../../src/content/bulletin.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const cores = Math.min(os.availableParallelism(), 8);

/** `count` bulletins with only the fields rendering reads. */
function someBulletins(count: number): WithBody[] {
  return Array.from({ length: count }, (_, i) => ({
    file: `content/${i}.md`, contentPath: `${i}.md`, url: `/${i}/`, lang: 'zh-CN', title: `第${i}号`, bodyLine: 5,
    body: `第${i}号通知。\n\n- 一\n- 二\n`,
  })) as unknown as WithBody[];
}
const links = { bulletinUrls: new Map<string, string>(), unpublished: new Map<string, string>(), attachments: new Set<string>() };

// Tests below set BULLETIN_WORKERS; each leaves it as it found it.
const asked = process.env.BULLETIN_WORKERS;
afterEach(() => {
  if (asked === undefined) delete process.env.BULLETIN_WORKERS;
  else process.env.BULLETIN_WORKERS = asked;
});

describe('how many worker threads a build uses', () => {
  it('uses none for a few jobs, one for a mid-sized build, more as the build grows, never more than the cores', () => {
    expect(workerCount(150, 150, {})).toBe(0);
    expect(workerCount(4000, 4000, {})).toBe(1);
    expect(workerCount(12001, 12001, {})).toBe(Math.min(cores, 3));
    expect(workerCount(100_000, 100_000, {})).toBe(cores);
  });

  it('sizes a window of pages by the whole build, not by the window', () => {
    // Pages are sent 256 at a time: a 20,000-page build must not drop to one thread per window.
    expect(workerCount(256, 20_000, {})).toBe(Math.min(cores, 4));
    // A warm build re-rendering a few pages of a large site renders them here.
    expect(workerCount(12, 20_000, {})).toBe(0);
  });

  it('takes BULLETIN_WORKERS over its own choice, and never more threads than batches', () => {
    expect(workerCount(4000, 4000, { BULLETIN_WORKERS: '0' })).toBe(0);
    expect(workerCount(4000, 4000, { BULLETIN_WORKERS: '3' })).toBe(3);
    expect(workerCount(30, 30, { BULLETIN_WORKERS: '3' })).toBe(2);
    expect(workerCount(4000, 4000, { BULLETIN_WORKERS: 'lots' })).toBe(1);
  });
});

describe('RenderPool.markdown', () => {
  const bulletins = someBulletins(150);

  async function render(threads: string): Promise<{ outcomes: { rendered: { html: string } }[]; seen: [number, unknown][] }> {
    process.env.BULLETIN_WORKERS = threads;
    const pool = new RenderPool();
    const seen: [number, unknown][] = [];
    try {
      const outcomes = await pool.markdown(bulletins, links, false, undefined, (i, outcome) => seen.push([i, outcome]));
      expect(outcomes.map((o) => o.rendered.html)).toEqual(bulletins.map((_, i) => expect.stringContaining(`第${i}号通知`)));
      return { outcomes, seen };
    } finally {
      await pool.close();
    }
  }

  it('hands each outcome once, under its own index, to this thread while one worker thread renders', async () => {
    const { outcomes, seen } = await render('1');
    // Whole, as the stage returns it (excerpt, text hash and term vector made on this thread).
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual(outcomes.map((o, i) => [i, o]));
  });

  it('gives whole outcomes (excerpt, text hash, term vector), the same with 0, 1 and 2 threads', async () => {
    // Beside one thread, the main thread makes the parts that come from the text (completeRendering).
    const here = (await render('0')).outcomes;
    expect((here[3] as unknown as { rendered: { terms: { ids: Int32Array } } }).rendered.terms.ids.length).toBeGreaterThan(0);
    expect((await render('1')).outcomes).toEqual(here);
    expect((await render('2')).outcomes).toEqual(here);
  });

  it('hands each whole outcome once to this thread while several worker threads render too, and nothing without one', async () => {
    const { outcomes, seen } = await render('2');
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual(outcomes.map((o, i) => [i, o]));
    expect((await render('0')).seen).toEqual([]);
  });
});

describe('RenderPool.early: Markdown rendered while the content loads', () => {
  const bulletins = someBulletins(300);

  it('renders the bulletins added, up to its limit, each once, with the bulletin it was made from', async () => {
    process.env.BULLETIN_WORKERS = '1';
    const pool = new RenderPool();
    try {
      const early = pool.early(bulletins.length, false, links, 100)!;
      expect(early).toBeDefined();
      bulletins.forEach((b) => early.add(b));
      const seen: string[] = [];
      const processor = createProcessor({ allowHtml: false });
      await early.results(({ sent, outcome }) => {
        expect(outcome.rendered.html).toContain(sent.title);
        // Whole, as rendered on this thread: excerpt, text hash and term vector included.
        expect(outcome).toEqual(renderRecorded(processor, sent, links));
        seen.push(sent.file);
      });
      // The rest is left to the Markdown stage: no more than the limit waits in the thread's queue.
      expect(seen.sort()).toEqual(bulletins.slice(0, 100).map((b) => b.file).sort());
    } finally {
      await pool.close();
    }
  });

  it('is not used unless exactly one thread renders', () => {
    const pool = new RenderPool();
    process.env.BULLETIN_WORKERS = '2';
    expect(pool.early(bulletins.length, false, links)).toBeUndefined();
    process.env.BULLETIN_WORKERS = '0';
    expect(pool.early(bulletins.length, false, links)).toBeUndefined();
  });
});

describe('RenderPool.pages', () => {

  it('renders on the thread count the caller decided for a whole window, even for a part too small to ask for one', async () => {
    delete process.env.BULLETIN_WORKERS;
    const setup = { templatesDir: path.join(REPO, 'templates'), root: REPO, strictVariables: false };
    // Beside one worker thread, the main thread keeps part of a 256-page window: 50 pages are sent.
    const jobs = Array.from({ length: 50 }, (_, i) => ({ page: { type: 'not-found', url: `/x${i}.html` }, view: {} })) as unknown as PageJob[];
    const pool = new RenderPool();
    try {
      expect(await pool.pages(jobs, setup, 4000)).toBeUndefined(); // 50 jobs alone: this thread
      const results = await pool.pages(jobs, setup, 4000, 1);
      expect(results).toHaveLength(50);
      // A worker thread hands the page over encoded, with its hash.
      expect(results!.every((r) => r.bytes instanceof Uint8Array && typeof r.hash === 'string')).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('page jobs for a worker thread', () => {
  const strings = parseStrings('zh-CN:\n  home: 首页\n  print: 打印\nen:\n  home: Home\n');
  const view = (lang: string, t: unknown) => ({ lang, t, root: '../', site: { title: '科技局' }, page: { type: 'article', url: '../a/' } });
  const page = { type: 'article', url: '/a/' } as unknown as PagePlan;

  it('leave out the UI strings of the page language and put them back where they were', () => {
    for (const lang of ['zh-CN', 'en', 'fr']) {
      const whole = view(lang, strings.forLang(lang));
      const job = pageJob(page, whole, strings);
      expect(job.view).not.toHaveProperty('t');
      // Structured clone is what the message does; the view comes back equal, keys in the same order.
      const back = jobView(structuredClone(job), parseStrings('zh-CN:\n  home: 首页\n  print: 打印\nen:\n  home: Home\n'));
      expect(JSON.stringify(back)).toBe(JSON.stringify(whole));
    }
  });

  it('send strings that are not the table of the page language whole', () => {
    const other = view('en', strings.forLang('zh-CN'));
    const job = pageJob(page, other, strings);
    expect(job).toEqual({ page, view: other });
    expect(jobView(structuredClone(job), strings)).toEqual(other);
  });
});
