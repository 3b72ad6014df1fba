import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerBuild } from './build-command.js';
import { registerCheck } from './check-command.js';
import { registerInit } from './init-command.js';
import { registerWatch } from './watch-command.js';
import { registerNew } from './new-command.js';
import { EXIT } from './common.js';

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Commander wiring only; each command lives in its own file. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('bulletin')
    .description('Build a government press-release site from Markdown bulletins.')
    .version(pkg.version, '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  registerBuild(program);
  registerCheck(program);
  registerNew(program);
  registerInit(program);
  registerWatch(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    throw err;
  }
}
