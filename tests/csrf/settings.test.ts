/** The CSRF settings (lib/csrf/settings.ts): defaults, what the checks make of them, and the cache. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type CsrfConfigWithSecrets, CsrfSettingsCache, csrfDefaults } from '../../lib/csrf/settings.ts';
import { Session } from '../../lib/sessions/session.ts';

function config(overrides: Partial<CsrfConfigWithSecrets> = {}): CsrfConfigWithSecrets {
  return { ...csrfDefaults(), SECRET_KEY: 'dev', SECRET_KEY_FALLBACKS: null, ...overrides };
}

const Settings = suite('CSRF settings');

Settings("defaults: on, no token required, Flask-WTF's field, headers and time limit", () => {
  assert.equal(csrfDefaults(), {
    CSRF_ENABLED: true,
    CSRF_TOKEN_REQUIRED: false,
    CSRF_TRUSTED_ORIGINS: [],
    CSRF_FIELD_NAME: 'csrf_token',
    CSRF_HEADERS: ['X-CSRFToken', 'X-CSRF-Token'],
    CSRF_TIME_LIMIT: 3600,
  });
  assert.is.not(csrfDefaults().CSRF_HEADERS, csrfDefaults().CSRF_HEADERS, 'a fresh list each time');
});

Settings('read turns the keys into what the checks use', () => {
  const settings = new CsrfSettingsCache().read(
    config({ CSRF_TOKEN_REQUIRED: true, CSRF_TRUSTED_ORIGINS: ['https://A.example'], CSRF_TIME_LIMIT: 60 }),
  );
  assert.is(settings.tokenRequired, true);
  assert.equal([...settings.trustedOrigins], ['https://a.example']);
  assert.equal(settings.headers, ['X-CSRFToken', 'X-CSRF-Token']);
  assert.is(settings.tokens?.fieldName, 'csrf_token');
  assert.is(settings.tokens?.timeLimit, 60);
});

Settings('no secret key (null or empty): no tokens', () => {
  assert.is(new CsrfSettingsCache().read(config({ SECRET_KEY: null })).tokens, null);
  assert.is(new CsrfSettingsCache().read(config({ SECRET_KEY: '' })).tokens, null);
});

Settings(
  'the same settings while nothing changes; new ones when a key, a list item or the secret does',
  () => {
    const cache = new CsrfSettingsCache();
    const values = config();
    const first = cache.read(values);
    assert.is(cache.read(values), first);
    assert.is(cache.read({ ...values }), first, 'equal values, another object');
    values.CSRF_TRUSTED_ORIGINS.push('https://admin.example');
    const second = cache.read(values);
    assert.is.not(second, first, 'a list changed in place is seen');
    assert.ok(second.trustedOrigins.has('https://admin.example'));
    values.SECRET_KEY = 'rotated';
    const third = cache.read(values);
    assert.is.not(third, second);
    const session = new Session();
    const token = third.tokens!.generate(session);
    assert.is(second.tokens!.validate(token, session)?.reason, 'token-invalid', 'signed with the new secret');
    values.SECRET_KEY_FALLBACKS = ['dev'];
    assert.is(cache.read(values).tokens!.validate(second.tokens!.generate(session), session), null);
  },
);

Settings('bad values are TypeErrors naming the key', () => {
  assert.throws(
    () => new CsrfSettingsCache().read(config({ CSRF_HEADERS: 'X-CSRFToken' as never })),
    /CSRF_HEADERS/,
  );
  assert.throws(() => new CsrfSettingsCache().read(config({ CSRF_HEADERS: [''] })), /CSRF_HEADERS/);
  assert.throws(
    () => new CsrfSettingsCache().read(config({ CSRF_TRUSTED_ORIGINS: ['https://x.example/'] })),
    /CSRF_TRUSTED_ORIGINS\[0\]/,
  );
  assert.throws(() => new CsrfSettingsCache().read(config({ CSRF_TIME_LIMIT: 0 })), /CSRF_TIME_LIMIT/);
  assert.throws(() => new CsrfSettingsCache().read(config({ CSRF_FIELD_NAME: '' })), /CSRF_FIELD_NAME/);
});

Settings.run();
