import * as z from 'zod';

/*
 * Checks that judge a value as zod 3 did, so that every message built from their issues stays as it
 * was under zod 4. The issues are zod's own kinds (invalid_type, too_small, too_big), so the code that
 * turns issues into messages reads them like any other.
 */

/**
 * At least `minimum` UTF-16 units, checked only on a string. zod 4's .min() also runs on a list given
 * where text belongs (a second message after "should be text") and counts code points, not units.
 */
export function minLength(minimum: number, message?: string): z.core.CheckFn<string> {
  return (payload) => {
    if (payload.value.length < minimum) {
      payload.issues.push({ code: 'too_small', origin: 'string', minimum, inclusive: true, input: payload.value, continue: true, ...(message ? { message } : {}) });
    }
  };
}

/**
 * A number: anything but NaN, Infinity included (zod 4's z.number() refuses it). A fraction where a
 * whole number belongs is one problem that does not hide the range's (zod 4's .int() stops there, and
 * refuses integers past 2^53 with a limit of its own).
 */
export function number(limits: { int?: boolean; min: number; max?: number }) {
  let schema = z.custom<number>().check((payload) => {
    if (typeof payload.value !== 'number' || Number.isNaN(payload.value)) payload.issues.push({ code: 'invalid_type', expected: 'number', input: payload.value });
  });
  if (limits.int) {
    schema = schema.check((payload) => {
      if (!Number.isInteger(payload.value)) payload.issues.push({ code: 'invalid_type', expected: 'int', input: payload.value, continue: true });
    });
  }
  schema = schema.check(z.gte(limits.min));
  return limits.max === undefined ? schema : schema.check(z.lte(limits.max));
}
