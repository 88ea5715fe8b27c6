/** Tests for lib/http/parse-set-cookie.ts: reading Set-Cookie values as a browser does. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSetCookie } from '../../lib/http/parse-set-cookie.ts';
import { serializeCookie } from '../../lib/http/set-cookie.ts';

const Parse = suite('parseSetCookie');

Parse('reads the name, the unquoted value and its wire form', () => {
  const cookie = parseSetCookie('username="John Doe"; Path=/')!;
  assert.is(cookie.name, 'username');
  assert.is(cookie.value, 'John Doe');
  assert.is(cookie.rawValue, '"John Doe"');
  assert.equal(cookie.options, { path: '/' });
});

Parse('round-trips what serializeCookie writes, escapes included', () => {
  for (const value of ['Мир', 'a;b', 'a"b\\c', '', 'plain']) {
    assert.is(parseSetCookie(serializeCookie('k', value))!.value, value);
  }
});

Parse('reads every attribute, case-insensitively, with spaces around', () => {
  const cookie = parseSetCookie(
    'id=42 ;  domain=.Example.COM; EXPIRES=Thu, 01 Jan 2099 00:00:00 GMT; max-age=60; secure; HTTPONLY; path=/a; samesite=lax; Partitioned',
  )!;
  assert.is(cookie.rawValue, '42');
  assert.equal(cookie.options, {
    domain: 'example.com',
    expires: new Date(Date.UTC(2099, 0, 1)),
    maxAge: 60,
    secure: true,
    httpOnly: true,
    path: '/a',
    sameSite: 'Lax',
    partitioned: true,
  });
});

Parse('ignores malformed attributes instead of throwing', () => {
  const cookie = parseSetCookie(
    'a=1; Max-Age=soon; Expires=yesterday; Path=relative; SameSite=Sometimes; Domain=; x',
  )!;
  assert.equal(cookie.options, {});
});

Parse('a negative Max-Age is kept (it means "expired")', () => {
  assert.is(parseSetCookie('a=1; Max-Age=-1')!.options.maxAge, -1);
});

Parse('drops a cookie without "=" or with an empty name', () => {
  assert.is(parseSetCookie('novalue'), null);
  assert.is(parseSetCookie('=value'), null);
  assert.is(parseSetCookie('  =x; Path=/'), null);
  assert.is(parseSetCookie(''), null);
});

Parse('keeps "=" inside the value and an empty value', () => {
  assert.is(parseSetCookie('token=a=b==; Path=/')!.value, 'a=b==');
  assert.is(parseSetCookie('gone=; Max-Age=0')!.value, '');
});

Parse.run();
