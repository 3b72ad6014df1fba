/**
 * A publication instant as the site shows it: the instant itself plus its wall-clock fields
 * in the site's time zone. Calendar-only dates (`2020-05-14`) keep `hasTime: false`.
 */
export interface BulletinDate {
  /** Milliseconds since the Unix epoch (UTC). */
  epochMs: number;
  /** Wall-clock fields in the site's time zone. */
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The site zone's UTC offset at that instant, e.g. `+08:00`. */
  offset: string;
  /** ISO 8601 with offset, e.g. `2020-05-14T17:08:17+08:00`. */
  iso: string;
  /** False when the source gave only a calendar date. */
  hasTime: boolean;
}
