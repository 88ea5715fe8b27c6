/**
 * Property tests: a session cookie changed by one character or one bit is no session at all, for
 * the signed cookie (SessionSigner, Flask's format) and the encrypted one
 * (EncryptedCookieSessionInterface). Each property first checks that the unchanged cookie reads
 * back as the data, so a property cannot pass by reading nothing.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { defaultConfig } from '../../lib/config.ts';
import { Request } from '../../lib/http/request.ts';
import { EncryptedCookieSessionInterface } from '../../lib/sessions/encrypted-cookie.ts';
import { SecureCookieSessionInterface } from '../../lib/sessions/secure-cookie.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';
import { applyMutation, check, mutation, sessionData } from '../helpers/property.ts';

const NOW = 1_700_000_000;
const MONTH = 31 * 24 * 3600;
const PRINTABLE = /^[\x21-\x7e]*$/;

// ── the signed cookie ───────────────────────────────────────────────────────────────────────────

const Signed = suite('SessionSigner: tampering');
const signer = new SessionSigner({ secretKey: 'current secret', fallbacks: ['older secret'] });
const olderSigner = new SessionSigner({ secretKey: 'older secret' });

Signed('every single-character or single-bit change reads as no session', () => {
  check(
    fc.property(sessionData(), mutation(), fc.boolean(), (data, change, older) => {
      const cookie = (older ? olderSigner : signer).dumps(data, NOW);
      assert.equal(signer.loads(cookie, MONTH, NOW), data);
      const tampered = applyMutation(cookie, change);
      fc.pre(tampered !== null);
      assert.is(signer.loads(tampered!, MONTH, NOW), undefined);
    }),
    3000,
  );
});

Signed('a compressed cookie changed anywhere reads as no session', () => {
  const large = sessionData().map((data) => ({ ...data, text: 'abcabcabc'.repeat(40) }));
  check(
    fc.property(large, mutation(), (data, change) => {
      const cookie = signer.dumps(data, NOW);
      assert.ok(cookie.startsWith('.'), 'compressed');
      const tampered = applyMutation(cookie, change);
      fc.pre(tampered !== null);
      assert.is(signer.loads(tampered!, MONTH, NOW), undefined);
    }),
    1000,
  );
});

Signed('through SecureCookieSessionInterface, a changed cookie opens an empty session', () => {
  const app = new App();
  app.secretKey = 'current secret';
  const sessions = new SecureCookieSessionInterface();
  check(
    fc.property(sessionData(), mutation(true), (data, change) => {
      const cookie = signer.dumps(data, Math.floor(Date.now() / 1000));
      const tampered = applyMutation(cookie, change);
      // A header cannot carry controls or spaces: the browser would not send such a cookie.
      fc.pre(tampered !== null && PRINTABLE.test(tampered) && !tampered.includes(';'));
      const request = new Request({ method: 'GET', url: '/', headers: { cookie: `session=${tampered}` } });
      const session = sessions.openSession(app, request)!;
      assert.is(session.size, 0);
    }),
    500,
  );
});

Signed.run();

// ── the encrypted cookie ────────────────────────────────────────────────────────────────────────

const Encrypted = suite('EncryptedCookieSessionInterface: tampering');
const config = defaultConfig();
config.SECRET_KEY = 'current secret';
config.SECRET_KEY_FALLBACKS = ['older secret'];
const olderConfig = defaultConfig();
olderConfig.SECRET_KEY = 'older secret';
const sealer = new EncryptedCookieSessionInterface();

Encrypted('every single-character or single-bit change reads as no session', () => {
  check(
    fc.property(sessionData(), mutation(), fc.boolean(), (data, change, older) => {
      const cookie = sealer.seal(older ? olderConfig : config, data, NOW);
      assert.equal(sealer.unseal(config, cookie, NOW), data);
      // `v1` is the version, not base64url: its bits are flipped as characters only.
      const tampered = applyMutation(cookie, change, 1);
      fc.pre(tampered !== null);
      assert.is(sealer.unseal(config, tampered!, NOW), undefined);
    }),
    3000,
  );
});

Encrypted('through openSession, a changed cookie opens an empty session', () => {
  const app = new App();
  app.secretKey = 'current secret';
  check(
    fc.property(sessionData(), mutation(true), (data, change) => {
      const cookie = sealer.seal(app.config, data);
      const tampered = applyMutation(cookie, change, 1);
      fc.pre(tampered !== null && PRINTABLE.test(tampered) && !tampered.includes(';'));
      const request = new Request({ method: 'GET', url: '/', headers: { cookie: `session=${tampered}` } });
      assert.is(sealer.openSession(app, request)!.size, 0);
    }),
    500,
  );
});

Encrypted.run();
