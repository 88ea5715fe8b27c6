/**
 * Tests for lib/http/set-cookie.ts. Fixtures marked "Werkzeug 3.1.8" were captured by running Werkzeug
 * 3.1.8's `dump_cookie` and `Response.delete_cookie` (with the clock fixed at NOW) on the same input.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCookie } from '../../lib/http/cookies.ts';
import { httpDate } from '../../lib/http/http-date.ts';
import { type CookieOptions, serializeCookie, serializeDeleteCookie } from '../../lib/http/set-cookie.ts';
import { prng, randomString } from '../helpers/random.ts';
import { throwsTypeError } from '../helpers/throws.ts';

const NOW = 1_700_000_000_000;
const DAY = 24 * 60 * 60;

/** What a browser sends back for a Set-Cookie value: its name=value pair, among other cookies. */
function roundTrip(value: string): string | undefined {
  const header = serializeCookie('probe', value);
  const pair = header.slice(0, header.indexOf('; Path=/'));
  return parseCookie(`_ga=GA1.2.3.4; ${pair}; theme=dark`).find(([name]) => name === 'probe')?.[1];
}

const Serialize = suite('serializeCookie');

// Werkzeug 3.1.8 dump_cookie(name, value, **options) with the clock at NOW.
const SERIALIZE_FIXTURES: Array<[string, string, CookieOptions, string]> = [
  ['username', 'John Doe', {}, 'username="John Doe"; Path=/'],
  [
    'a',
    'John Doe',
    { maxAge: 10 },
    'a="John Doe"; Expires=Tue, 14 Nov 2023 22:13:30 GMT; Max-Age=10; Path=/',
  ],
  ['a', 'plain-value_1.2~', {}, 'a=plain-value_1.2~; Path=/'],
  ['a', '', {}, 'a=; Path=/'],
  [
    '_ga',
    'GA1.2.123.456',
    { maxAge: 3600, domain: '.example.com' },
    '_ga=GA1.2.123.456; Domain=example.com; Expires=Tue, 14 Nov 2023 23:13:20 GMT; Max-Age=3600; Path=/',
  ],
  [
    'session',
    '.eJyrVkrLz1eyUkpKLFKqBQAeVASr.ZVNZsg.q9Qn-_xY',
    { httpOnly: true, sameSite: 'Lax', secure: true },
    'session=.eJyrVkrLz1eyUkpKLFKqBQAeVASr.ZVNZsg.q9Qn-_xY; Secure; HttpOnly; Path=/; SameSite=Lax',
  ],
  [
    'a',
    '\u041f\u0440\u0438\u0432\u0435\u0442; \u043c\u0438\u0440',
    {},
    'a="\\320\\237\\321\\200\\320\\270\\320\\262\\320\\265\\321\\202\\073 \\320\\274\\320\\270\\321\\200"; Path=/',
  ],
  ['a', 'quote"back\\slash', {}, 'a="quote\\"back\\\\slash"; Path=/'],
  ['a', '{"json":true,"n":[1,2]}', {}, 'a="{\\"json\\":true\\054\\"n\\":[1\\0542]}"; Path=/'],
  ['a', 'a,b;c', {}, 'a="a\\054b\\073c"; Path=/'],
  ['a', 'tab\there\u0000nul\u0019\u007fdel', {}, 'a="tab\\011here\\000nul\\031\\177del"; Path=/'],
  ['a', '\ud83d\ude00 smile', {}, 'a="\\360\\237\\230\\200 smile"; Path=/'],
  [
    'a',
    ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
    {},
    'a=" !\\"#$%&\'()*+\\054-./0123456789:\\073<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"; Path=/',
  ],
  ['a', 'x', { domain: '.Example.com:8080' }, 'a=x; Domain=Example.com; Path=/'],
  ['a', 'x', { domain: 'localhost' }, 'a=x; Domain=localhost; Path=/'],
  ['a', 'x', { domain: 'bücher.example' }, 'a=x; Domain=xn--bcher-kva.example; Path=/'],
  ['a', 'x', { path: '/über uns/%41?q#f' }, 'a=x; Path=/%C3%BCber%20uns/%41%3Fq%23f'],
  ['a', 'x', { path: "/a-z_.~!$&'()*+,/:=@" }, "a=x; Path=/a-z_.~!$&'()*+,/:=@"],
  ['a', 'x', { path: null }, 'a=x'],
  ['a', 'x', { path: '/app' }, 'a=x; Path=/app'],
  ['a', 'x', { expires: 0 }, 'a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'],
  ['a', 'x', { expires: 1700000000.9 }, 'a=x; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Path=/'],
  [
    'a',
    'x',
    { expires: new Date(Date.UTC(2024, 1, 29, 3, 4, 5)) },
    'a=x; Expires=Thu, 29 Feb 2024 03:04:05 GMT; Path=/',
  ],
  [
    'a',
    'x',
    { expires: 'Wed, 21 Oct 2015 07:28:00 GMT' },
    'a=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/',
  ],
  ['a', 'x', { maxAge: 0 }, 'a=x; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Max-Age=0; Path=/'],
  ['a', 'x', { maxAge: -1 }, 'a=x; Expires=Tue, 14 Nov 2023 22:13:19 GMT; Max-Age=-1; Path=/'],
  ['a', 'x', { maxAge: 60, expires: 0 }, 'a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Path=/'],
  ['a', 'x', { sameSite: 'strict' }, 'a=x; Path=/; SameSite=Strict'],
  ['a', 'x', { sameSite: 'none', secure: true }, 'a=x; Secure; Path=/; SameSite=None'],
  ['a', 'x', { partitioned: true }, 'a=x; Secure; Path=/; Partitioned'],
  ['a', 'x', { httpOnly: true }, 'a=x; HttpOnly; Path=/'],
  [
    '__Host-id',
    'x',
    { secure: true, httpOnly: true, sameSite: 'Strict' },
    '__Host-id=x; Secure; HttpOnly; Path=/; SameSite=Strict',
  ],
  [
    '__Secure-id',
    'x',
    { secure: true, domain: 'example.com', path: '/app' },
    '__Secure-id=x; Domain=example.com; Secure; Path=/app',
  ],
  [
    'a',
    'x',
    {
      domain: 'example.com',
      expires: 1700086400,
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      path: '/app',
      sameSite: 'None',
      partitioned: true,
    },
    'a=x; Domain=example.com; Expires=Wed, 15 Nov 2023 22:13:20 GMT; Max-Age=3600; Secure; HttpOnly; Path=/app; SameSite=None; Partitioned',
  ],
];

Serialize('matches Werkzeug 3.1.8 byte for byte', () => {
  for (const [name, value, options, expected] of SERIALIZE_FIXTURES) {
    assert.is(serializeCookie(name, value, options, NOW), expected, JSON.stringify([name, value, options]));
  }
});

Serialize('writes the seed demo cookie', () => {
  assert.is(serializeCookie('username', 'John Doe'), 'username="John Doe"; Path=/');
  assert.is(
    serializeCookie('username', 'John Doe', { maxAge: 3600, secure: true }, NOW),
    'username="John Doe"; Expires=Tue, 14 Nov 2023 23:13:20 GMT; Max-Age=3600; Secure; Path=/',
  );
});

Serialize('uses the current time by default', () => {
  const before = Math.floor(Date.now() / 1000);
  const header = serializeCookie('a', 'x', { maxAge: 60 });
  const expires = Date.parse(/Expires=([^;]+)/.exec(header)![1]!) / 1000;
  assert.ok(expires >= before + 60 && expires <= Math.ceil(Date.now() / 1000) + 60, header);
});

Serialize('caps Max-Age at 400 days, with Expires to match (Werkzeug does not)', () => {
  assert.is(
    serializeCookie('_ga', 'GA1.2.3.4', { maxAge: 2 * 365 * DAY }, NOW),
    `_ga=GA1.2.3.4; Expires=${httpDate(NOW / 1000 + 400 * DAY)}; Max-Age=34560000; Path=/`,
  );
  assert.match(serializeCookie('a', 'x', { maxAge: 400 * DAY }, NOW), 'Max-Age=34560000;');
  assert.match(serializeCookie('a', 'x', { maxAge: 400 * DAY - 1 }, NOW), 'Max-Age=34559999;');
});

Serialize('caps Expires at 400 days from now, whatever its type', () => {
  const cap = `a=x; Expires=${httpDate(NOW / 1000 + 400 * DAY)}; Path=/`;
  assert.is(serializeCookie('a', 'x', { expires: NOW / 1000 + 401 * DAY }, NOW), cap);
  assert.is(serializeCookie('a', 'x', { expires: new Date(Date.UTC(2100, 0, 1)) }, NOW), cap);
  assert.is(serializeCookie('a', 'x', { expires: 'Fri, 01 Jan 2100 00:00:00 GMT' }, NOW), cap);
  assert.is(
    serializeCookie('a', 'x', { expires: NOW / 1000 + 399 * DAY }, NOW),
    `a=x; Expires=${httpDate(NOW / 1000 + 399 * DAY)}; Path=/`,
  );
});

Serialize('passes a string Expires through unless it is beyond the cap', () => {
  assert.is(
    serializeCookie('a', 'x', { expires: 'Sun, 06 Nov 1994 08:49:37 GMT' }, NOW),
    'a=x; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Path=/',
  );
});

Serialize('drops the fraction of maxAge', () => {
  assert.is(
    serializeCookie('a', 'x', { maxAge: 10.9 }, NOW),
    'a=x; Expires=Tue, 14 Nov 2023 22:13:30 GMT; Max-Age=10; Path=/',
  );
  assert.match(serializeCookie('a', 'x', { maxAge: -0.5 }, NOW), 'Max-Age=0;');
});

Serialize('sends an empty domain as no Domain, like Werkzeug', () => {
  assert.is(serializeCookie('a', 'x', { domain: '' }), 'a=x; Path=/');
});

Serialize('rejects a name that is not an RFC 7230 token', () => {
  for (const name of [
    '',
    'a b',
    'a=b',
    'a;b',
    'a,b',
    '"a"',
    'a\r\nSet-Cookie: b',
    'имя',
    'a\tb',
    'a(b)',
    'a/b',
    'a@b',
    '[a]',
  ]) {
    throwsTypeError(() => serializeCookie(name, 'x'), /not a token/);
  }
  throwsTypeError(() => serializeCookie(1 as unknown as string, 'x'), /not a token/);
  assert.is(serializeCookie("!#$%&'*+-.^_`|~09AZaz", 'x'), "!#$%&'*+-.^_`|~09AZaz=x; Path=/");
});

Serialize('rejects a value that is not a string, or has a lone surrogate, without echoing it', () => {
  throwsTypeError(() => serializeCookie('a', 42 as unknown as string), /must be a string/);
  throwsTypeError(() => serializeCookie('a', 'secret\ud800'), /lone surrogate/, 'secret');
  throwsTypeError(() => serializeCookie('a', '\udc00secret'), /lone surrogate/, 'secret');
});

Serialize('rejects a maxAge that is not a finite number', () => {
  for (const maxAge of [Number.NaN, Number.POSITIVE_INFINITY, '10', true]) {
    throwsTypeError(() => serializeCookie('a', 'x', { maxAge: maxAge as number }), /'maxAge'/);
  }
});

Serialize('rejects an expires that is not a date', () => {
  const bad = [
    new Date(Number.NaN),
    Number.NaN,
    Number.NEGATIVE_INFINITY,
    -1e16,
    '',
    'a;b',
    'Thu\r\nX: y',
    true,
  ];
  for (const expires of bad) {
    throwsTypeError(() => serializeCookie('a', 'x', { expires: expires as string }, NOW), /'expires'/);
  }
});

Serialize('rejects a domain with characters a host name cannot have', () => {
  for (const domain of [
    '.',
    ':8080',
    'a;b.com',
    'a b.com',
    'a\r\nb.com',
    'a\x00b',
    'ex"ample.com',
    'exa/mple.com',
    '\u00e9;x',
  ]) {
    throwsTypeError(() => serializeCookie('a', 'x', { domain }), /'domain'/);
  }
  throwsTypeError(() => serializeCookie('a', 'x', { domain: 7 as unknown as string }), /'domain'/);
});

Serialize('rejects a path with ";", control characters or a lone surrogate', () => {
  for (const path of ['/a;b', '/a\rb', '/a\nb', '/a\x00', '/a\x7f', '/a\tb', '/\ud800']) {
    throwsTypeError(() => serializeCookie('a', 'x', { path }), /'path'/);
  }
  throwsTypeError(() => serializeCookie('a', 'x', { path: 1 as unknown as string }), /'path'/);
});

Serialize('accepts SameSite in any case, and nothing else', () => {
  assert.match(serializeCookie('a', 'x', { sameSite: 'LAX' as 'Lax' }), /; SameSite=Lax$/);
  assert.match(serializeCookie('a', 'x', { sameSite: 'nOnE' as 'None', secure: true }), /; SameSite=None$/);
  for (const sameSite of ['', 'strict ', 'yes', 'true', true, 1]) {
    throwsTypeError(
      () => serializeCookie('a', 'x', { sameSite: sameSite as 'Lax' }),
      /'sameSite' must be 'Strict', 'Lax' or 'None'/,
    );
  }
});

const Prefixes = suite('cookie prefixes');

Prefixes('__Host- needs Secure, Path=/ and no Domain', () => {
  assert.is(serializeCookie('__Host-sid', 'x', { secure: true }), '__Host-sid=x; Secure; Path=/');
  assert.is(
    serializeCookie('__Host-sid', 'x', { partitioned: true }),
    '__Host-sid=x; Secure; Path=/; Partitioned',
  );
  throwsTypeError(
    () => serializeCookie('__Host-sid', 'x'),
    /needs secure: true \(a __Host- cookie must be Secure/,
  );
  throwsTypeError(
    () => serializeCookie('__Host-sid', 'x', { secure: true, path: '/app' }),
    /needs path: '\/'/,
  );
  throwsTypeError(() => serializeCookie('__Host-sid', 'x', { secure: true, path: null }), /needs path: '\/'/);
  throwsTypeError(
    () => serializeCookie('__Host-sid', 'x', { secure: true, domain: 'example.com' }),
    /needs no domain/,
  );
  throwsTypeError(
    () => serializeCookie('__Host-sid', 'x', { domain: 'example.com', path: '/a' }),
    /needs secure: true, path: '\/', no domain/,
  );
});

Prefixes('__Secure- needs Secure', () => {
  assert.is(
    serializeCookie('__Secure-id', 'x', { secure: true, domain: 'example.com', path: '/a' }),
    '__Secure-id=x; Domain=example.com; Secure; Path=/a',
  );
  assert.is(
    serializeCookie('__Secure-id', 'x', { partitioned: true }),
    '__Secure-id=x; Secure; Path=/; Partitioned',
  );
  throwsTypeError(() => serializeCookie('__Secure-id', 'x'), /__Secure- cookie must be Secure/);
});

Prefixes('are matched case-insensitively, as browsers do', () => {
  throwsTypeError(() => serializeCookie('__HOST-sid', 'x'), /__Host-/);
  throwsTypeError(() => serializeCookie('__secure-id', 'x'), /__Secure-/);
});

Prefixes('leave look-alike names alone', () => {
  for (const name of ['__Hosted', '_Host-x', '__Secure', '__SecureX', 'x__Host-y', '__']) {
    assert.is(serializeCookie(name, 'x'), `${name}=x; Path=/`);
  }
});

Prefixes('apply to deleting too', () => {
  throwsTypeError(() => serializeDeleteCookie('__Host-sid'), /__Host-/);
  assert.is(
    serializeDeleteCookie('__Host-sid', { secure: true }),
    '__Host-sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/',
  );
});

const Delete = suite('serializeDeleteCookie');

// Werkzeug 3.1.8 Response.delete_cookie(name, **options).
const DELETE_FIXTURES: Array<[string, Omit<CookieOptions, 'maxAge' | 'expires'>, string]> = [
  ['username', {}, 'username=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
  [
    'a',
    { path: '/app', domain: 'example.com' },
    'a=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/app',
  ],
  [
    'session',
    { secure: true, httpOnly: true, sameSite: 'Lax', partitioned: true },
    'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/; SameSite=Lax; Partitioned',
  ],
  ['a', { path: null }, 'a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0'],
];

Delete('matches Werkzeug 3.1.8', () => {
  for (const [name, options, expected] of DELETE_FIXTURES)
    assert.is(serializeDeleteCookie(name, options), expected);
});

Delete('ignores maxAge and expires smuggled in by untyped callers', () => {
  const options = { maxAge: 60, expires: 2e9 } as CookieOptions;
  assert.is(
    serializeDeleteCookie('a', options),
    'a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
  );
});

const RoundTrip = suite('round trip');

RoundTrip('tricky strings come back exactly', () => {
  const values = [
    '',
    'John Doe',
    'Привет; мир',
    'Куки установлены!',
    '"',
    '""',
    '"quoted"',
    '\\',
    '\\"',
    'back\\slash"quote',
    '\\073',
    '"\\320\\237"',
    ' leading and trailing ',
    '   ',
    '\t\r\n',
    'a=b; c=d',
    '=',
    ';',
    ',',
    '{"json":[1,2,{"k":"v"}]}',
    '😀👍🏽 family: 👨‍👩‍👧',
    '\u0000\u001f\u007f\u0080\u009f\u00a0\u00ff',
    '\ufeffBOM',
    '\ufffd',
    '\u2028\u2029',
    '𝕳𝖊𝖑𝖑𝖔',
    'a'.repeat(3000),
  ];
  for (const value of values) assert.is(roundTrip(value), value, JSON.stringify(value));
});

RoundTrip('300 random strings come back exactly', () => {
  const random = prng(2024);
  for (let i = 0; i < 300; i++) {
    const value = randomString(random);
    assert.is(roundTrip(value), value, JSON.stringify(value));
  }
});

Serialize.run();
Prefixes.run();
Delete.run();
RoundTrip.run();
