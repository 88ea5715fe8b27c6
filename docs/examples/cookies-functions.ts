/** docs/cookies.md: the functions behind setCookie and request.cookies. */
import assert from 'node:assert/strict';
// #region functions
import {
  httpDate,
  parseCookie,
  quoteCookieValue,
  serializeCookie,
  serializeDeleteCookie,
  unquoteCookieValue,
} from 'phial';

parseCookie('username="John Doe"; theme=dark; theme=light; flag');
// [['username', 'John Doe'], ['theme', 'dark'], ['theme', 'light'], ['flag', '']]
serializeCookie('username', 'John Doe', { httpOnly: true }); // 'username="John Doe"; HttpOnly; Path=/'
serializeDeleteCookie('username'); // 'username=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'
quoteCookieValue('a;b'); // '"a\\073b"'
unquoteCookieValue('"a\\073b"'); // 'a;b'
httpDate(0); // 'Thu, 01 Jan 1970 00:00:00 GMT'
// #endregion functions

export function check(): void {
  assert.deepEqual(parseCookie('username="John Doe"; theme=dark; theme=light; flag'), [
    ['username', 'John Doe'],
    ['theme', 'dark'],
    ['theme', 'light'],
    ['flag', ''],
  ]);
  assert.equal(
    serializeCookie('username', 'John Doe', { httpOnly: true }),
    'username="John Doe"; HttpOnly; Path=/',
  );
  assert.equal(
    serializeDeleteCookie('username'),
    'username=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
  );
  assert.equal(quoteCookieValue('a;b'), '"a\\073b"');
  assert.equal(unquoteCookieValue('"a\\073b"'), 'a;b');
  assert.equal(httpDate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
}
