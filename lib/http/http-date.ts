/**
 * HTTP dates (RFC 9110 §5.6.7): `httpDate` writes the IMF-fixdate form that Date, Expires and
 * Last-Modified carry; `parseHttpDate` reads it and the two obsolete forms a recipient must accept.
 *
 * Pure: no Phial imports, no I/O.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 9110 §5.6.7: IMF-fixdate, then the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const RFC_850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const ASCTIME = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/**
 * Formats a Date, or seconds since the epoch, as an HTTP date (RFC 9110 IMF-fixdate). Throws a
 * TypeError for an invalid Date or a number that is not finite.
 *
 * @example
 * ```ts
 * httpDate(0); // 'Thu, 01 Jan 1970 00:00:00 GMT'
 * ```
 */
export function httpDate(date: Date | number): string {
  const value = new Date(toEpochMs(date));
  if (Number.isNaN(value.getTime())) {
    throw new TypeError('httpDate: the argument is not a valid date (a Date, or seconds since the epoch).');
  }
  return value.toUTCString();
}

/**
 * Seconds since the epoch (Werkzeug's unit) or a Date, as milliseconds; NaN for anything else.
 *
 * @example
 * ```ts
 * toEpochMs(1.5); // 1500
 * ```
 * @internal
 */
export function toEpochMs(date: Date | number): number {
  return typeof date === 'number' ? date * 1000 : date instanceof Date ? date.getTime() : Number.NaN;
}

/**
 * Parses an HTTP-date in any of the three forms RFC 9110 lists; `null` for anything else
 * (including an impossible date), never a throw.
 *
 * @example
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777000
 * parseHttpDate('yesterday');                      // null
 * ```
 */
export function parseHttpDate(text: string | null): number | null {
  if (text === null) return null;
  const value = text.trim();
  let m = IMF_FIXDATE.exec(value);
  if (m !== null) return utc(m[3]!, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC_850.exec(value);
  if (m !== null) return utc(fullYear(Number(m[3])), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = ASCTIME.exec(value);
  if (m !== null) return utc(m[6]!, m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return null;
}

/** RFC 9110: a two-digit year more than 50 years in the future is in the past century. */
function fullYear(twoDigits: number): number {
  const now = new Date().getUTCFullYear();
  let year = Math.floor(now / 100) * 100 + twoDigits;
  if (year > now + 50) year -= 100;
  return year;
}

function utc(
  year: string | number,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
): number | null {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const [y, d, h, min, s] = [Number(year), Number(day), Number(hour), Number(minute), Number(second)];
  if (monthIndex === -1 || d < 1 || d > 31 || h > 23 || min > 59 || s > 60) return null;
  const ms = Date.UTC(y, monthIndex, d, h, min, Math.min(s, 59));
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is no date.
  return new Date(ms).getUTCDate() === d ? ms : null;
}
