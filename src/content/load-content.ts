import fs from 'node:fs';
import { error, type Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import type { SourceFile, WithBody } from './bulletin.js';
import { decodeSource } from './decode-source.js';
import { parseFrontMatter } from './front-matter.js';
import { validateBulletin } from './validate.js';

/** Reads one Markdown file (or takes its bytes, `read`) and turns it into a Bulletin, or the problems that stop it. */
export function loadBulletin(source: SourceFile, config: Config, read?: Uint8Array): { bulletin?: WithBody; diagnostics: Diagnostic[] } {
  if (source.size > config.maxFileSize) {
    return {
      diagnostics: [
        error(`is ${formatBytes(source.size)}, more than the ${formatBytes(config.maxFileSize)} allowed for one bulletin.`, {
          file: source.file,
          hint: 'Move large material into an attachment (PDF) and link to it, or raise maxFileSize in the config.',
        }),
      ],
    };
  }
  let bytes: Uint8Array;
  try {
    // The caller may have read the file already (to hash it for the cache): not read twice.
    bytes = read ?? fs.readFileSync(source.absPath);
  } catch (cause) {
    return { diagnostics: [error(`could not be read: ${(cause as Error).message}`, { file: source.file })] };
  }
  const decoded = decodeSource(bytes, source.file);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  const fm = parseFrontMatter(decoded.text, source.file);
  if (fm.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: fm.diagnostics };
  const result = validateBulletin(source, fm, config);
  return { bulletin: result.bulletin, diagnostics: [...fm.diagnostics, ...result.diagnostics] };
}

/** Sizes as people read them: `900 bytes`, `12 KB`, `5.2 MB`. Rounded up, so a file over a round limit (the default 5 MB) never reads as equal to it. */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${(Math.ceil((n / 1024 / 1024) * 10) / 10).toFixed(1)} MB`;
}
