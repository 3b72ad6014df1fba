import { spawn } from 'node:child_process';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DevServerError } from '../watch/server.js';
import { startWatch, type WatchEvent } from '../watch/watch.js';
import { EXIT, parseNowFlag } from './common.js';
import { reportDiagnostics, reportTimings } from './report.js';

interface WatchFlags {
  content: string;
  port: number;
  host: string | true;
  open?: boolean;
  now?: number;
  search: boolean;
  profile?: boolean;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('build drafts and scheduled bulletins into .bulletin-dev/, serve them and rebuild on every save (dist/ is not touched)')
    .option('--content <dir>', 'content folder', 'content')
    .option('--port <number>', 'port to serve on; the next free one is used when it is taken', parsePort, 4000)
    .option('--host [address]', 'address to listen on; --host alone listens on every network interface', '127.0.0.1')
    .option('--open', 'open the site in the browser')
    .option('--now <datetime>', 'treat this time as now, for embargoes (e.g. 2026-01-01T09:00+08:00)', parseNowFlag)
    .option('--no-search', 'skip the search index')
    .option('--profile', 'print the time and memory of each stage of every rebuild')
    .action(async (opts: WatchFlags) => {
      const root = process.cwd();
      const host = opts.host === true ? '0.0.0.0' : opts.host;
      let opened = false;
      let url = '';
      const signals = interruptions();
      const report = (event: WatchEvent) => {
        if (event.type === 'building' || event.type === 'built' || event.type === 'superseded') signals.building(event.type === 'building');
        printEvent(event, root);
        if (opts.profile && event.type === 'built' && event.outcome.timings) reportTimings(event.outcome.timings, (l) => console.error(l));
        // Open the browser once the first build is there to look at.
        if (event.type === 'built' && opts.open && !opened && url) {
          opened = true;
          openBrowser(url);
        }
      };
      let session;
      try {
        session = await startWatch({ root, contentDir: opts.content, host, port: opts.port, now: opts.now, search: opts.search, report });
      } catch (cause) {
        if (!(cause instanceof DevServerError)) throw cause;
        console.error(cause.message);
        process.exitCode = EXIT.usage;
        return;
      }
      url = session.url;
      console.log(`Serving drafts and scheduled bulletins at ${session.url} (from ${path.relative(root, session.outDir)}/; dist/ is not touched).`);
      if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
        console.log(`Listening on ${host}: anyone on your network can read the drafts. Leave out --host to keep them on this computer.`);
      }
      console.log('Watching content/, templates/ and the config file. Press Ctrl-C to stop.');
      await signals.stopped;
      console.log('\nStopping.');
      // A build in progress is not waited for past a moment: the development folder may then hold a mix
      // of old and new pages, and the next session's first build replaces it whole.
      setTimeout(() => process.exit(EXIT.ok), 300).unref();
      await session.close();
    });
}

/**
 * Ctrl-C (or SIGTERM) handling. Listening starts before anything is printed, so a Ctrl-C during
 * start-up stops the session cleanly too. While a build runs, the listener is taken away: JavaScript
 * cannot interrupt a build's synchronous stages, and the system's default action ends the process at
 * once; that is safe because the development folder is rebuilt whole by the next session's first build.
 */
function interruptions(): { stopped: Promise<void>; building(yes: boolean): void } {
  let attached = false;
  let done = false;
  let resolve: () => void;
  const stopped = new Promise<void>((r) => (resolve = r));
  const stop = () => {
    done = true;
    detach();
    process.once('SIGINT', () => process.exit(EXIT.ok));
    resolve();
  };
  const attach = () => {
    if (attached || done) return;
    process.on('SIGINT', stop).on('SIGTERM', stop);
    attached = true;
  };
  const detach = () => {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    attached = false;
  };
  attach();
  return { stopped, building: (yes) => (yes ? detach() : attach()) };
}

function printEvent(event: WatchEvent, root: string): void {
  const time = new Date().toLocaleTimeString('en-GB', { hour12: false });
  if (event.type === 'port-taken') {
    console.error(`Port ${event.port} is in use (another bulletin watch or server?); trying ${event.next}.`);
  } else if (event.type === 'watcher-error') {
    const code = (event.error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOSPC' || code === 'EMFILE'
        ? ' The system limit on watched files was reached: raise it (on Linux, fs.inotify.max_user_watches) or close other watchers.'
        : '';
    console.error(`${time} Watching stopped working for some files: ${event.error.message}.${hint}`);
  } else if (event.type === 'updated') {
    const files = describeChanges(event.changes.map((c) => path.relative(root, c.path).split(path.sep).join('/')));
    const n = event.outcome.write.written;
    console.log(`${time} Updated ${n} ${n === 1 ? 'page' : 'pages'} in ${Math.round(event.outcome.ms)} ms (${files}); rebuilding the rest.`);
  } else if (event.type === 'built') {
    const { outcome, changes } = event;
    const cause =
      event.cause === 'start'
        ? 'first build'
        : event.cause === 'schedule'
          ? 'a scheduled release or expiry is due'
          : describeChanges(changes.map((c) => path.relative(root, c.path).split(path.sep).join('/')));
    reportDiagnostics(outcome.diagnostics, (l) => console.error(l));
    if (outcome.ok) {
      const w = outcome.write!;
      console.log(`${time} Built in ${Math.round(outcome.ms)} ms (${cause}): ${w.written} written, ${w.removed} removed.`);
    } else {
      console.error(`${time} Not rebuilt (${cause}); the browser shows the last good version with the problems above. Save again to retry.`);
    }
  }
}

function describeChanges(files: string[]): string {
  const unique = [...new Set(files)].sort();
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number. Use a number from 1024 to 65535, such as 4000.`);
  }
  return port;
}

/** The system's own opener; no dependency for one line of work. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`Could not open a browser; open ${url} yourself.`));
  child.unref();
}
