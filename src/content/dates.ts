/**
 * Publication dates: parsing front-matter text into instants and formatting them for display.
 *
 * Everything here is pure and independent of the process time zone and locale: wall-clock
 * arithmetic uses Date.UTC, and zone lookups go through Intl.DateTimeFormat with an explicit
 * `timeZone`. Never use Date's local getters (getHours, …) in this file.
 */
import type { BulletinDate } from './dates.types.js';

export type DateResult = { ok: true; date: BulletinDate } | { ok: false; message: string };

const [MIN_YEAR, MAX_YEAR] = [1900, 2100];
const DAY_MS = 86_400_000;
const EXAMPLES = '2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// date, then optional time (T or one space), fraction, and offset (optionally after one space).
// The offset lives inside the time group: "2020-05-14Z" has no instant to anchor it to.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?: ?([Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;
// Near-misses worth a "write it as …" hint: 2020年5月14日, 2020/5/14, 2020.05.14, 2020-5-14 9:30.
const LOOSE_RE = /^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*[日号]?(.*)$/;
const LOOSE_TIME_RE = /^\s*(\d{1,2})\s*[:时点]\s*(\d{2})\s*分?$/;

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number }

/**
 * Per zone: one formatter (building one costs far more than calling it) and the offset of each
 * UTC day on which it does not change, so a 100k-date build makes a few Intl calls per distinct
 * day rather than several per date. A day whose two ends agree is assumed constant (no zone has
 * two transitions that cancel within one day); `null` marks a transition day, asked exactly.
 */
interface Zone { f: Intl.DateTimeFormat; days: Map<number, number | null> }
const zones = new Map<string, Zone>();

function zoneFor(timeZone: string): Zone | undefined {
  let z = zones.get(timeZone);
  if (z) return z;
  try {
    // h23 avoids the old ICU "24:00:00" midnight; latn pins ASCII digits whatever the locale data.
    const f = new Intl.DateTimeFormat('en-US-u-nu-latn', { timeZone, hourCycle: 'h23', year: 'numeric',
      month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    z = { f, days: new Map() };
  } catch {
    return undefined; // RangeError: unknown zone. Not cached, so bad names cannot grow the map.
  }
  zones.set(timeZone, z);
  return z;
}

export function isValidTimeZone(tz: string): boolean {
  return typeof tz === 'string' && tz.trim() !== '' && zoneFor(tz) !== undefined;
}

const utcOf = (w: Wall, ms = 0) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms);
const floorSecond = (epochMs: number) => Math.floor(epochMs / 1000) * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The zone's UTC offset (ms) at an instant, straight from ICU. Can have seconds (LMT). */
function rawOffset(f: Intl.DateTimeFormat, epochMs: number): number {
  // format() + digit runs is ~3x faster than formatToParts(); en-US order is M/D/Y h:m:s.
  let n = f.format(epochMs).match(/\d+/g)?.map(Number);
  if (n?.length !== 6) { // should ICU ever change the en-US layout, use the slower labelled parts
    const p = Object.fromEntries(f.formatToParts(epochMs).map((x) => [x.type, Number(x.value)]));
    n = [p.month, p.day, p.year, p.hour, p.minute, p.second] as number[];
  }
  const [month, day, year, hour, minute, second] = n as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour % 24, minute, second) - floorSecond(epochMs);
}

function offsetAt(z: Zone, epochMs: number): number {
  const day = Math.floor(epochMs / DAY_MS);
  let o = z.days.get(day);
  if (o === undefined) {
    const start = rawOffset(z.f, day * DAY_MS);
    o = start === rawOffset(z.f, (day + 1) * DAY_MS - 1000) ? start : null;
    if (z.days.size >= 100_000) z.days.clear(); // bound memory for callers feeding arbitrary epochs
    z.days.set(day, o);
  }
  return o ?? rawOffset(z.f, epochMs);
}

function formatOffset(offsetMs: number): string {
  // Like Temporal: the string is rounded to whole minutes (RFC 3339 has no offset seconds),
  // so Asia/Shanghai LMT +08:05:43 prints as +08:06. epochMs and the fields stay exact.
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function fromEpoch(z: Zone, epochMs: number, hasTime: boolean): BulletinDate {
  const offsetMs = offsetAt(z, epochMs);
  const u = new Date(epochMs + offsetMs); // shifted so its UTC fields are the zone's wall clock
  const w: Wall = { year: u.getUTCFullYear(), month: u.getUTCMonth() + 1, day: u.getUTCDate(),
    hour: u.getUTCHours(), minute: u.getUTCMinutes(), second: u.getUTCSeconds() };
  const [ms, offset] = [epochMs - floorSecond(epochMs), formatOffset(offsetMs)];
  const iso = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:` +
    `${pad(w.second)}${ms ? `.${pad(ms, 3)}` : ''}${offset}`;
  return { epochMs, ...w, offset, iso, hasTime };
}

/**
 * Wall-clock time in a zone → instant. Samples the offset a day either side (offsets span at
 * most ±14h, so the true instant lies between). Gap: shift forward by the gap, as Temporal's
 * 'compatible' does. Overlap: the earlier instant.
 */
function fromWall(z: Zone, w: Wall, ms: number, hasTime: boolean): BulletinDate {
  const local = utcOf(w, ms);
  const before = offsetAt(z, local - DAY_MS);
  const after = offsetAt(z, local + DAY_MS);
  if (before === after) return fromEpoch(z, local - before, hasTime); // no transition nearby
  const [t1, t2] = [local - before, local - after];
  const [ok1, ok2] = [offsetAt(z, t1) === before, offsetAt(z, t2) === after];
  // Both valid = overlap → earlier; neither = gap → apply the pre-transition offset (moves forward).
  return fromEpoch(z, ok1 && ok2 ? Math.min(t1, t2) : ok2 ? t2 : t1, hasTime);
}

export function dateFromEpoch(epochMs: number, timeZone: string, hasTime = true): BulletinDate {
  const z = zoneFor(timeZone);
  if (!z) throw new RangeError(`Unknown time zone ${JSON.stringify(timeZone)}`);
  if (!Number.isFinite(epochMs)) throw new RangeError(`Not a finite epoch time: ${epochMs}`);
  return fromEpoch(z, epochMs, hasTime);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
const fail = (message: string): DateResult => ({ ok: false, message });
const invalid = (s: string) => fail(`${quote(s)} is not a valid date. Use ${EXAMPLES}.`);
const outOfRange = (s: string) =>
  fail(`${quote(s)} is out of range: years must be between ${MIN_YEAR} and ${MAX_YEAR}. Use ${EXAMPLES}.`);

/** For strings that are almost right, suggest the exact rewrite; otherwise the generic message. */
function hintFor(s: string): DateResult {
  // Full-width digits and colon come from Chinese input methods.
  const n = s.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)).replace(/：/g, ':');
  const m = LOOSE_RE.exec(n);
  if (!m) return invalid(s);
  const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
  if (!isCalendarDate(y, mo, d) || y < MIN_YEAR || y > MAX_YEAR) return invalid(s);
  let suggestion = `${y}-${pad(mo)}-${pad(d)}`;
  const rest = m[4]!.trim();
  if (rest !== '') {
    const t = LOOSE_TIME_RE.exec(rest);
    if (!t || +t[1]! > 23 || +t[2]! > 59) return invalid(s);
    suggestion += ` ${pad(+t[1]!)}:${t[2]}`;
  }
  return fail(`${quote(s)} is not a valid date. Write it as ${suggestion}.`);
}

function describeNonString(value: unknown): string {
  if (value === null || value === undefined) return `The date is empty. Use ${EXAMPLES}.`;
  if (typeof value === 'number') {
    // An unquoted 20200514 is probably YYYYMMDD: offer that exact rewrite.
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(String(value));
    const ok = m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!);
    return `${value} is a number, not a date. Write it as ${ok ? `${m[1]}-${m[2]}-${m[3]}` : EXAMPLES}.`;
  }
  if (typeof value === 'boolean') return `${value} is a true/false value, not a date. Use ${EXAMPLES}.`;
  if (value instanceof Date) {
    // Only reachable if a caller let the YAML parser convert timestamps, which loses the zone.
    return 'Got a converted Date object, not the written date (parse front matter without ' +
      `timestamp conversion). Use ${EXAMPLES}.`;
  }
  if (Array.isArray(value)) return `A list is not a date. Use ${EXAMPLES}.`;
  return `A ${typeof value === 'object' ? 'mapping' : typeof value} is not a date. Use ${EXAMPLES}.`;
}

export function parseBulletinDate(value: unknown, timeZone: string): DateResult {
  if (typeof value !== 'string') return fail(describeNonString(value));
  const z = zoneFor(timeZone);
  if (!z) return fail(`${quote(timeZone)} is not a known time zone. Use an IANA name such as Asia/Shanghai.`);
  const s = value.trim();
  if (s === '') return fail(`The date is empty. Use ${EXAMPLES}.`);
  const m = ISO_RE.exec(s);
  if (!m) return hintFor(s);
  const [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  const hasTime = m[4] !== undefined;
  const w: Wall = { year, month, day, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  if (!isCalendarDate(year, month, day) || w.hour > 23 || w.minute > 59 || w.second > 59) return invalid(s);
  if (year < MIN_YEAR || year > MAX_YEAR) return outOfRange(s);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0; // truncate beyond milliseconds

  let date: BulletinDate;
  const off = m[8];
  if (off === undefined) {
    date = fromWall(z, w, ms, hasTime);
  } else {
    // A written offset fixes the instant; the fields are then re-expressed in the site zone.
    let offsetMs = 0;
    if (off !== 'Z' && off !== 'z') {
      const digits = off.slice(1).replace(':', '');
      const [oh, om] = [+digits.slice(0, 2), +(digits.slice(2) || 0)];
      if (oh > 23 || om > 59) return invalid(s);
      offsetMs = (off[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
    date = fromEpoch(z, utcOf(w, ms) - offsetMs, hasTime);
  }
  // Also check the site-zone year: 2100-12-31T23:00-05:00 is already 2101 in Shanghai.
  if (date.year < MIN_YEAR || date.year > MAX_YEAR) return outOfRange(s);
  return { ok: true, date };
}

/** `--now` on the command line: the same forms as front matter. */
export const parseNow = (value: string, timeZone: string): DateResult => parseBulletinDate(value, timeZone);

/** Jekyll-style `2020-05-14-some-slug.md` → date parts and `some-slug` (last extension dropped). */
export function filenameDate(
  basename: string,
): { year: number; month: number; day: number; rest: string } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})-(.*)$/.exec(basename);
  if (!m) return undefined;
  const [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  const rest = m[4]!.replace(/\.[^.]*$/, ''); // `2020-05-14-.md` leaves no slug: not a post name
  if (!rest || !isCalendarDate(year, month, day) || year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return { year, month, day, rest };
}

// Only English gets its own formats; zh is the house style and the fallback for anything else.
const isEnglish = (lang: string) => /^en(?:[-_]|$)/i.test(lang);

function monthName(month: number): string {
  const name = MONTHS[month - 1];
  if (!Number.isInteger(month) || !name) throw new RangeError(`Not a month: ${month}`);
  return name;
}

export function formatDisplayDate(d: BulletinDate, lang: string, withTime = d.hasTime): string {
  if (isEnglish(lang)) {
    // GOV.UK style: 14 May 2020, 5:08pm (no leading zero, lower-case am/pm, no space).
    const date = `${d.day} ${monthName(d.month)} ${d.year}`;
    if (!withTime) return date;
    return `${date}, ${d.hour % 12 || 12}:${pad(d.minute)}${d.hour < 12 ? 'am' : 'pm'}`;
  }
  const date = `${d.year}-${pad(d.month)}-${pad(d.day)}`;
  return withTime ? `${date} ${pad(d.hour)}:${pad(d.minute)}` : date;
}

export function formatMonth(year: number, month: number, lang: string): string {
  const name = monthName(month); // validates the month for both languages
  return isEnglish(lang) ? `${name} ${year}` : `${year}年${month}月`;
}

export const formatYear = (year: number, lang: string): string => (isEnglish(lang) ? String(year) : `${year}年`);

export const compareDates = (a: BulletinDate, b: BulletinDate): number => a.epochMs - b.epochMs;

export const toRfc3339 = (d: BulletinDate): string => d.iso;
