import path from 'node:path';
import type { Command } from 'commander';
import { build } from '../build.js';
import { EXIT, parseNowFlag, parseUrlFlag } from './common.js';
import { reportDiagnostics } from './report.js';
import { createProgress } from './progress.js';
import { formatProfile } from './profile.js';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the site from content/ into dist/')
    .option('--content <dir>', 'content folder', 'content')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--drafts', 'include drafts')
    .option('--future', 'include bulletins dated in the future (scheduled)')
    .option('--url <url>', 'the address the site is published at (overrides the config)', parseUrlFlag)
    .option('--now <datetime>', 'treat this time as now, for embargoes (e.g. 2026-01-01T09:00+08:00)', parseNowFlag)
    .option('--no-search', 'skip the search index')
    .option('--quiet', 'print only problems')
    .option('--profile', 'print the time and memory of each stage')
    .option('--no-cache', 'build from scratch, ignoring and not updating .bulletin-cache/')
    .action(async (opts: { content: string; out: string; drafts?: boolean; future?: boolean; url?: string; now?: string; search: boolean; quiet?: boolean; profile?: boolean; cache: boolean }) => {
      const started = performance.now();
      const root = process.cwd();
      const progress = opts.quiet ? undefined : createProgress({ write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY, columns: process.stderr.columns });
      const result = await build({
        cache: opts.cache ? undefined : false,
        onProgress: progress?.update,
        root,
        contentDir: opts.content,
        outDir: opts.out,
        url: opts.url,
        now: opts.now,
        flags: { drafts: Boolean(opts.drafts), future: Boolean(opts.future), ...(opts.search ? {} : { search: false }) },
      });
      progress?.finish();
      reportDiagnostics(opts.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, (l) => console.error(l));
      if (opts.profile) formatProfile(result.timings, undefined, result.cacheRejected).forEach((l) => console.error(l));
      if (!result.ok) {
        console.error(`Nothing was written; ${path.relative(root, result.config?.outDir ?? opts.out) || '.'}/ is as it was.`);
        process.exitCode = EXIT.content;
        return;
      }
      if (!opts.quiet) {
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const w = result.write!;
        console.log(
          `Built ${result.plan!.bulletins.length} of ${result.bulletinsRead} bulletins into ${path.relative(root, result.config!.outDir) || '.'}/: ${result.pages} pages, ${result.files} files (${w.written} written, ${w.unchanged} unchanged, ${w.removed} removed) in ${seconds} s.`,
        );
        if (result.plan?.nextRelease) console.log(`Next scheduled release: ${result.plan.nextRelease.iso} (${result.plan.nextRelease.file}); rebuild then to publish it.`);
        if (result.plan?.nextExpiry) console.log(`Next expiry: ${result.plan.nextExpiry.iso} (${result.plan.nextExpiry.file}); rebuild then to take it down.`);
      }
    });
}
