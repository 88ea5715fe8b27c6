/**
 * The token layer (lib/csrf/token.ts): Flask-WTF's session-bound tokens, made and checked by
 * CsrfTokens, and the same tokens exchanged with real Flask-WTF.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CsrfTokens } from '../../lib/csrf/token.ts';
import { Session } from '../../lib/sessions/session.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';
import { runFlaskWtf, type WtfOp, withFlaskWtf } from '../helpers/flask-wtf.ts';

const T = 1_700_000_000;
const HOUR = 3600;

/** The token with one character in the middle of its signature changed (not the last: its low bits are padding). */
function flipInSignature(token: string): string {
  const at = token.length - 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

const Tokens = suite('CsrfTokens');

Tokens('generate stores 160 random bits in the session, once, and signs them', () => {
  const tokens = new CsrfTokens({ secretKey: 'dev' });
  const session = new Session();
  const token = tokens.generate(session, T);
  const raw = session.get('csrf_token');
  assert.type(raw, 'string');
  assert.match(raw as string, /^[0-9a-f]{40}$/);
  assert.ok(session.modified, 'the new value is saved with the response');
  const [payload, stamp, signature] = token.split('.');
  assert.is(Buffer.from(payload!, 'base64url').toString(), JSON.stringify(raw));
  assert.is(stamp, 'ZVPxAA');
  assert.match(signature!, /^[\w-]{27}$/);
  // A second token of the same session signs the same value.
  const again = tokens.generate(session, T + 5);
  assert.is(session.get('csrf_token'), raw);
  assert.is(again.split('.')[0], payload);
  assert.is.not(new CsrfTokens({ secretKey: 'dev' }).generate(new Session(), T).split('.')[0], payload);
});

Tokens("signs as itsdangerous's URLSafeTimedSerializer with salt wtf-csrf-token (django-concat key)", () => {
  const raw = '5d47d6c7bc6348aeacbdde5fad2a62aca1e6951e'; // random: zlib cannot shorten it
  const session = new Session({ csrf_token: raw });
  const token = new CsrfTokens({ secretKey: 'dev' }).generate(session, T);
  const key = createHash('sha1').update('wtf-csrf-token').update('signer').update('dev').digest();
  const signed = `${Buffer.from(`"${raw}"`).toString('base64url')}.ZVPxAA`;
  assert.is(token, `${signed}.${createHmac('sha1', key).update(signed).digest('base64url')}`);
});

Tokens('a non-string or empty value in the session is replaced', () => {
  const tokens = new CsrfTokens({ secretKey: 'dev' });
  for (const stored of [42, '', { a: 1 }, null]) {
    const session = new Session<Record<string, unknown>>({ csrf_token: stored });
    const token = tokens.generate(session, T);
    assert.match(session.get('csrf_token') as string, /^[0-9a-f]{40}$/, String(stored));
    assert.is(tokens.validate(token, session, T), null);
  }
});

Tokens('validate accepts its own token, from a header or a form alike', () => {
  const tokens = new CsrfTokens({ secretKey: 'dev' });
  const session = new Session();
  const token = tokens.generate(session, T);
  assert.is(tokens.validate(token, session, T), null);
  assert.is(tokens.validate(token, session, T + HOUR), null, 'exactly the time limit is still valid');
});

Tokens("validate refuses with Flask-WTF's reasons and messages, all 400", () => {
  const tokens = new CsrfTokens({ secretKey: 'dev' });
  const session = new Session();
  const token = tokens.generate(session, T);
  const cases: Array<[string, string | null | undefined, Session<any>, number, string]> = [
    ['token-missing', undefined, session, T, 'The CSRF token is missing.'],
    ['token-missing', null, session, T, 'The CSRF token is missing.'],
    ['token-missing', '', session, T, 'The CSRF token is missing.'],
    ['session-token-missing', token, new Session(), T, 'The CSRF session token is missing.'],
    ['token-invalid', `${token}x`, session, T, 'The CSRF token is invalid.'],
    ['token-invalid', flipInSignature(token), session, T, 'The CSRF token is invalid.'],
    ['token-invalid', 'garbage', session, T, 'The CSRF token is invalid.'],
    [
      'token-invalid',
      new CsrfTokens({ secretKey: 'other' }).generate(session, T),
      session,
      T,
      'The CSRF token is invalid.',
    ],
    ['token-expired', token, session, T + HOUR + 1, 'The CSRF token has expired.'],
    ['token-expired', token, session, T - 1, 'The CSRF token has expired.'],
    ['tokens-differ', token, new Session({ csrf_token: 'b'.repeat(40) }), T, 'The CSRF tokens do not match.'],
    ['tokens-differ', token, new Session({ csrf_token: 7 }), T, 'The CSRF tokens do not match.'],
  ];
  for (const [reason, data, against, now, message] of cases) {
    const refused = tokens.validate(data, against, now);
    assert.ok(refused, `${reason}: refused`);
    assert.is(refused!.reason, reason);
    assert.is(refused!.status, 400);
    assert.is(refused!.layer, 'token');
    assert.is(refused!.description, message);
  }
});

Tokens('a session token from another session value, signed alike, is not this one', () => {
  const tokens = new CsrfTokens({ secretKey: 'dev' });
  const mine = new Session();
  const theirs = new Session();
  tokens.generate(mine, T);
  const foreign = tokens.generate(theirs, T);
  assert.is(tokens.validate(foreign, mine, T)?.reason, 'tokens-differ');
});

Tokens('the time limit: configurable, or none', () => {
  const session = new Session();
  const short = new CsrfTokens({ secretKey: 'dev', timeLimit: 60 });
  const token = short.generate(session, T);
  assert.is(short.validate(token, session, T + 60), null);
  assert.is(short.validate(token, session, T + 61)?.reason, 'token-expired');
  const forever = new CsrfTokens({ secretKey: 'dev', timeLimit: null });
  assert.is(forever.validate(token, session, T + 10 * 365 * 24 * HOUR), null);
});

Tokens('the field name is also the session key', () => {
  const tokens = new CsrfTokens({ secretKey: 'dev', fieldName: '_csrf' });
  const session = new Session();
  const token = tokens.generate(session, T);
  assert.ok(session.has('_csrf' as never));
  assert.not.ok(session.has('csrf_token' as never));
  assert.is(tokens.validate(token, session, T), null);
});

Tokens(
  'secret rotation: tokens signed with a fallback secret still validate; new ones use the current secret',
  () => {
    const session = new Session();
    const old = new CsrfTokens({ secretKey: 'old' }).generate(session, T);
    const rotated = new CsrfTokens({ secretKey: 'new', fallbacks: ['old'] });
    assert.is(rotated.validate(old, session, T), null);
    assert.is(new CsrfTokens({ secretKey: 'new' }).validate(old, session, T)?.reason, 'token-invalid');
    assert.is(new CsrfTokens({ secretKey: 'new' }).validate(rotated.generate(session, T), session, T), null);
  },
);

Tokens('bad settings are TypeErrors naming the config key', () => {
  assert.throws(() => new CsrfTokens({ secretKey: 'dev', fieldName: '' }), /CSRF_FIELD_NAME/);
  for (const timeLimit of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new CsrfTokens({ secretKey: 'dev', timeLimit }), /CSRF_TIME_LIMIT/);
  }
  assert.throws(() => new CsrfTokens({ secretKey: '' }), /secretKey/);
});

Tokens('values are compared with crypto.timingSafeEqual, never ===', () => {
  const source = readFileSync(new URL('../../lib/csrf/token.ts', import.meta.url), 'utf8');
  const compare = /function sameValue\([^)]*\): boolean \{\n([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  assert.match(compare, /timingSafeEqual\(a, b\)/);
  assert.match(source, /return sameValue\(raw, signed\)/);
  assert.not.match(source, /raw ===? signed|signed ===? raw|\.equals\(/);
});

const Interop = suite('CSRF tokens interop with Flask-WTF');

if (withFlaskWtf(Interop)) {
  Interop("Phial accepts Flask-WTF's token, and Flask-WTF accepts Phial's", () => {
    const now = Math.floor(Date.now() / 1000);
    const [issued] = runFlaskWtf([{ op: 'token', secret: 'shared', now }]);
    const raw = /"([0-9a-f]{40})"/.exec(
      Buffer.from(issued!.cookie!.split('.')[0]!, 'base64url').toString(),
    )?.[1];
    assert.ok(raw, "Flask-WTF keeps the raw value in the session's csrf_token");
    const tokens = new CsrfTokens({ secretKey: 'shared' });
    const session = new Session({ csrf_token: raw });
    assert.is(tokens.validate(issued!.token, session, now), null);
    // Phial signs the same value at the same second into the same token, byte for byte.
    const phial = tokens.generate(session, now);
    assert.is(phial, issued!.token);
    const [judged] = runFlaskWtf([
      { op: 'post', secret: 'shared', now, cookie: issued!.cookie!, form: { csrf_token: phial } },
    ]);
    assert.equal(judged, { status: 200, text: 'accepted' });
    // And a token Phial signs for a value of its own, with the session cookie Phial's app would write.
    const mine = new Session();
    const minted = tokens.generate(mine, now);
    const cookie = new SessionSigner({ secretKey: 'shared' }).dumps(mine.data, now);
    const [accepted, forged] = runFlaskWtf([
      { op: 'post', secret: 'shared', now, cookie, headers: { 'X-CSRFToken': minted } },
      { op: 'post', secret: 'shared', now, cookie: issued!.cookie!, headers: { 'X-CSRFToken': minted } },
    ]);
    assert.equal(accepted, { status: 200, text: 'accepted' });
    assert.equal(forged, { status: 400, text: 'The CSRF tokens do not match.' });
  });

  Interop('both refuse the same tokens with the same messages', () => {
    const now = Math.floor(Date.now() / 1000);
    const [issued] = runFlaskWtf([{ op: 'token', secret: 'shared', now: now - HOUR - 5 }]);
    const token = issued!.token!;
    const raw = /"([0-9a-f]{40})"/.exec(
      Buffer.from(issued!.cookie!.split('.')[0]!, 'base64url').toString(),
    )![1]!;
    const other = new CsrfTokens({ secretKey: 'shared' }).generate(new Session(), now);
    const cases: Array<{ name: string; token?: string; cookie?: string; at: number; raw?: string }> = [
      { name: 'missing', cookie: issued!.cookie!, at: now, raw },
      { name: 'no session value', token, at: now - HOUR },
      {
        name: 'tampered',
        token: flipInSignature(token),
        cookie: issued!.cookie!,
        at: now - HOUR,
        raw,
      },
      { name: 'expired', token, cookie: issued!.cookie!, at: now, raw },
      { name: 'another session', token: other, cookie: issued!.cookie!, at: now - HOUR, raw },
    ];
    const flask = runFlaskWtf(
      cases.map(
        (c): WtfOp => ({
          op: 'post',
          secret: 'shared',
          now: c.at,
          ...(c.cookie !== undefined && { cookie: c.cookie }),
          form: c.token === undefined ? {} : ({ csrf_token: c.token } as Record<string, string>),
        }),
      ),
    );
    const tokens = new CsrfTokens({ secretKey: 'shared' });
    cases.forEach((c, i) => {
      const session = new Session(c.raw === undefined ? {} : { csrf_token: c.raw });
      const refused = tokens.validate(c.token, session, c.at);
      assert.is(flask[i]!.status, 400, `${c.name}: Flask-WTF refuses`);
      assert.is(refused?.description, flask[i]!.text, `${c.name}: the same message`);
    });
  });
}

Tokens.run();
Interop.run();
