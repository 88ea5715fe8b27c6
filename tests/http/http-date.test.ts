/** Tests for lib/http/http-date.ts: writing and reading HTTP dates. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { httpDate, parseHttpDate } from '../../lib/http/http-date.ts';
import { throwsTypeError } from '../helpers/throws.ts';

const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

const HttpDate = suite('httpDate');

HttpDate('formats seconds and Dates as an IMF-fixdate', () => {
  assert.is(httpDate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
  assert.is(httpDate(784111777), 'Sun, 06 Nov 1994 08:49:37 GMT');
  assert.is(httpDate(1700000000.999), 'Tue, 14 Nov 2023 22:13:20 GMT');
  assert.is(httpDate(new Date(Date.UTC(2024, 1, 29, 3, 4, 5))), 'Thu, 29 Feb 2024 03:04:05 GMT');
});

HttpDate('rejects an invalid date', () => {
  throwsTypeError(() => httpDate(new Date('nope')), /not a valid date/);
  throwsTypeError(() => httpDate(Number.NaN), /not a valid date/);
  throwsTypeError(() => httpDate(Number.POSITIVE_INFINITY), /not a valid date/);
  throwsTypeError(() => httpDate(9e15), /not a valid date/);
});

HttpDate.run();

const ParseHttpDate = suite('parseHttpDate');

ParseHttpDate('reads the three forms of RFC 9110 §5.6.7', () => {
  assert.is(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), RFC_EXAMPLE);
  assert.is(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), RFC_EXAMPLE);
  assert.is(parseHttpDate('Sun Nov  6 08:49:37 1994'), RFC_EXAMPLE);
});

ParseHttpDate('is case-insensitive and trims', () => {
  assert.is(parseHttpDate('  sun, 06 NOV 1994 08:49:37 GMT '), RFC_EXAMPLE);
});

ParseHttpDate('reads what httpDate writes', () => {
  const ms = Date.UTC(2024, 1, 29, 23, 59, 59);
  assert.is(parseHttpDate(new Date(ms).toUTCString()), ms);
});

ParseHttpDate('is null for anything that is not an HTTP date, never a throw', () => {
  for (const text of [
    null,
    '',
    'yesterday',
    '1994-11-06T08:49:37Z',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    '784111777',
  ]) {
    assert.is(parseHttpDate(text), null, String(text));
  }
});

ParseHttpDate('a two-digit year more than 50 years ahead is in the past century', () => {
  const year = new Date().getUTCFullYear();
  const ahead = String((year + 60) % 100).padStart(2, '0');
  const parsed = parseHttpDate(`Monday, 01-Jan-${ahead} 00:00:00 GMT`);
  assert.is(new Date(parsed!).getUTCFullYear(), year + 60 - 100);
});

ParseHttpDate.run();
