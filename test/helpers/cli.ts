import { spawn } from 'node:child_process';
import path from 'node:path';

/** The compiled CLI; `npm test` compiles lib/ first (pretest), so tests run what users run. */
export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'bulletin.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bulletin …` in a child process in `cwd`. `env` is added to a copy of this process's
 * environment (e.g. `{ TZ: 'America/Los_Angeles' }`). Asynchronous, so several runs can overlap.
 */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
