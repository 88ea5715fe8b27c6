/**
 * The lines of the access log: Apache's Combined Log Format, which nginx, gunicorn and every log
 * tool read, or one JSON object per line. Pure functions over a finished request's
 * {@link AccessRecord}; access-log.ts decides when to write them.
 */

/**
 * One finished request, as the access log records it.
 *
 * @example
 * ```ts
 * const record: AccessRecord = {
 *   remoteAddr: '127.0.0.1', time: Date.now(), method: 'GET', url: '/?q=1', httpVersion: '1.1',
 *   status: 200, bytes: 13, referer: null, userAgent: 'curl/8.5.0', durationMs: 0.4,
 * };
 * ```
 */
export interface AccessRecord {
  /** The client's address: `request.remoteAddr`, so `proxyFix` applies. */
  remoteAddr: string;
  /** When the request arrived, in milliseconds since the epoch. */
  time: number;
  method: string;
  /** The request-target as received (path and query). */
  url: string;
  /** `1.1`, `1.0`. */
  httpVersion: string;
  status: number;
  /** Bytes of body sent; null when none or not known (a streamed body). */
  bytes: number | null;
  referer: string | null;
  userAgent: string | null;
  /** From the request's arrival to the end of its response. */
  durationMs: number;
}

/**
 * The formats `accessLog` can write.
 *
 * @example
 * ```ts
 * const format: AccessLogFormat = 'json';
 * ```
 */
export type AccessLogFormat = 'combined' | 'json';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

let cachedSecond = Number.NaN;
let cachedStamp = '';

/**
 * Apache's `%t`, local time with its offset: `10/Oct/2000:13:55:36 -0700`. Computed once per
 * second, as a busy server logs many requests in each.
 *
 * @example
 * ```ts
 * logTime(Date.UTC(2000, 9, 10, 20, 55, 36)); // '10/Oct/2000:13:55:36 -0700' in California
 * ```
 */
export function logTime(time: number): string {
  const second = Math.floor(time / 1000);
  if (second === cachedSecond) return cachedStamp;
  const date = new Date(second * 1000);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  cachedStamp =
    `${pad(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()}:` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
  cachedSecond = second;
  return cachedStamp;
}

/**
 * A value for a quoted field of the log, as Apache escapes it: `"` and `\` get a backslash, and
 * control and non-ASCII characters become `\xhh`, so that no client can end a line or forge one.
 *
 * @example
 * ```ts
 * logEscape('a"b\nc'); // 'a\\"b\\x0ac'
 * ```
 */
export function logEscape(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  if (!/["\\\x00-\x1f\x7f-\uffff]/.test(value)) return value;
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') escaped += `\\${char}`;
    else if (code < 0x20 || code >= 0x7f) escaped += hexEscape(char);
    else escaped += char;
  }
  return escaped;
}

/** `\xhh` for each UTF-8 byte of a character (node:http reads bytes as latin1, so mostly one). */
function hexEscape(char: string): string {
  const code = char.codePointAt(0)!;
  const bytes = code <= 0xff ? [code] : [...Buffer.from(char, 'utf8')];
  return bytes.map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * The Combined Log Format line (`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`), without
 * its newline.
 *
 * @example
 * ```ts
 * combinedLogLine(record);
 * // '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /?q=1 HTTP/1.1" 200 13 "-" "curl/8.5.0"'
 * ```
 */
export function combinedLogLine(record: AccessRecord): string {
  return (
    `${logEscape(record.remoteAddr || '-')} - - [${logTime(record.time)}] ` +
    `"${logEscape(record.method)} ${logEscape(record.url)} HTTP/${logEscape(record.httpVersion)}" ` +
    `${record.status} ${record.bytes === null || record.bytes === 0 ? '-' : record.bytes} ` +
    `"${record.referer === null ? '-' : logEscape(record.referer)}" ` +
    `"${record.userAgent === null ? '-' : logEscape(record.userAgent)}"`
  );
}

/**
 * The same record as one JSON object, without its newline: the time in ISO 8601 (UTC) and the
 * duration in milliseconds, which the combined format has no field for.
 *
 * @example
 * ```ts
 * jsonLogLine(record);
 * // '{"time":"2000-10-10T20:55:36.000Z","remoteAddr":"127.0.0.1","method":"GET","url":"/?q=1",…}'
 * ```
 */
export function jsonLogLine(record: AccessRecord): string {
  // Written field by field, each string through JSON.stringify: the same text as stringifying the
  // object, in about half the time.
  const text = JSON.stringify;
  return (
    `{"time":"${new Date(record.time).toISOString()}","remoteAddr":${text(record.remoteAddr)},` +
    `"method":${text(record.method)},"url":${text(record.url)},"protocol":${text(`HTTP/${record.httpVersion}`)},` +
    `"status":${record.status},"bytes":${record.bytes},"referer":${text(record.referer)},` +
    `"userAgent":${text(record.userAgent)},"durationMs":${Math.round(record.durationMs * 1000) / 1000}}`
  );
}
