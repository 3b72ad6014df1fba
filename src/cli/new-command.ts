import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { dateFromEpoch, parseNow } from '../content/dates.js';
import { slugify } from '../content/slugify.js';
import { EXIT, parseNowFlag } from './common.js';
import { reportDiagnostics } from './report.js';

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('create a new bulletin, dated now in the site time zone')
    .argument('<title>', 'the title, e.g. "明川市召开科技创新大会"')
    .option('--slug <slug>', 'the address part (default: from the title)')
    .option('--agency <name>', 'the issuing agency (发布机构)')
    .option('--content <dir>', 'content folder', 'content')
    .option('--now <datetime>', 'treat this time as now', parseNowFlag)
    .action((title: string, opts: { slug?: string; agency?: string; content: string; now?: string }) => {
      const root = process.cwd();
      const loaded = loadConfig(root);
      if (!loaded.parsed) {
        reportDiagnostics(loaded.diagnostics, (l) => console.error(l));
        process.exitCode = EXIT.usage;
        return;
      }
      const given = opts.now === undefined ? undefined : parseNow(opts.now, loaded.parsed.timezone);
      const now = given?.ok ? given.date : dateFromEpoch(Date.now(), loaded.parsed.timezone);
      const slug = opts.slug ?? (shortSlug(slugify(title)) || 'bulletin');
      const day = now.iso.slice(0, 10);
      const file = path.join(root, opts.content, String(now.year), `${day}-${slug}.md`);
      if (fs.existsSync(file)) {
        console.error(`${path.relative(root, file)} already exists; nothing was changed. Choose another --slug.`);
        process.exitCode = EXIT.usage;
        return;
      }
      const time = now.iso.slice(11, 19);
      const front = stringify({ title, agency: opts.agency ?? loaded.parsed.defaultAgency ?? loaded.parsed.title, tags: [], draft: true }, { lineWidth: 0 });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `---\n${front}date: ${day} ${time}\n---\n\n在此撰写正文。\n`, { flag: 'wx' });
      console.log(`Created ${path.relative(root, file)} (a draft: remove "draft: true" to publish it).`);
    });
}

/** At most 60 characters, cut between words: long pinyin titles stay readable and never end mid-word. */
function shortSlug(slug: string, max = 60): string {
  if (slug.length <= max) return slug;
  const cut = slug.lastIndexOf('-', max);
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
}
