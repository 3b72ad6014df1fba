#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled lib/ folder (built by `npm install` via the prepare script).
import { existsSync, statSync } from 'node:fs';

const cli = new URL('../lib/cli/main.js', import.meta.url);
// The same CLI bundled into one file with its dependencies (npm run bundle): loading it costs a third
// of loading some 550 separate modules. Used only when it is at least as new as the compiled modules,
// so a bundle left over from before the last compile is never run.
const bundle = new URL('../lib/bundle/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('bulletin is not compiled yet. Run `npm install` (or `npm run build:ts`) in the bulletin folder first.');
  process.exitCode = 2;
} else {
  const entry = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(cli).mtimeMs ? bundle : cli;
  import(entry.href).then((m) => m.main(process.argv)).catch((err) => {
    // A dependency that is not installed is named, with what to do; anything else is a real failure.
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      console.error(`bulletin cannot start: ${String(err.message).split('\n')[0]}\nRun \`npm install\` in the bulletin folder to install its dependencies.`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  });
}
