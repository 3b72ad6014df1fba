#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled lib/ folder (built by `npm install` via the prepare script).
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../lib/cli/main.js', import.meta.url);
// The same CLI bundled into one CommonJS file with its dependencies (npm run bundle): loading it costs
// a third of loading some 550 separate modules, and it is compiled with V8's code cache kept beside it
// (lib/cli/compile-cache.js). Used only when it is at least as new as the compiled modules, so a
// bundle left over from before the last compile is never run.
const bundle = new URL('../lib/bundle/main.cjs', import.meta.url);
const loader = new URL('../lib/cli/compile-cache.js', import.meta.url);

function cannotStart(err) {
  // A dependency that is not installed is named, with what to do; anything else is a real failure.
  if (err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')) {
    console.error(`bulletin cannot start: ${String(err.message).split('\n')[0]}\nRun \`npm install\` in the bulletin folder to install its dependencies.`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}

if (!existsSync(cli)) {
  console.error('bulletin is not compiled yet. Run `npm install` (or `npm run build:ts`) in the bulletin folder first.');
  process.exitCode = 2;
} else if (existsSync(bundle) && existsSync(loader) && statSync(bundle).mtimeMs >= statSync(cli).mtimeMs) {
  import(loader.href)
    .then(({ loadBundle, notedCodePaths }) => {
      const loaded = loadBundle(fileURLToPath(bundle));
      // The cache is made at the end of a successful build, so it holds the functions a build runs
      // (made after `--version`, it would hold little more than the top level), and made again when a
      // build did a kind of work it does not cover yet (the bundle notes them: lib/util/code-paths.js).
      if (process.argv.slice(2).find((arg) => !arg.startsWith('-')) === 'build') {
        process.once('exit', (code) => code === 0 && loaded.save(notedCodePaths()));
      }
      return loaded.exports.main(process.argv);
    })
    .catch(cannotStart);
} else {
  import(cli.href).then((m) => m.main(process.argv)).catch(cannotStart);
}
