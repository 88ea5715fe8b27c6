/**
 * Property tests for lib/routing: a URL built for any converter value matches its rule again, with
 * the same value — the build side (`toUrl`, quoting) and the match side (decoding, `toValue`) are
 * one definition read both ways. The built URL is decoded as a request's path is (`requestPath`).
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requestPath } from '../../lib/http/target.ts';
import { UrlMap } from '../../lib/routing/map.ts';
import { check } from '../helpers/property.ts';

const map = new UrlMap();
const RULES: Record<string, string> = {
  string: '/s/<value>',
  stringLength: '/sl/<string(length=3):value>',
  stringBounds: '/sb/<string(minlength=2, maxlength=5):value>',
  int: '/i/<int:value>',
  intSigned: '/is/<int(signed=True):value>',
  intFixed: '/if/<int(fixed_digits=4):value>',
  intBounds: '/ib/<int(min=10, max=99):value>',
  float: '/f/<float:value>',
  floatSigned: '/fs/<float(signed=True):value>',
  floatBounds: '/fb/<float(min=0.5, max=2.5):value>',
  path: '/p/<path:value>',
  pathInside: '/pi/<path:value>/edit',
  uuid: '/u/<uuid:value>',
  any: '/a/<any(red, green, "blue-sky"):value>',
};
for (const [endpoint, rule] of Object.entries(RULES)) map.add(rule, { endpoint });

/** Builds the URL of `endpoint` for `value`, routes it back, and returns the matched value. */
function roundTrip(endpoint: string, value: unknown): unknown {
  const url = map.build(endpoint, { value });
  const result = map.match(requestPath(url), 'GET');
  assert.is(result.kind, 'match', `${endpoint} ${JSON.stringify(value)} → ${url}`);
  if (result.kind !== 'match') return undefined;
  assert.is(result.rule.endpoint, endpoint, url);
  return result.params['value'];
}

/** Any code point (astral ones included), slashes and the characters URLs give meaning to. */
const urlChar = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('%', '?', '#', '&', '=', '+', ' ', '.', '..', ';', '%2F', '\\', '😀'),
  },
);
const segment = fc.string({ unit: urlChar, minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/'));

// ── string ──────────────────────────────────────────────────────────────────────────────────────

const Strings = suite('UrlMap build → match: string');

Strings('any segment without a slash', () => {
  check(
    fc.property(segment, (value) => {
      assert.is(roundTrip('string', value), value);
    }),
    3000,
  );
});

Strings('length and minlength/maxlength count code points, as Python does', () => {
  const codePoint = fc
    .string({ unit: urlChar, minLength: 1, maxLength: 1 })
    .filter((c) => [...c].length === 1);
  const exactly = (n: number) => fc.array(codePoint, { minLength: n, maxLength: n }).map((cs) => cs.join(''));
  check(
    fc.property(exactly(3), fc.integer({ min: 2, max: 5 }).chain(exactly), (three, bounded) => {
      fc.pre(!three.includes('/') && !bounded.includes('/'));
      assert.is(roundTrip('stringLength', three), three);
      assert.is(roundTrip('stringBounds', bounded), bounded);
    }),
    2000,
  );
});

Strings.run();

// ── int ─────────────────────────────────────────────────────────────────────────────────────────

const Ints = suite('UrlMap build → match: int');

Ints('unsigned, signed, fixed digits and bounds', () => {
  check(
    fc.property(
      fc.maxSafeNat(),
      fc.maxSafeInteger(),
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 10, max: 99 }),
      (unsigned, signed, fixed, bounded) => {
        assert.is(roundTrip('int', unsigned), unsigned);
        assert.is(roundTrip('intSigned', signed), signed);
        assert.is(roundTrip('intFixed', fixed), fixed);
        assert.is(roundTrip('intBounds', bounded), bounded);
      },
    ),
    3000,
  );
});

Ints('a fixed-digits URL is zero-padded', () => {
  check(
    fc.property(fc.integer({ min: 0, max: 9999 }), (value) => {
      assert.is(map.build('intFixed', { value }), `/if/${String(value).padStart(4, '0')}`);
    }),
    500,
  );
});

Ints.run();

// ── float ───────────────────────────────────────────────────────────────────────────────────────

const Floats = suite('UrlMap build → match: float');

Floats('any finite double, tiny, huge and whole ones included', () => {
  const finite = { noNaN: true, noDefaultInfinity: true } as const;
  check(
    fc.property(
      fc.double({ ...finite, min: 0 }),
      fc.double(finite),
      fc.double({ ...finite, min: 0.5, max: 2.5 }),
      (unsigned, signed, bounded) => {
        // -0 is routed as 0: a URL has no negative zero.
        assert.is(roundTrip('float', unsigned), unsigned + 0);
        assert.is(roundTrip('floatSigned', signed), signed + 0);
        assert.is(roundTrip('floatBounds', bounded), bounded);
      },
    ),
    3000,
  );
});

Floats.run();

// ── path, uuid, any ─────────────────────────────────────────────────────────────────────────────

const Others = suite('UrlMap build → match: path, uuid, any');

// Slashes anywhere but first (a path value never starts with one), repeated and trailing ones too.
const pathValue = fc
  .string({ unit: fc.oneof({ weight: 3, arbitrary: urlChar }, { weight: 1, arbitrary: fc.constant('/') }) })
  .filter((value) => value !== '' && !value.startsWith('/'));

Others('path: any slash-separated value, also before a static part', () => {
  check(
    fc.property(pathValue, (value) => {
      assert.is(roundTrip('path', value), value);
      assert.is(roundTrip('pathInside', value), value);
    }),
    3000,
  );
});

Others('uuid: any UUID, read back in lower case', () => {
  check(
    fc.property(fc.uuid(), fc.boolean(), (value, upper) => {
      assert.is(roundTrip('uuid', upper ? value.toUpperCase() : value), value.toLowerCase());
    }),
    2000,
  );
});

Others('any: each of its items', () => {
  check(
    fc.property(fc.constantFrom('red', 'green', 'blue-sky'), (value) => {
      assert.is(roundTrip('any', value), value);
    }),
    100,
  );
});

Others.run();
