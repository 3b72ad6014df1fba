import type { Command } from 'commander';
import { build } from '../build.js';
import { EXIT, parseNowFlag } from './common.js';
import { reportDiagnostics } from './report.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate content, config and templates; writes nothing')
    .option('--content <dir>', 'content folder', 'content')
    .option('--drafts', 'also check drafts as if published')
    .option('--future', 'also check scheduled bulletins as if published')
    .option('--now <datetime>', 'treat this time as now', parseNowFlag)
    .action(async (opts: { content: string; drafts?: boolean; future?: boolean; now?: string }) => {
      const result = await build({
        root: process.cwd(),
        contentDir: opts.content,
        now: opts.now,
        write: false,
        strictTemplates: true,
        flags: { drafts: Boolean(opts.drafts), future: Boolean(opts.future), search: false },
      });
      reportDiagnostics(result.diagnostics, (l) => console.error(l));
      if (result.plan?.nextRelease) console.log(`Next scheduled release: ${result.plan.nextRelease.iso} (${result.plan.nextRelease.file}).`);
      if (result.plan?.nextExpiry) console.log(`Next expiry: ${result.plan.nextExpiry.iso} (${result.plan.nextExpiry.file}).`);
      if (!result.ok) {
        process.exitCode = EXIT.content;
        return;
      }
      console.log(`Checked ${result.bulletinsRead} bulletins and ${result.pages} pages: no problems${result.diagnostics.length ? ' (see warnings above)' : ''}.`);
    });
}
