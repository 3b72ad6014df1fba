import path from 'node:path';
import { parseHTML } from 'linkedom';
import { startWatch, type WatchEvent, type WatchOptions, type WatchSession } from '../../../src/watch/watch.js';
import { EVENTS_PATH } from '../../../src/watch/inject.js';
import { FIXED_NOW } from '../../helpers/site.js';

type Built = Extract<WatchEvent, { type: 'built' }>;
type Updated = Extract<WatchEvent, { type: 'updated' }>;

/** A watch session on a temp site, served on a free loopback port, with its builds and reload events recorded. */
export interface TestSession {
  session: WatchSession;
  /** Every build of the session, in order (the first one is the initial build). */
  builds: Built[];
  /** Every quick update of the session (pages written ahead of a full rebuild), in order. */
  updates: Updated[];
  /** Server-sent events received by a page that stayed open since the first build. */
  events: EventLog;
  /** Runs `edit`, then waits for the first build that saw a change to `rel` (a path relative to the site). */
  rebuildAfter(rel: string, edit: () => void): Promise<Built>;
  /** GETs a site path and parses the HTML with linkedom. */
  page(sitePath: string): Promise<{ status: number; doc: Document }>;
  close(): Promise<void>;
}

export async function startTestSession(root: string, options: Partial<WatchOptions> = {}): Promise<TestSession> {
  const builds: Built[] = [];
  const updates: Updated[] = [];
  const listeners = new Set<() => void>();
  const session = await startWatch({
    root,
    port: 0,
    now: FIXED_NOW,
    ...options,
    report: (event) => {
      if (event.type === 'built') builds.push(event);
      if (event.type === 'updated') updates.push(event);
      listeners.forEach((l) => l());
    },
  });
  const until = <T>(find: () => T | undefined, what: string, ms = 15_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; builds so far: ${JSON.stringify(builds.map((b) => b.changes.map((c) => `${c.event} ${c.path}`)))}`));
      }, ms);
      listeners.add(check);
      check();
    });
  await until(() => builds[0], 'the first build');
  const events = await openEvents(session.url);
  return {
    session,
    builds,
    updates,
    events,
    async rebuildAfter(rel, edit) {
      const from = builds.length;
      const abs = path.join(root, rel);
      edit();
      return until(() => builds.slice(from).find((b) => b.changes.some((c) => c.path === abs)), `a rebuild after ${rel} changed`);
    },
    async page(sitePath) {
      const res = await fetch(new URL(sitePath.replace(/^\//, ''), session.url), { redirect: 'manual' });
      return { status: res.status, doc: parseHTML(await res.text()).document as unknown as Document };
    },
    async close() {
      events.close();
      await session.close();
    },
  };
}

export interface EventLog {
  received: { event: string; data: string }[];
  /** Waits for an event named `name` at or after position `from` in `received`. */
  waitFor(name: string, from: number, ms?: number): Promise<{ event: string; data: string }>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A minimal EventSource over fetch (Node 20 has none): enough to see what an open page is told. */
export async function openEvents(base: string): Promise<EventLog> {
  const controller = new AbortController();
  const res = await fetch(new URL(EVENTS_PATH.slice(1), base), { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
  const received: { event: string; data: string }[] = [];
  const listeners = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const event = field('event');
          if (event) received.push({ event, data: field('data') ?? '' });
          listeners.forEach((l) => l());
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    received,
    ended,
    waitFor(name, from, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(from).find((e) => e.event === name);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no "${name}" event; received ${JSON.stringify(received)}`));
        }, ms);
        listeners.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** The link texts of a list page's items, in order. */
export function listTitles(doc: Document): string[] {
  return [...doc.querySelectorAll('.item-list > li > a')].map((a) => a.textContent!.trim());
}
