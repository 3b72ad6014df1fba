import { InvalidArgumentError } from 'commander';
import { parseNow } from '../content/dates.js';

/** Exit codes: 0 success, 1 content errors, 2 usage errors. */
export const EXIT = { ok: 0, content: 1, usage: 2 } as const;

/** `--now 2026-01-01T09:00+08:00` → epoch ms; the zone only matters for values without an offset. */
export function parseNowFlag(value: string): number {
  const result = parseNow(value, process.env.BULLETIN_TIMEZONE ?? 'Asia/Shanghai');
  if (!result.ok) throw new InvalidArgumentError(result.message);
  return result.date.epochMs;
}
