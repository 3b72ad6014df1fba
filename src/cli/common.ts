import { InvalidArgumentError } from 'commander';
import { parseNow } from '../content/dates.js';
import { isWebAddress } from '../config/schema.js';

/** Exit codes: 0 success, 1 content errors, 2 usage errors. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

/**
 * Validates `--now 2026-01-01T09:00+08:00` early (a usage error, exit 2) and passes the text on: a
 * value without an offset is read in the site's time zone, which only the config knows.
 */
export function parseNowFlag(value: string): string {
  const result = parseNow(value, 'UTC');
  if (!result.ok) throw new InvalidArgumentError(result.message);
  return value;
}

/** `--url https://www.example.gov.cn/press/`: a mistyped address is a usage error, caught before building. */
export function parseUrlFlag(value: string): string {
  if (!isWebAddress(value)) throw new InvalidArgumentError(`"${value}" is not a web address. Use a full address such as https://www.example.gov.cn/news/.`);
  return value;
}
