/**
 * Property tests for lib/http/cookies.ts: parsing never throws on any header, and whatever string a view
 * puts in a cookie is the string it reads back (serializeCookie → the `name=value` part → parseCookie).
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCookie } from '../../lib/http/cookies.ts';
import { serializeCookie } from '../../lib/http/set-cookie.ts';
import { check } from '../helpers/property.ts';

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Characters that mean something to a cookie parser, and escapes that look like Werkzeug's. */
const syntax = fc.constantFrom(
  ';',
  '=',
  '"',
  '\\',
  ' ',
  '\t',
  ',',
  '\0',
  '\x7f',
  'ÿ',
  '\\073',
  '\\"',
  '\\377',
  '""',
);

/** A hostile header: cookie syntax, Latin-1 bytes, any code unit and any code point, mixed. */
const headerText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: syntax },
    { weight: 3, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: codeUnit },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 80,
});

/** Any well-formed string (every code point, astral ones too), with cookie syntax mixed in. */
const cookieValue = fc.string({
  unit: fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: syntax },
    { weight: 1, arbitrary: fc.constantFrom('😀', '𝄞', 'Привет', 'é', '\u2028') },
  ),
  maxLength: 40,
});

const tchar = fc.constantFrom(
  ..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
);
const cookieName = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });

/** The `name=value` part of a Set-Cookie header: up to the first `; ` (a `;` in a value is escaped). */
function pairOf(header: string): string {
  const end = header.indexOf('; ');
  return end === -1 ? header : header.slice(0, end);
}

// ── parseCookie ─────────────────────────────────────────────────────────────────────────────────

const Parse = suite('parseCookie: any input');

Parse('never throws on any string, and names are non-empty, trimmed, without ; or =', () => {
  check(
    fc.property(headerText, (header) => {
      const pairs = parseCookie(header);
      for (const [name, value] of pairs) {
        assert.type(value, 'string');
        assert.ok(name !== '' && name === name.trim(), JSON.stringify(name));
        assert.not.ok(/[;=]/.test(name), JSON.stringify(name));
      }
    }),
    5000,
  );
});

Parse('never throws on several Cookie headers', () => {
  check(
    fc.property(fc.array(headerText, { maxLength: 4 }), (headers) => {
      assert.ok(Array.isArray(parseCookie(headers)));
    }),
    2000,
  );
});

Parse.run();

// ── serializeCookie → parseCookie ───────────────────────────────────────────────────────────────

const RoundTrip = suite('serializeCookie → parseCookie');

RoundTrip('any well-formed string value reads back unchanged', () => {
  check(
    fc.property(cookieName, cookieValue, (name, value) => {
      const pair = pairOf(serializeCookie(name, value));
      assert.equal(parseCookie(pair), [[name, value]]);
    }),
    5000,
  );
});

RoundTrip('several cookies in one header read back in order', () => {
  const cookies = fc.uniqueArray(fc.tuple(cookieName, cookieValue), {
    minLength: 1,
    maxLength: 5,
    selector: ([name]) => name,
  });
  check(
    fc.property(cookies, (list) => {
      const header = list.map(([name, value]) => pairOf(serializeCookie(name, value))).join('; ');
      assert.equal(parseCookie(header), list);
    }),
    2000,
  );
});

RoundTrip('a lone surrogate, which has no UTF-8 form, is refused with a TypeError', () => {
  const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
  const withLone = fc
    .tuple(cookieValue, surrogate, cookieValue)
    .map(([before, lone, after]) => before + lone + after)
    .filter((value) => /\p{Cs}/u.test(value));
  check(
    fc.property(withLone, (value) => {
      assert.throws(() => serializeCookie('name', value), TypeError);
    }),
    1000,
  );
});

RoundTrip.run();
