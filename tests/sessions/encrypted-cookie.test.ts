import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { defaultConfig } from '../../lib/config.ts';
import { Request } from '../../lib/http/request.ts';
import { Response } from '../../lib/http/response.ts';
import { EncryptedCookieSessionInterface } from '../../lib/sessions/encrypted-cookie.ts';
import type { SessionInterface } from '../../lib/sessions/interface.ts';
import { NO_SECRET_KEY_MESSAGE } from '../../lib/sessions/null-session.ts';
import { Markup, tuple, UUID } from '../../lib/sessions/python-types.ts';
import { SecureCookieSessionInterface } from '../../lib/sessions/secure-cookie.ts';
import type { TestClient } from '../../lib/testing/client.ts';

const T = 1_700_000_000;
const MONTH = 31 * 24 * 3600;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

interface Options {
  secretKey?: string | null;
  fallbacks?: string[] | null;
  sessions?: SessionInterface;
  warnings?: unknown[];
}

/** An app whose routes do one thing each to the session. */
function makeApp(options: Options = {}): App {
  const app = new App();
  const warnings = options.warnings ?? [];
  app.logger = { info() {}, warn: (...args) => warnings.push(args), error() {} };
  app.secretKey = options.secretKey === undefined ? 'dev' : options.secretKey;
  app.config.SECRET_KEY_FALLBACKS = options.fallbacks ?? null;
  app.sessionInterface = options.sessions ?? new EncryptedCookieSessionInterface();
  app.get('/login')(({ request, session }) => {
    session.set('user', request.args.get('user') ?? 'ada');
    return 'in';
  });
  app.get('/big')(({ session }) => {
    session.set('text', 'x'.repeat(5000));
    return 'big';
  });
  app.get('/read')(({ session }) => session.data);
  app.get('/untouched')(() => 'untouched');
  app.get('/permanent')(({ session }) => {
    session.permanent = true;
    session.set('user', 'ada');
    return 'permanent';
  });
  app.get('/clear')(({ session }) => {
    session.clear();
    return 'cleared';
  });
  app.get('/regenerate')(({ session }) => {
    session.regenerate();
    return 'regenerated';
  });
  app.get('/destroy')(({ session }) => {
    session.destroy();
    return 'destroyed';
  });
  app.get('/write')(({ session }) => {
    try {
      session.set('user', 'ada');
      return 'written';
    } catch (error) {
      return (error as Error).message;
    }
  });
  return app;
}

async function loggedIn(app: App): Promise<{ client: TestClient; cookie: string }> {
  const client = app.testClient();
  await client.get('/login');
  const cookie = client.getCookie('session')?.value;
  assert.type(cookie, 'string');
  return { client, cookie: cookie! };
}

/** What the app reads from a session cookie with this value. */
async function readWith(app: App, value: string): Promise<unknown> {
  const client = app.testClient();
  client.setCookie('session', value);
  return (await client.get('/read')).json();
}

const sealed = (body: Buffer) => `v1.${body.toString('base64url')}`;
const bodyOf = (value: string) => Buffer.from(value.slice(3), 'base64url');

const Cookie = suite('EncryptedCookieSessionInterface');

Cookie('round trip: set in one request, read back on the next', async () => {
  const app = makeApp();
  const { client, cookie } = await loggedIn(app);
  assert.match(cookie, /^v1\.[A-Za-z0-9_-]+$/);
  assert.equal((await client.get('/read')).json(), { user: 'ada' });
});

Cookie('the body is nonce, ciphertext and tag around the issue time and the JSON', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'dev' };
  const value = sessions.seal(config, { user: 'ada' }, T);
  assert.is(bodyOf(value).length, 12 + 8 + '{"user":"ada"}'.length + 16);
});

Cookie('follows the documented format, read and written independently', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'dev' };
  const key = Buffer.from(
    hkdfSync('sha256', 'dev', 'phial-encrypted-session', 'phial encrypted session cookie v1', 32),
  );
  const body = bodyOf(sessions.seal(config, { user: 'ada' }, T));
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
  decipher.setAAD(Buffer.from('v1'));
  decipher.setAuthTag(body.subarray(-16));
  const plaintext = Buffer.concat([decipher.update(body.subarray(12, -16)), decipher.final()]);
  assert.is(plaintext.readBigUInt64BE(0), BigInt(T));
  assert.is(plaintext.toString('utf8', 8), '{"user":"ada"}');

  const write = (aad: string) => {
    const nonce = Buffer.alloc(12, 7);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(aad));
    const issued = Buffer.alloc(8);
    issued.writeBigUInt64BE(BigInt(T));
    const text = Buffer.concat([issued, Buffer.from('{"a":[1]}')]);
    return sealed(Buffer.concat([nonce, cipher.update(text), cipher.final(), cipher.getAuthTag()]));
  };
  assert.equal(sessions.unseal(config, write('v1'), T), { a: [1] });
  // The version is authenticated: the same bytes under another AAD do not open.
  assert.is(sessions.unseal(config, write(''), T), undefined);
  assert.is(sessions.unseal(config, write('v2'), T), undefined);
});

Cookie('keeps the types of the tagged JSON format', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'dev' };
  const data = {
    pair: tuple('apple', 2),
    id: new UUID('a0eebc999c0b4ef8bb6d6bb9bd380a11'),
    when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    bytes: Buffer.from([0, 1, 255]),
    html: new Markup('<b>hi</b>'),
    name: 'Иван',
    nested: { list: [1, 0.5, null, true] },
  };
  assert.equal(sessions.unseal(config, sessions.seal(config, data)), data);
});

Cookie('the cookie shows neither the plaintext nor its base64', async () => {
  const marker = 'plaintext-marker-0123456789';
  const app = makeApp();
  const client = app.testClient();
  await client.get('/login', { query: { user: marker } });
  const cookie = client.getCookie('session')!.value;
  assert.not.ok(cookie.includes(marker));
  assert.not.ok(bodyOf(cookie).includes(marker));
  for (const json of [marker, `{"user":"${marker}"}`]) {
    for (const pad of ['', 'x', 'xx']) {
      // The middle of a base64 text does not depend on what surrounds it, once aligned.
      const inner = Buffer.from(pad + json)
        .toString('base64url')
        .slice(4, -4);
      assert.not.ok(cookie.includes(inner), `base64 of ${pad}${json}`);
      assert.not.ok(
        cookie.includes(
          Buffer.from(pad + json)
            .toString('base64')
            .slice(4, -4),
        ),
      );
    }
  }
  assert.equal((await client.get('/read')).json(), { user: marker });
});

Cookie('two writes of the same data give different cookies (a fresh nonce each time)', async () => {
  const app = makeApp();
  const first = (await loggedIn(app)).cookie;
  const second = (await loggedIn(app)).cookie;
  assert.is.not(first, second);
  assert.not.equal(bodyOf(first).subarray(0, 12), bodyOf(second).subarray(0, 12));
  assert.equal(await readWith(app, first), { user: 'ada' });
  assert.equal(await readWith(app, second), { user: 'ada' });
});

Cookie('another salt derives another key', async () => {
  const { cookie } = await loggedIn(makeApp());
  const other = makeApp({ sessions: new EncryptedCookieSessionInterface({ salt: 'other' }) });
  assert.equal(await readWith(other, cookie), {});
  assert.throws(() => new EncryptedCookieSessionInterface({ salt: '' }), /salt must be a non-empty string/);
});

Cookie('a signed cookie is not accepted, nor is an encrypted one by the signed interface', async () => {
  const signed = makeApp({ sessions: new SecureCookieSessionInterface() });
  const encrypted = makeApp();
  assert.equal(await readWith(encrypted, (await loggedIn(signed)).cookie), {});
  assert.equal(await readWith(signed, (await loggedIn(encrypted)).cookie), {});
});

const Tamper = suite('EncryptedCookieSessionInterface tampering');

Tamper('every single-byte change of the decoded cookie reads as an empty session', async () => {
  const app = makeApp();
  const { cookie } = await loggedIn(app);
  const body = bodyOf(cookie);
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  for (let i = 0; i < body.length; i++) {
    for (let delta = 1; delta < 256; delta++) {
      const changed = Buffer.from(body);
      changed[i]! ^= delta;
      assert.is(sessions.unseal(app.config, sealed(changed)), undefined, `byte ${i} ^ ${delta}`);
    }
    // And through the app, once per position.
    const changed = Buffer.from(body);
    changed[i]! ^= 0x01;
    assert.equal(await readWith(app, sealed(changed)), {}, `byte ${i}`);
  }
  assert.equal(await readWith(app, sealed(body)), { user: 'ada' });
});

Tamper('every single-character change of the cookie string reads as an empty session', async () => {
  const app = makeApp();
  const { cookie } = await loggedIn(app);
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  for (let i = 0; i < cookie.length; i++) {
    const original = cookie[i]!;
    for (const char of `${ALPHABET}.=+/ "%`) {
      if (char === original) continue;
      const changed = cookie.slice(0, i) + char + cookie.slice(i + 1);
      assert.is(sessions.unseal(app.config, changed), undefined, `position ${i}: ${char}`);
    }
    const next = ALPHABET[(ALPHABET.indexOf(original) + 1) % ALPHABET.length]!;
    const changed = cookie.slice(0, i) + next + cookie.slice(i + 1);
    assert.equal(await readWith(app, changed), {}, `position ${i}`);
  }
});

Tamper('truncation and extension read as an empty session', async () => {
  const app = makeApp();
  const { cookie } = await loggedIn(app);
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  const body = bodyOf(cookie);
  for (let length = 0; length < cookie.length; length++) {
    assert.is(sessions.unseal(app.config, cookie.slice(0, length)), undefined, `${length} characters`);
  }
  for (let length = 0; length < body.length; length++) {
    assert.is(sessions.unseal(app.config, sealed(body.subarray(0, length))), undefined, `${length} bytes`);
  }
  for (let byte = 0; byte < 256; byte++) {
    const longer = sealed(Buffer.concat([body, Buffer.from([byte])]));
    assert.is(sessions.unseal(app.config, longer), undefined, `extra byte ${byte}`);
  }
  for (const suffix of ['A', '.', '==', cookie.slice(3)]) {
    assert.is(sessions.unseal(app.config, cookie + suffix), undefined, `extra ${suffix}`);
  }
  assert.equal(await readWith(app, cookie.slice(0, -1)), {});
  assert.equal(await readWith(app, `${cookie}A`), {});
  assert.equal(await readWith(app, sealed(body.subarray(0, -16))), {});
});

Tamper('garbage never throws', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'dev' };
  for (const value of ['', 'v1.', 'v1', 'v2.AAAA', 'v1.' + 'A'.repeat(48), '.eJyrVg', 'v1.%%%', 'v1.AA AA']) {
    assert.is(sessions.unseal(config, value), undefined, value);
  }
  assert.is(sessions.unseal(config, 42 as unknown as string), undefined);
});

const Rotation = suite('EncryptedCookieSessionInterface rotation');

Rotation('an old secret opens while it is in SECRET_KEY_FALLBACKS, not once removed', async () => {
  const { cookie } = await loggedIn(makeApp({ secretKey: 'old' }));
  assert.equal(await readWith(makeApp({ secretKey: 'new', fallbacks: ['oldest', 'old'] }), cookie), {
    user: 'ada',
  });
  assert.equal(await readWith(makeApp({ secretKey: 'new', fallbacks: ['old', 'oldest'] }), cookie), {
    user: 'ada',
  });
  assert.equal(await readWith(makeApp({ secretKey: 'new', fallbacks: ['oldest'] }), cookie), {});
  assert.equal(await readWith(makeApp({ secretKey: 'new' }), cookie), {});
});

Rotation('new cookies are encrypted with SECRET_KEY, never with a fallback', async () => {
  const { cookie } = await loggedIn(makeApp({ secretKey: 'new', fallbacks: ['old'] }));
  assert.equal(await readWith(makeApp({ secretKey: 'old' }), cookie), {});
  assert.equal(await readWith(makeApp({ secretKey: 'new' }), cookie), { user: 'ada' });
});

Rotation('seal encrypts with SECRET_KEY too', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const value = sessions.seal(
    { ...defaultConfig(), SECRET_KEY: 'new', SECRET_KEY_FALLBACKS: ['old'] },
    { a: 1 },
  );
  assert.equal(sessions.unseal({ ...defaultConfig(), SECRET_KEY: 'new' }, value), { a: 1 });
  assert.is(sessions.unseal({ ...defaultConfig(), SECRET_KEY: 'old' }, value), undefined);
});

Rotation('keys: SECRET_KEY first, then the fallbacks last to first', () => {
  const keyOf = (secret: string) =>
    new EncryptedCookieSessionInterface().keys({ ...defaultConfig(), SECRET_KEY: secret })![0]!;
  const keys = new EncryptedCookieSessionInterface().keys({
    ...defaultConfig(),
    SECRET_KEY: 'a',
    SECRET_KEY_FALLBACKS: ['b', 'c'],
  })!;
  assert.equal(
    keys.map((key) => key.toString('hex')),
    ['a', 'c', 'b'].map((secret) => keyOf(secret).toString('hex')),
  );
  assert.is(keys[0]!.length, 32);
  assert.is.not(keyOf('a').toString('hex'), keyOf('b').toString('hex'));
});

Rotation('keys are cached per secret and the list per (secret, fallbacks)', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'old', SECRET_KEY_FALLBACKS: [] as string[] };
  const first = sessions.keys(config)!;
  assert.is(sessions.keys(config), first);
  config.SECRET_KEY_FALLBACKS.push('older');
  const grown = sessions.keys(config)!;
  assert.is.not(grown, first);
  assert.is(grown.length, 2);
  assert.is(grown[0], first[0]);
  config.SECRET_KEY = 'new';
  config.SECRET_KEY_FALLBACKS = ['older', 'old'];
  const rotated = sessions.keys(config)!;
  assert.is(rotated[1], first[0]);
  assert.is(rotated[2], grown[1]);
});

Rotation('a misconfigured secret fails with a TypeError naming the setting', () => {
  const sessions = new EncryptedCookieSessionInterface();
  assert.throws(
    () => sessions.keys({ ...defaultConfig(), SECRET_KEY: 'dev', SECRET_KEY_FALLBACKS: ['ok', ''] }),
    /SECRET_KEY_FALLBACKS\[1\] must be a non-empty string or Uint8Array/,
  );
  assert.throws(
    () => sessions.keys({ ...defaultConfig(), SECRET_KEY: 42 as unknown as string }),
    /SECRET_KEY must be a non-empty string or Uint8Array/,
  );
});

const Expiry = suite('EncryptedCookieSessionInterface expiry');

Expiry('a cookie older than PERMANENT_SESSION_LIFETIME is empty', async () => {
  const app = makeApp();
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  const now = Math.floor(Date.now() / 1000);
  assert.equal(await readWith(app, sessions.seal(app.config, { user: 'ada' }, now - MONTH - 60)), {});
  assert.equal(await readWith(app, sessions.seal(app.config, { user: 'ada' }, now - MONTH + 60)), {
    user: 'ada',
  });
  app.config.PERMANENT_SESSION_LIFETIME = 60;
  assert.equal(await readWith(app, sessions.seal(app.config, { user: 'ada' }, now - 120)), {});
});

Expiry('a future-dated cookie is empty', async () => {
  const app = makeApp();
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  const now = Math.floor(Date.now() / 1000);
  assert.equal(await readWith(app, sessions.seal(app.config, { user: 'ada' }, now + 3600)), {});
});

Expiry('bounds: an age of exactly the lifetime is valid, one second more or less than zero is not', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const config = { ...defaultConfig(), SECRET_KEY: 'dev', PERMANENT_SESSION_LIFETIME: 100 };
  const value = sessions.seal(config, { a: 1 }, T);
  assert.equal(sessions.unseal(config, value, T), { a: 1 });
  assert.equal(sessions.unseal(config, value, T + 100), { a: 1 });
  assert.is(sessions.unseal(config, value, T + 101), undefined);
  assert.is(sessions.unseal(config, value, T - 1), undefined);
  assert.throws(() => sessions.seal(config, {}, -1), /nowSeconds/);
  assert.throws(() => sessions.seal(config, {}, 1.5), /nowSeconds/);
});

const NoSecret = suite('EncryptedCookieSessionInterface without a secret key');

NoSecret('reading is empty and writing fails with Flask’s message', async () => {
  const { cookie } = await loggedIn(makeApp());
  for (const secretKey of [null, '']) {
    const app = makeApp({ secretKey });
    const client = app.testClient();
    client.setCookie('session', cookie);
    const read = await client.get('/read');
    assert.equal(read.json(), {});
    assert.is(read.headers.getSetCookie().length, 0);
    assert.is((await client.get('/write')).text, NO_SECRET_KEY_MESSAGE);
  }
});

NoSecret('openSession returns null; seal throws; unseal is undefined', () => {
  const sessions = new EncryptedCookieSessionInterface();
  const app = makeApp({ secretKey: null, sessions });
  assert.is(sessions.openSession(app, new Request({ method: 'GET', url: '/' })), null);
  assert.is(sessions.keys(app.config), null);
  assert.throws(
    () => sessions.seal(app.config, { a: 1 }),
    (error: Error) => error.message === NO_SECRET_KEY_MESSAGE,
  );
  assert.is(sessions.unseal(app.config, 'v1.AAAA'), undefined);
});

const Save = suite('EncryptedCookieSessionInterface.saveSession');

interface Outcome {
  setCookie: boolean;
  deletes: boolean;
  expires: boolean;
  vary: string | null;
}

function outcome(response: {
  headers: { getSetCookie(): string[]; get(name: string): string | null };
}): Outcome {
  const setCookies = response.headers.getSetCookie();
  return {
    setCookie: setCookies.length > 0,
    deletes: setCookies.some((header) => header.startsWith('session=;')),
    expires: setCookies.some((header) => header.includes('Expires=')),
    vary: response.headers.get('vary'),
  };
}

/** Logs in (optionally permanently), then runs `path`; what its response says about the cookie. */
async function scenario(sessions: SessionInterface, path: string, setup: string[], refresh = true) {
  const app = makeApp({ sessions });
  app.config.SESSION_REFRESH_EACH_REQUEST = refresh;
  const client = app.testClient();
  for (const step of setup) await client.get(step);
  return outcome(await client.get(path));
}

const SCENARIOS: Array<[string, string, string[], boolean, Outcome]> = [
  [
    'untouched session',
    '/untouched',
    ['/login'],
    true,
    { setCookie: false, deletes: false, expires: false, vary: null },
  ],
  [
    'read-only access',
    '/read',
    ['/login'],
    true,
    { setCookie: false, deletes: false, expires: false, vary: 'Cookie' },
  ],
  [
    'no cookie, read',
    '/read',
    [],
    true,
    { setCookie: false, deletes: false, expires: false, vary: 'Cookie' },
  ],
  ['modified', '/login', [], true, { setCookie: true, deletes: false, expires: false, vary: 'Cookie' }],
  ['emptied', '/clear', ['/login'], true, { setCookie: true, deletes: true, expires: true, vary: 'Cookie' }],
  [
    'destroyed',
    '/destroy',
    ['/login'],
    true,
    { setCookie: true, deletes: true, expires: true, vary: 'Cookie' },
  ],
  [
    'regenerated',
    '/regenerate',
    ['/login'],
    true,
    { setCookie: true, deletes: false, expires: false, vary: 'Cookie' },
  ],
  [
    'permanent, refreshed',
    '/read',
    ['/permanent'],
    true,
    { setCookie: true, deletes: false, expires: true, vary: 'Cookie' },
  ],
  [
    'permanent, untouched, refreshed',
    '/untouched',
    ['/permanent'],
    true,
    { setCookie: true, deletes: false, expires: true, vary: 'Cookie' },
  ],
  [
    'permanent, no refresh',
    '/read',
    ['/permanent'],
    false,
    { setCookie: false, deletes: false, expires: false, vary: 'Cookie' },
  ],
  [
    'permanent, untouched, no refresh',
    '/untouched',
    ['/permanent'],
    false,
    { setCookie: false, deletes: false, expires: false, vary: null },
  ],
];

for (const [name, path, setup, refresh, expected] of SCENARIOS) {
  Save(`${name}: as the signed interface does`, async () => {
    const encrypted = await scenario(new EncryptedCookieSessionInterface(), path, setup, refresh);
    const signed = await scenario(new SecureCookieSessionInterface(), path, setup, refresh);
    assert.equal(encrypted, expected);
    assert.equal(signed, expected);
  });
}

Save('regenerate rewrites the same data under a new nonce; destroy deletes it', async () => {
  const app = makeApp();
  const { client, cookie } = await loggedIn(app);
  await client.get('/regenerate');
  const renewed = client.getCookie('session')!.value;
  assert.is.not(renewed, cookie);
  assert.equal((await client.get('/read')).json(), { user: 'ada' });
  await client.get('/destroy');
  assert.is(client.getCookie('session'), undefined);
  assert.equal((await client.get('/read')).json(), {});
});

Save('a permanent cookie expires after the lifetime and is re-encrypted on each request', async () => {
  const app = makeApp();
  app.config.PERMANENT_SESSION_LIFETIME = 3600;
  const client = app.testClient();
  const first = await client.get('/permanent');
  const expires = first.cookies.session!.options.expires!;
  assert.ok(Math.abs(expires.getTime() - (Date.now() + 3600_000)) < 5000, expires.toUTCString());
  assert.is(first.cookies.session!.options.maxAge, undefined);
  const second = await client.get('/read');
  assert.equal(second.json(), { _permanent: true, user: 'ada' });
  assert.is.not(second.cookies.session!.value, first.cookies.session!.value);
});

Save('uses the SESSION_COOKIE_* settings', async () => {
  const app = makeApp();
  Object.assign(app.config, {
    SESSION_COOKIE_NAME: 'sid',
    SESSION_COOKIE_PATH: '/app',
    SESSION_COOKIE_SECURE: true,
    SESSION_COOKIE_SAMESITE: 'Lax',
  });
  const header = (await app.testClient().get('/login')).headers.getSetCookie()[0]!;
  assert.match(header, /^sid=v1\.[\w-]+; Secure; HttpOnly; Path=\/app; SameSite=Lax$/);
});

Save('warns when the cookie is larger than MAX_COOKIE_SIZE', async () => {
  const warnings: unknown[] = [];
  const app = makeApp({ warnings });
  await app.testClient().get('/login');
  assert.is(warnings.length, 0);
  await app.testClient().get('/big');
  assert.is(warnings.length, 1);
  assert.match(String((warnings[0] as unknown[])[0]), /'session' cookie is too large/);
});

Save('a session nobody touches is not decrypted when nothing can refresh it', async () => {
  const app = makeApp();
  app.config.SESSION_REFRESH_EACH_REQUEST = false;
  const { cookie } = await loggedIn(app);
  const sessions = app.sessionInterface as EncryptedCookieSessionInterface;
  const request = new Request({ method: 'GET', url: '/', headers: { cookie: `session=${cookie}` } });
  const session = sessions.openSession(app, request)!;
  const response = new Response('page');
  sessions.saveSession(app, session, response);
  assert.is(session.loaded, false);
  assert.is(response.headers.getSetCookie().length, 0);
  assert.equal(session.data, { user: 'ada' });
});

Cookie.run();
Tamper.run();
Rotation.run();
Expiry.run();
NoSecret.run();
Save.run();
