import { createHash, createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup, tuple, UUID } from '../../lib/sessions/python-types.ts';
import { type SessionDigest, SessionSigner } from '../../lib/sessions/signer.ts';
import { dumpSessionJson } from '../../lib/sessions/tagged-json.ts';
import { flaskOk, runFlask, withFlask } from '../helpers/flask.ts';
import { check } from '../helpers/property.ts';

const T = 1_700_000_000; // 'ZVPxAA' as a cookie timestamp
const MONTH = 31 * 24 * 3600;

/** Signs any payload text the way Flask does, independently of SessionSigner. */
function signRaw(payload: string, secret: string, stamp = 'ZVPxAA', digest: SessionDigest = 'sha1'): string {
  const key = createHmac(digest, secret).update('cookie-session').digest();
  const signed = `${payload}.${stamp}`;
  return `${signed}.${createHmac(digest, key).update(signed).digest('base64url')}`;
}

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');

const Signer = suite('SessionSigner');

Signer('dumps PAYLOAD.TIMESTAMP.SIGNATURE, as Flask signs it', () => {
  const cookie = new SessionSigner({ secretKey: 'dev' }).dumps({ user: 'ada' }, T);
  assert.is(cookie, signRaw(b64('{"user":"ada"}'), 'dev'));
  assert.match(cookie, /^[\w-]+\.ZVPxAA\.[\w-]{27}$/);
});

Signer('loads what it dumps', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const data = { user: 'Иван', cart: [tuple('apple', 2)], id: new UUID('a0eebc999c0b4ef8bb6d6bb9bd380a11') };
  assert.equal(signer.loads(signer.dumps(data, T), MONTH, T + 5), data);
  assert.equal(signer.loads(signer.dumps(data)), data);
});

Signer('writes timestamps as big-endian bytes without leading zeros', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const stamp = (seconds: number) => signer.dumps({}, seconds).split('.')[1];
  assert.is(stamp(0), '');
  assert.is(stamp(1), 'AQ');
  assert.is(stamp(256), 'AQA');
  assert.is(stamp(T), 'ZVPxAA');
  assert.is(stamp(2 ** 40), 'AQAAAAAA');
  assert.equal(signer.loads(signer.dumps({ a: 1 }, 0)), { a: 1 });
});

Signer('compresses large payloads behind a leading dot', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const data = { text: 'ab'.repeat(2000) };
  const cookie = signer.dumps(data, T);
  assert.ok(cookie.startsWith('.eJ'), cookie.slice(0, 10));
  assert.ok(cookie.length < 200);
  assert.equal(signer.loads(cookie, MONTH, T), data);
  // Small or incompressible data is left as it is.
  assert.not.ok(signer.dumps({ a: 1 }, T).startsWith('.'));
});

Signer("short payloads follow Flask's rule exactly: compressed only when two bytes shorter", () => {
  // dumps skips zlib when it can prove zlib would lose; the payload must not change for that.
  const signer = new SessionSigner({ secretKey: 'dev' });
  // Top-level strings (JSON of any length from 2 bytes) over small alphabets, so some repeat enough
  // to compress and some do not; plus session-shaped dicts.
  const text = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 30 });
  const value = fc.oneof(
    text('ab'),
    text('abc01'),
    text('abcxyz0189 _:,{}[]'),
    fc.dictionary(text('abn'), fc.nat()),
  );
  check(
    fc.property(value, (data) => {
      const raw = Buffer.from(dumpSessionJson(data), 'latin1');
      const deflated = deflateSync(raw);
      const expected = deflated.length < raw.length - 1 ? `.${b64(deflated)}` : b64(raw);
      assert.is(signer.dumps(data, T).split('.ZVPxAA.')[0], expected);
    }),
    20_000,
  );
  // Both sides of the rule are met: 14 bytes deflate to 12 (kept), 13 bytes too (not kept).
  assert.ok(signer.dumps('a'.repeat(12), T).startsWith('.'));
  assert.not.ok(signer.dumps('a'.repeat(11), T).startsWith('.'));
});

Signer('derives different signatures per digest and salt', () => {
  const cookies = new Set(
    [{}, { digest: 'sha256' as const }, { digest: 'sha512' as const }, { salt: 'other' }].map((options) =>
      new SessionSigner({ secretKey: 'dev', ...options }).dumps({ a: 1 }, T),
    ),
  );
  assert.is(cookies.size, 4);
  const sha256 = new SessionSigner({ secretKey: 'dev', digest: 'sha256' });
  assert.is(sha256.dumps({ a: 1 }, T), signRaw(b64('{"a":1}'), 'dev', 'ZVPxAA', 'sha256'));
  assert.is(new SessionSigner({ secretKey: 'dev' }).loads(sha256.dumps({ a: 1 }, T)), undefined);
  for (const digest of ['sha1', 'sha256', 'sha512'] as const) {
    const signer = new SessionSigner({ secretKey: 'dev', digest });
    assert.equal(signer.loads(signer.dumps({ a: 1 })), { a: 1 }, digest);
  }
});

Signer("keyDerivation 'django-concat' derives hash(salt + 'signer' + secret), itsdangerous's default", () => {
  const signer = new SessionSigner({
    secretKey: 'dev',
    salt: 'wtf-csrf-token',
    keyDerivation: 'django-concat',
  });
  const key = createHash('sha1').update('wtf-csrf-tokensignerdev').digest();
  const signed = `${b64('"abc"')}.ZVPxAA`;
  assert.is(
    signer.dumps('abc', T),
    `${signed}.${createHmac('sha1', key).update(signed).digest('base64url')}`,
  );
  assert.is(signer.loads(signer.dumps('abc', T)), 'abc');
  const hmac = new SessionSigner({ secretKey: 'dev', salt: 'wtf-csrf-token' });
  assert.is(hmac.loads(signer.dumps('abc', T)), undefined, 'the two derivations never read each other');
  assert.throws(
    () => new SessionSigner({ secretKey: 'dev', keyDerivation: 'concat' as never }),
    /keyDerivation/,
  );
});

Signer('treats a string secret and its UTF-8 bytes alike', () => {
  const text = new SessionSigner({ secretKey: 'ключ' }).dumps({ a: 1 }, T);
  assert.is(new SessionSigner({ secretKey: Buffer.from('ключ') }).dumps({ a: 1 }, T), text);
});

Signer('signs with the current secret and reads with any fallback', () => {
  const rotated = new SessionSigner({ secretKey: 'new', fallbacks: ['oldest', 'older'] });
  assert.is(rotated.dumps({ a: 1 }, T), new SessionSigner({ secretKey: 'new' }).dumps({ a: 1 }, T));
  for (const secret of ['oldest', 'older', 'new']) {
    const cookie = new SessionSigner({ secretKey: secret }).dumps({ from: secret }, T);
    assert.equal(rotated.loads(cookie, MONTH, T), { from: secret }, secret);
  }
  const stranger = new SessionSigner({ secretKey: 'stranger' }).dumps({ a: 1 }, T);
  assert.is(rotated.loads(stranger, MONTH, T), undefined);
  assert.is(
    new SessionSigner({ secretKey: 'new' }).loads(new SessionSigner({ secretKey: 'older' }).dumps({}, T)),
    undefined,
  );
});

Signer('rejects a cookie with any single byte changed', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const cookie = signer.dumps({ user: 'ada' }, T);
  assert.equal(signer.loads(cookie, MONTH, T), { user: 'ada' });
  for (let i = 0; i < cookie.length; i++) {
    for (const mask of [1, 2, 4, 8, 16, 32, 64]) {
      const tampered =
        cookie.slice(0, i) + String.fromCharCode(cookie.charCodeAt(i) ^ mask) + cookie.slice(i + 1);
      assert.is(signer.loads(tampered, MONTH, T), undefined, tampered);
    }
    assert.is(signer.loads(cookie.slice(0, i) + cookie.slice(i + 1), MONTH, T), undefined);
  }
  assert.is(signer.loads(cookie + 'A', MONTH, T), undefined);
  assert.is(signer.loads(cookie + '=', MONTH, T), undefined);
});

Signer('rejects a signature spelled with different unused bits', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const cookie = signer.dumps({}, T);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // A 20-byte signature leaves 2 unused bits in its last character; flipping one keeps the bytes.
  const twin = cookie.slice(0, -1) + alphabet[alphabet.indexOf(cookie.at(-1)!) ^ 1];
  assert.is(
    Buffer.from(twin.split('.')[2]!, 'base64url').equals(Buffer.from(cookie.split('.')[2]!, 'base64url')),
    true,
  );
  assert.is(signer.loads(twin), undefined);
});

Signer('expires after maxAge seconds, and refuses future dates', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const cookie = signer.dumps({ a: 1 }, T);
  assert.equal(signer.loads(cookie, 100, T + 100), { a: 1 });
  assert.is(signer.loads(cookie, 100, T + 101), undefined);
  assert.is(signer.loads(cookie, 100, T - 1), undefined);
  assert.is(signer.loads(cookie, Number.NaN, T), undefined);
  // Without maxAge, like itsdangerous, age is not checked at all.
  assert.equal(signer.loads(cookie, undefined, T - 1), { a: 1 });
});

Signer('reads malformed values as undefined', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const values = [
    '',
    '.',
    '..',
    '...',
    'abc',
    'abc.def',
    'a.b.c',
    '🍪.🍪.🍪',
    signRaw(b64('not json'), 'dev'),
    signRaw(b64('{"a":1'), 'dev'),
    signRaw(b64('{" b":"?"}'), 'dev'),
    signRaw(b64('NaN'), 'dev'),
    signRaw('.' + b64('not zlib'), 'dev'),
    signRaw('.' + b64(deflateSync('{"a":1}').subarray(0, -3)), 'dev'),
    signRaw(b64('{"a":1}'), 'dev', '!!'),
    signRaw(b64('{"a":1}'), 'dev', 'AAAAAAAAAAAA'),
    signRaw(b64('{"a":1}'), 'dev', 'ZVPxAA=='),
    signRaw(`${b64('{"a":1}')}.junk`, 'dev'),
  ];
  for (const value of values) assert.is(signer.loads(value, MONTH, T), undefined, value);
  for (const value of [null, undefined, 42, {}, ['a.b.c']]) {
    assert.is(signer.loads(value as unknown as string, MONTH, T), undefined);
  }
  // The same crafted form with a good payload does load, so the cases above fail for their flaw.
  assert.equal(signer.loads(signRaw(b64('{"a":1}'), 'dev'), MONTH, T), { a: 1 });
  assert.equal(signer.loads(signRaw('.' + b64(deflateSync('{"a":1}')), 'dev'), MONTH, T), { a: 1 });
});

Signer('refuses to inflate a compression bomb', () => {
  const json = `{"a":"${'x'.repeat(1_000_000)}"}`;
  const bomb = signRaw('.' + b64(deflateSync(json)), 'dev');
  assert.ok(bomb.length < 2000);
  assert.is(new SessionSigner({ secretKey: 'dev' }).loads(bomb, MONTH, T), undefined);
  const roomy = new SessionSigner({ secretKey: 'dev', maxInflate: 2_000_000 });
  assert.is((roomy.loads(bomb, MONTH, T) as { a: string }).a.length, 1_000_000);
});

Signer('throws a TypeError naming the bad option, never echoing a secret', () => {
  const cases: Array<[object, RegExp]> = [
    [{ secretKey: '' }, /secretKey/],
    [{ secretKey: new Uint8Array(0) }, /secretKey/],
    [{ secretKey: 42 }, /secretKey/],
    [{ secretKey: 'hunter2', fallbacks: ['ok', ''] }, /fallbacks\[1\]/],
    [{ secretKey: 'hunter2', digest: 'md5' }, /digest/],
    [{ secretKey: 'hunter2', salt: 5 }, /salt/],
    [{ secretKey: 'hunter2', maxInflate: 0 }, /maxInflate/],
    [{ secretKey: 'hunter2', maxInflate: 1.5 }, /maxInflate/],
  ];
  for (const [options, pattern] of cases) {
    try {
      new SessionSigner(options as never);
      assert.unreachable(String(pattern));
    } catch (error) {
      assert.instance(error, TypeError);
      assert.match((error as Error).message, pattern);
      assert.not.match((error as Error).message, /hunter2/);
    }
  }
});

Signer('dumps throws a TypeError for a bad time or unserializable data', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  for (const now of [-1, 1.5, Number.NaN]) assert.throws(() => signer.dumps({}, now), /nowSeconds/);
  assert.throws(() => signer.dumps({ f: () => 1 }, T), TypeError);
});

const Interop = suite('SessionSigner interop with Flask');

if (withFlask(Interop)) {
  const cases: Record<string, unknown> = {
    empty: {},
    'plain strings': { username: 'ada', csrf: 'a1b2c3' },
    'non-ASCII': { ru: 'Привет, мир', emoji: '😀👍🏽' },
    'nested dicts and lists': { a: { b: [1, 2.5, { c: [null, true] }] } },
    tuples: { pair: tuple('a', tuple(1, 2)) },
    bytes: { raw: Buffer.from([0, 1, 254, 255]) },
    datetimes: { when: new Date(Date.UTC(2024, 1, 29, 13, 5, 9)), epoch: new Date(0) },
    UUIDs: { id: new UUID('a0eebc999c0b4ef8bb6d6bb9bd380a11') },
    markup: { banner: new Markup('<b>Hi</b>') },
    '" di" escape': { ' t': { ' b': 1 } },
    permanent: { _permanent: true, user_id: 7 },
    flashes: { _flashes: [tuple('message', 'Saved.'), tuple('error', 'Ошибка 😀')] },
    compressed: {
      text: 'Lorem ipsum dolor sit amet. '.repeat(100),
      ids: Array.from({ length: 200 }, (_, i) => i),
    },
    'compressed non-ASCII': { ru: 'Съешь же ещё этих мягких французских булок. '.repeat(40) },
    incompressible: { token: 'q9Zk2Lr8Xw1Vb7Tn4Mj6Hc3Pf5Dg0Sa' },
  };
  const names = Object.keys(cases);

  Interop('Phial writes byte-for-byte what Flask writes; compressed cookies read both ways', () => {
    const results = runFlask(
      names.map((name) => ({ op: 'dumps', data: cases[name], secret: 'dev', timestamp: T })),
    );
    const signer = new SessionSigner({ secretKey: 'dev' });
    names.forEach((name, i) => {
      const flask = flaskOk(results[i]).value;
      const phial = signer.dumps(cases[name], T);
      assert.is(phial.startsWith('.'), flask.startsWith('.'), `${name}: both compress or neither`);
      // Node bundles Chromium's zlib, whose deflate may pick other matches than Python's zlib:
      // compressed cookies are checked by reading them (below), not byte for byte.
      if (!phial.startsWith('.')) assert.is(phial, flask, name);
      else assert.ok(phial.startsWith('.eJ') && flask.startsWith('.eJ'), name);
      assert.equal(signer.loads(flask, MONTH, T + 60), cases[name], `Phial reading Flask's ${name}`);
    });
    const reads = runFlask(
      names.map((name) => ({
        op: 'loads',
        cookie: signer.dumps(cases[name], T),
        secret: 'dev',
        maxAge: MONTH,
        now: T + 60,
      })),
    );
    names.forEach((name, i) => {
      assert.equal(flaskOk(reads[i]).data, cases[name], `Flask reading Phial's ${name}`);
    });
  });

  Interop('timestamps, digests and byte secrets match Flask', () => {
    const variants: Array<{ secret: string | Uint8Array; digest?: SessionDigest; timestamp: number }> = [
      { secret: 'dev', timestamp: 0 },
      { secret: 'dev', timestamp: 255 },
      { secret: 'dev', timestamp: 2 ** 32 + 1 },
      { secret: 'dev', digest: 'sha256', timestamp: T },
      { secret: 'dev', digest: 'sha512', timestamp: T },
      { secret: Buffer.from([0xff, 0x00, 0x80, 0x41]), timestamp: T },
      { secret: 'ключ 😀', digest: 'sha256', timestamp: T },
    ];
    const data = { user: 'ada', _permanent: true };
    const results = runFlask(variants.map((v) => ({ op: 'dumps', data, ...v })));
    variants.forEach((variant, i) => {
      const signer = new SessionSigner({ secretKey: variant.secret, digest: variant.digest ?? 'sha1' });
      assert.is(signer.dumps(data, variant.timestamp), flaskOk(results[i]).value, JSON.stringify(variant));
    });
  });

  Interop('key rotation reads as Flask 3.1 does', () => {
    const fallbacks = ['oldest', 'older'];
    const rotated = new SessionSigner({ secretKey: 'new', fallbacks });
    const [current, fromOlder, fromOldest, fromStranger] = runFlask([
      { op: 'dumps', data: { a: 1 }, secret: 'new', fallbacks, timestamp: T },
      { op: 'dumps', data: { a: 2 }, secret: 'older', timestamp: T },
      { op: 'dumps', data: { a: 3 }, secret: 'oldest', timestamp: T },
      { op: 'dumps', data: { a: 4 }, secret: 'stranger', timestamp: T },
    ]);
    assert.is(rotated.dumps({ a: 1 }, T), flaskOk(current).value);
    assert.equal(rotated.loads(flaskOk(fromOlder).value, MONTH, T), { a: 2 });
    assert.equal(rotated.loads(flaskOk(fromOldest).value, MONTH, T), { a: 3 });
    assert.is(rotated.loads(flaskOk(fromStranger).value, MONTH, T), undefined);
    assert.is(new SessionSigner({ secretKey: 'new' }).loads(flaskOk(fromOlder).value, MONTH, T), undefined);
    const [flaskReadsOld] = runFlask([
      {
        op: 'loads',
        cookie: new SessionSigner({ secretKey: 'oldest' }).dumps({ b: 1 }, T),
        secret: 'new',
        fallbacks,
        maxAge: MONTH,
        now: T,
      },
    ]);
    assert.equal(flaskOk(flaskReadsOld).data, { b: 1 });
  });

  Interop('expiry, future dates and tampering are judged as Flask judges them', () => {
    const signer = new SessionSigner({ secretKey: 'dev' });
    const cookie = signer.dumps({ a: 1 }, T);
    const tampered = cookie.replace('ZVPxAA', 'ZVPxAQ');
    const checks: Array<[string, number]> = [
      [cookie, T + 100],
      [cookie, T + 101],
      [cookie, T - 1],
      [tampered, T],
    ];
    const results = runFlask(
      checks.map(([value, now]) => ({ op: 'loads', cookie: value, secret: 'dev', maxAge: 100, now })),
    );
    assert.equal(flaskOk(results[0]).data, { a: 1 });
    assert.equal(
      results.slice(1).map((result) => (result.ok ? 'ok' : result.error)),
      ['SignatureExpired', 'SignatureExpired', 'BadTimeSignature'],
    );
    assert.equal(
      checks.map(([value, now]) => signer.loads(value, 100, now)),
      [{ a: 1 }, undefined, undefined, undefined],
    );
  });
}

Signer.run();
Interop.run();
