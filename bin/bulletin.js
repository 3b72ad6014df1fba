#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled lib/ folder (built by `npm install` via the prepare script).
import('../lib/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('bulletin is not compiled yet. Run `npm install` (or `npm run build:ts`) in the bulletin folder first.');
    process.exitCode = 2;
  } else {
    throw err;
  }
});
