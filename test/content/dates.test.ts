import { describe, it, expect } from 'vitest';
import {
  compareDates,
  dateFromEpoch,
  filenameDate,
  formatDisplayDate,
  formatMonth,
  formatYear,
  isValidTimeZone,
  parseBulletinDate,
  parseNow,
  toRfc3339,
  type DateResult,
} from '../../src/content/dates.js';
import type { BulletinDate } from '../../src/content/dates.types.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

function ok(value: unknown, tz = SH): BulletinDate {
  const r = parseBulletinDate(value, tz);
  if (!r.ok) throw new Error(`expected ${String(value)} to parse, got: ${r.message}`);
  return r.date;
}

function message(value: unknown, tz = SH): string {
  const r = parseBulletinDate(value, tz);
  if (r.ok) throw new Error(`expected ${String(value)} to be rejected, got ${r.date.iso}`);
  return r.message;
}

describe('parseBulletinDate accepted forms', () => {
  it.each([
    ['2020-05-14', '2020-05-14T00:00:00+08:00', false],
    ['2020-05-14 17:08', '2020-05-14T17:08:00+08:00', true],
    ['2020-05-14 17:08:17', '2020-05-14T17:08:17+08:00', true],
    ['2020-05-14T17:08:17', '2020-05-14T17:08:17+08:00', true],
    ['2020-05-14T17:08:17.250', '2020-05-14T17:08:17.250+08:00', true],
    ['2020-05-14T17:08:17.123456789', '2020-05-14T17:08:17.123+08:00', true],
    ['2020-05-14T17:08:17+08:00', '2020-05-14T17:08:17+08:00', true],
    ['2020-05-14T17:08:17+0800', '2020-05-14T17:08:17+08:00', true],
    ['2020-05-14T17:08:17+08', '2020-05-14T17:08:17+08:00', true],
    ['2019-08-08 14:10:00 +0800', '2019-08-08T14:10:00+08:00', true],
    ['2020-05-14 17:08 +08:00', '2020-05-14T17:08:00+08:00', true],
    ['  2020-05-14 17:08\n', '2020-05-14T17:08:00+08:00', true],
  ])('parses %j in Asia/Shanghai as %s', (input, iso, hasTime) => {
    const d = ok(input);
    expect(d.iso).toBe(iso);
    expect(d.hasTime).toBe(hasTime);
    expect(d.epochMs).toBe(Date.parse(iso));
  });

  it('returns every wall-clock field in the site zone', () => {
    expect(ok('2020-05-14 17:08:17')).toEqual({
      epochMs: Date.UTC(2020, 4, 14, 9, 8, 17),
      year: 2020, month: 5, day: 14, hour: 17, minute: 8, second: 17,
      offset: '+08:00', iso: '2020-05-14T17:08:17+08:00', hasTime: true,
    });
  });

  it('puts a date-only value at midnight in the site zone', () => {
    const d = ok('2020-05-14', NY);
    expect(d).toMatchObject({ hour: 0, minute: 0, second: 0, hasTime: false, offset: '-04:00' });
    expect(d.iso).toBe('2020-05-14T00:00:00-04:00');
  });
});

describe('parseBulletinDate written offsets', () => {
  it('takes Z literally and converts to the site zone', () => {
    const d = ok('2020-05-14T17:08:17Z');
    expect(d).toMatchObject({ year: 2020, month: 5, day: 15, hour: 1, minute: 8, second: 17, offset: '+08:00' });
    expect(d.iso).toBe('2020-05-15T01:08:17+08:00');
    expect(d.epochMs).toBe(Date.UTC(2020, 4, 14, 17, 8, 17));
  });

  it('takes a negative offset literally and converts to the site zone', () => {
    expect(ok('2020-05-14 09:30 -0400').iso).toBe('2020-05-14T21:30:00+08:00');
  });

  it('converts to the offset in force in the site zone at that instant', () => {
    expect(ok('2020-01-15T12:00:00+08:00', NY).iso).toBe('2020-01-14T23:00:00-05:00');
    expect(ok('2020-07-15T12:00:00+08:00', NY).iso).toBe('2020-07-15T00:00:00-04:00');
  });

  it('keeps a date with a time and offset marked as having a time', () => {
    expect(ok('2020-05-14T00:00:00Z').hasTime).toBe(true);
  });

  it('rejects impossible offsets', () => {
    expect(message('2020-05-14T17:08:17+24:00')).toContain('is not a valid date');
    expect(message('2020-05-14T17:08:17+08:60')).toContain('is not a valid date');
  });

  it('rejects an offset on a date without a time', () => {
    expect(message('2020-05-14Z')).toContain('is not a valid date');
  });
});

describe('parseBulletinDate daylight saving time in America/New_York', () => {
  it('moves a time in the spring-forward gap forward by the gap', () => {
    // 2020-03-08 02:00-02:59 does not exist in New York; like Temporal 'compatible'.
    const d = ok('2020-03-08 02:30', NY);
    expect(d.iso).toBe('2020-03-08T03:30:00-04:00');
    expect(d.epochMs).toBe(Date.UTC(2020, 2, 8, 7, 30));
  });

  it('takes the earlier instant for a time in the fall-back overlap', () => {
    // 01:30 happens twice on 2020-11-01: first in EDT (-04:00), then in EST (-05:00).
    const d = ok('2020-11-01 01:30', NY);
    expect(d.iso).toBe('2020-11-01T01:30:00-04:00');
    expect(d.epochMs).toBe(Date.UTC(2020, 10, 1, 5, 30));
  });

  it('can still name the later occurrence with an explicit offset', () => {
    expect(ok('2020-11-01 01:30 -05:00', NY).iso).toBe('2020-11-01T01:30:00-05:00');
  });

  it('moves a date-only value forward when midnight itself does not exist', () => {
    // Brazil's DST began at 00:00 until 2019; the day starts at 01:00 but stays a date-only value.
    expect(ok('2018-11-04', 'America/Sao_Paulo')).toMatchObject({ hour: 1, hasTime: false, offset: '-02:00' });
  });

  it('moves a time on the day Samoa skipped to the next day', () => {
    expect(ok('2011-12-30 12:00', 'Pacific/Apia').iso).toBe('2011-12-31T12:00:00+14:00');
  });

  it('handles times just outside the transitions normally', () => {
    expect(ok('2020-03-08 01:59:59', NY).iso).toBe('2020-03-08T01:59:59-05:00');
    expect(ok('2020-03-08 03:00', NY).iso).toBe('2020-03-08T03:00:00-04:00');
    expect(ok('2020-11-01 02:00', NY).iso).toBe('2020-11-01T02:00:00-05:00');
  });
});

describe('parseBulletinDate rejections', () => {
  const standard = (s: string) =>
    `"${s}" is not a valid date. Use 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.`;

  it.each(['2020-13-45', '2020-02-30', '2019-02-29', '2020-13-01', '2020-00-10', '2020-04-31',
    '2020-05-14 24:00', '2020-05-14 17:60', '2020-05-14 17:08:60'])(
    'rejects the impossible date %j with the standard message', (s) => {
      expect(message(s)).toBe(standard(s));
    });

  it('accepts 29 February in a leap year', () => {
    expect(ok('2020-02-29').day).toBe(29);
  });

  it.each(['yesterday', 'May 14, 2020', '14/05/2020', '20200514', '2020-05-14 5pm',
    '2020-05-14T17', '2020-05-14 17:08 GMT'])('rejects %j with the standard message', (s) => {
    expect(message(s)).toBe(standard(s));
  });

  it.each(['1899-12-31', '2101-01-01'])('rejects %j as out of range', (s) => {
    expect(message(s)).toBe(`"${s}" is out of range: years must be between 1900 and 2100. Use 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.`);
  });

  it('accepts the first and last years of the range', () => {
    expect(ok('1900-01-01').year).toBe(1900);
    expect(ok('2100-12-31 23:59').year).toBe(2100);
  });

  it('rejects an in-range written date that falls outside the range in the site zone', () => {
    expect(message('2100-12-31T23:00:00-05:00')).toContain('years must be between 1900 and 2100');
  });

  it('rejects an empty or blank string', () => {
    expect(message('')).toMatch(/^The date is empty\. Use 2020-05-14/);
    expect(message('   ')).toMatch(/^The date is empty\./);
  });

  it('suggests the rewrite for a number that looks like YYYYMMDD', () => {
    expect(message(20200514)).toBe('20200514 is a number, not a date. Write it as 2020-05-14.');
  });

  it('lists the accepted forms for any other number', () => {
    expect(message(2020)).toBe(
      '2020 is a number, not a date. Write it as 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.',
    );
    expect(message(20201345)).toMatch(/^20201345 is a number, not a date\. Write it as 2020-05-14, /);
  });

  it.each([
    [true, /^true is a true\/false value, not a date\./],
    [null, /^The date is empty\./],
    [undefined, /^The date is empty\./],
    [new Date(Date.UTC(2020, 4, 14)), /Date object.*without timestamp conversion/],
    [['2020-05-14'], /^A list is not a date\./],
    [{ date: '2020-05-14' }, /^A mapping is not a date\./],
  ])('rejects the non-string %j', (value, pattern) => {
    expect(message(value)).toMatch(pattern);
  });

  it('reports an unknown site time zone instead of throwing', () => {
    expect(message('2020-05-14', 'Mars/Olympus')).toBe(
      '"Mars/Olympus" is not a known time zone. Use an IANA name such as Asia/Shanghai.',
    );
  });

  it('shortens a very long input in the message', () => {
    expect(message('x'.repeat(500)).length).toBeLessThan(200);
  });
});

describe('parseBulletinDate hints for near-miss dates', () => {
  it.each([
    ['2020年5月14日', '2020-05-14'],
    ['2020年05月14日', '2020-05-14'],
    ['２０２０年５月１４日', '2020-05-14'],
    ['2020年5月14日 17:08', '2020-05-14 17:08'],
    ['2020年5月14日17时08分', '2020-05-14 17:08'],
    ['2020/5/14', '2020-05-14'],
    ['2020.05.14', '2020-05-14'],
    ['2020-5-14 9:30', '2020-05-14 09:30'],
    ['2020-05-14  17:08', '2020-05-14 17:08'],
  ])('tells the author to write %j as %s', (input, suggestion) => {
    expect(message(input)).toBe(`"${input}" is not a valid date. Write it as ${suggestion}.`);
  });

  it('gives no rewrite for a Chinese date that does not exist', () => {
    expect(message('2020年2月30日')).toContain('Use 2020-05-14, 2020-05-14 09:30 or');
  });
});

describe('parseNow', () => {
  it('accepts the same forms as front matter', () => {
    const r: DateResult = parseNow('2020-05-14T17:08:17Z', SH);
    expect(r).toEqual(parseBulletinDate('2020-05-14T17:08:17Z', SH));
    expect(r.ok && r.date.iso).toBe('2020-05-15T01:08:17+08:00');
  });

  it('rejects what front matter rejects', () => {
    expect(parseNow('yesterday', SH).ok).toBe(false);
  });
});

describe('dateFromEpoch', () => {
  it('expresses an instant in the site zone', () => {
    const d = dateFromEpoch(Date.UTC(2020, 4, 14, 9, 8, 17), SH);
    expect(d.iso).toBe('2020-05-14T17:08:17+08:00');
    expect(d.hasTime).toBe(true);
  });

  it('keeps the hasTime flag it is given', () => {
    expect(dateFromEpoch(0, 'UTC', false)).toMatchObject({ hasTime: false, iso: '1970-01-01T00:00:00+00:00' });
  });

  it('keeps milliseconds in epochMs and iso', () => {
    expect(dateFromEpoch(Date.UTC(2020, 4, 14, 9, 8, 17, 5), 'UTC').iso).toBe('2020-05-14T09:08:17.005+00:00');
  });

  it('handles instants before 1970', () => {
    expect(dateFromEpoch(Date.UTC(1950, 0, 1, 0, 0, 0, 500), 'UTC').iso).toBe('1950-01-01T00:00:00.500+00:00');
  });

  it('rounds a local-mean-time offset with seconds to whole minutes in the string only', () => {
    // Asia/Shanghai was +08:05:43 until 1901; RFC 3339 has no offset seconds (Temporal rounds too).
    const d = dateFromEpoch(Date.UTC(1900, 0, 1), SH);
    expect(d).toMatchObject({ hour: 8, minute: 5, second: 43, offset: '+08:06' });
  });

  it('agrees with Intl for instants across two centuries and awkward zones', () => {
    // Guards the per-day offset cache against the formatter it summarises.
    const zones = [SH, NY, 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Apia', 'Asia/Kolkata'];
    const step = 9_876_543_211; // ~114 days, co-prime-ish with days so every time of day is hit
    for (const tz of zones) {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric',
        month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      const check = (t: number) => {
        const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, Number(x.value)]));
        const d = dateFromEpoch(t, tz);
        expect([d.year, d.month, d.day, d.hour, d.minute, d.second])
          .toEqual([p.year, p.month, p.day, p.hour, p.minute, p.second]);
      };
      for (let t = Date.UTC(1900, 0, 1, 12); t < Date.UTC(2100, 0, 1); t += step) check(t);
      // Every 10 minutes through the 2020 transition weekends, where cached days end.
      for (const [m, d] of [[2, 7], [3, 3], [9, 2], [9, 30]] as const) {
        for (let t = Date.UTC(2020, m, d); t < Date.UTC(2020, m, d + 3); t += 600_000) check(t);
      }
    }
  });

  it('throws on an unknown zone or a non-finite time', () => {
    expect(() => dateFromEpoch(0, 'Nowhere/Land')).toThrow(RangeError);
    expect(() => dateFromEpoch(Number.NaN, SH)).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names', () => {
    for (const tz of [SH, NY, 'UTC', 'Europe/London', 'Asia/Hong_Kong']) expect(isValidTimeZone(tz)).toBe(true);
  });

  it('rejects unknown names and the empty string', () => {
    for (const tz of ['Mars/Olympus', '', ' ', 'China']) expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('filenameDate', () => {
  it('splits a Jekyll-style name into the date and the slug without the extension', () => {
    expect(filenameDate('2020-05-14-some-slug.md')).toEqual({ year: 2020, month: 5, day: 14, rest: 'some-slug' });
  });

  it('removes only the last extension', () => {
    expect(filenameDate('2020-05-14-report-v1.2.md')?.rest).toBe('report-v1.2');
  });

  it('accepts a name without an extension', () => {
    expect(filenameDate('2020-05-14-slug')?.rest).toBe('slug');
  });

  it('keeps non-ASCII slugs', () => {
    expect(filenameDate('2020-05-14-新闻发布会.md')?.rest).toBe('新闻发布会');
  });

  it.each(['some-slug.md', '2020-05-14.md', '2020-05-14-.md', '2020-05-14-', '2020-02-30-slug.md', '2020-13-01-slug.md',
    '20-05-14-slug.md', '1899-12-31-slug.md'])('returns undefined for %j', (name) => {
    expect(filenameDate(name)).toBeUndefined();
  });
});

describe('formatDisplayDate', () => {
  const afternoon = ok('2020-05-04 17:08');
  const dateOnly = ok('2020-05-04');

  it('uses YYYY-MM-DD HH:MM in Chinese', () => {
    expect(formatDisplayDate(afternoon, 'zh-CN')).toBe('2020-05-04 17:08');
    expect(formatDisplayDate(dateOnly, 'zh')).toBe('2020-05-04');
  });

  it('uses the Chinese format for unknown languages', () => {
    expect(formatDisplayDate(afternoon, 'fr')).toBe('2020-05-04 17:08');
  });

  it('uses GOV.UK style in English', () => {
    expect(formatDisplayDate(afternoon, 'en')).toBe('4 May 2020, 5:08pm');
    expect(formatDisplayDate(dateOnly, 'en-GB')).toBe('4 May 2020');
  });

  it('writes noon as 12:00pm and just after midnight as 12:30am', () => {
    expect(formatDisplayDate(ok('2020-05-14 12:00'), 'en')).toBe('14 May 2020, 12:00pm');
    expect(formatDisplayDate(ok('2020-05-14 00:30'), 'en')).toBe('14 May 2020, 12:30am');
    expect(formatDisplayDate(ok('2020-05-14 09:05'), 'en')).toBe('14 May 2020, 9:05am');
  });

  it('lets the caller force the time on or off', () => {
    expect(formatDisplayDate(afternoon, 'en', false)).toBe('4 May 2020');
    expect(formatDisplayDate(dateOnly, 'zh', true)).toBe('2020-05-04 00:00');
  });

  it('shows the wall-clock time of the site zone, not of the written offset', () => {
    expect(formatDisplayDate(ok('2020-05-14T17:08:17Z'), 'en')).toBe('15 May 2020, 1:08am');
  });
});

describe('formatMonth and formatYear', () => {
  it('formats a month in both languages', () => {
    expect(formatMonth(2020, 5, 'zh-CN')).toBe('2020年5月');
    expect(formatMonth(2020, 5, 'en')).toBe('May 2020');
    expect(formatMonth(2020, 12, 'en-GB')).toBe('December 2020');
  });

  it('rejects a month that does not exist', () => {
    expect(() => formatMonth(2020, 13, 'zh')).toThrow(RangeError);
  });

  it('formats a year in both languages', () => {
    expect(formatYear(2020, 'zh')).toBe('2020年');
    expect(formatYear(2020, 'en')).toBe('2020');
  });
});

describe('compareDates and toRfc3339', () => {
  it('orders by instant, not by the written wall-clock time', () => {
    const a = ok('2020-05-14T10:00:00+08:00');
    const b = ok('2020-05-14T09:00:00Z');
    expect(compareDates(a, b)).toBeLessThan(0);
    expect(compareDates(b, a)).toBeGreaterThan(0);
    expect(compareDates(a, ok('2020-05-14 10:00'))).toBe(0);
    expect([b, a].sort(compareDates)).toEqual([a, b]);
  });

  it('returns the iso string', () => {
    const d = ok('2020-05-14 17:08');
    expect(toRfc3339(d)).toBe('2020-05-14T17:08:00+08:00');
  });
});

describe('independence from the process time zone', () => {
  // Every computation uses Date.UTC and formatters with an explicit timeZone; this checks it
  // by switching process.env.TZ (Node re-reads it on assignment) and comparing results.
  const inputs = ['2020-05-14', '2020-05-14 17:08', '2020-05-14T17:08:17Z', '2020-03-08 02:30',
    '2020-11-01 01:30', '2019-08-08 14:10:00 +0800', '1900-01-01'];
  const run = () => [SH, NY, 'UTC', 'Australia/Lord_Howe'].flatMap((tz) => inputs.map((s) => {
    const r = parseBulletinDate(s, tz);
    return r.ok ? [r.date, formatDisplayDate(r.date, 'en'), formatDisplayDate(r.date, 'zh')] : r.message;
  }));

  it('gives identical results whatever process.env.TZ is', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const reference = run();
      for (const tz of ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham', 'Europe/London']) {
        process.env.TZ = tz;
        // Prove the switch took effect, else this test would pass vacuously.
        expect(new Date(Date.UTC(2020, 6, 1)).getTimezoneOffset()).not.toBe(0); // July: London is +01:00
        expect(run()).toEqual(reference);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
