/**
 * Sessions cannot be forged, replayed past their life, or fixed (issue 5), through the app as a
 * browser would meet it: expired and future-dated cookies, destroyed and regenerated server-side
 * ids, forged ids that never reach the store, id entropy, signature comparison, and decompression
 * bombs. The property tests (every bit flip reads as an empty session) live beside the modules.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { redirect } from '../../lib/index.ts';
import { EncryptedCookieSessionInterface } from '../../lib/sessions/encrypted-cookie.ts';
import { MemoryStore } from '../../lib/sessions/memory-store.ts';
import type { SecureCookieSessionInterface } from '../../lib/sessions/secure-cookie.ts';
import { ServerSideSessionInterface } from '../../lib/sessions/server-side.ts';
import { newSessionId, SessionIdSigner } from '../../lib/sessions/session-id.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';
import type { SessionRecord, SessionStore } from '../../lib/sessions/store.ts';

const SECRET = 'security test secret';

interface Data {
  username?: string;
  visits?: number;
}
const LIFETIME = 3600;

/** The article's login, plus the ways a session ends or changes identity. */
function loginApp(): App<Data> {
  const app = new App<Data>();
  app.secretKey = SECRET;
  app.config.PERMANENT_SESSION_LIFETIME = LIFETIME;
  app.logger = { info() {}, warn() {}, error() {} };
  app.post('/login')(({ request, session }) => {
    session.regenerate();
    session.set('username', request.form.require('username'));
    return redirect('/whoami');
  });
  app.get('/whoami')(({ session }) => session.get('username') ?? 'anonymous');
  app.get('/visit')(({ session }) => {
    session.set('visits', (session.get('visits') ?? 0) + 1);
    return 'visited';
  });
  app.get('/regenerate')(({ session }) => {
    session.regenerate();
    return 'regenerated';
  });
  app.get('/destroy')(({ session }) => {
    session.destroy();
    return 'destroyed';
  });
  app.get('/logout')(({ session }) => {
    session.pop('username');
    return 'logged out';
  });
  return app;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** The value of the session cookie a response sets, or undefined. */
function sessionCookie(setCookie: string[]): string | undefined {
  const header = setCookie.find((cookie) => cookie.startsWith('session='));
  if (header === undefined) return undefined;
  return header.slice('session='.length, header.indexOf(';'));
}

/** GET /whoami with exactly this session cookie, as a client replaying it would. */
async function whoami(app: App<any>, value: string): Promise<{ text: string; setCookie: string[] }> {
  const response = await app.testClient().get('/whoami', { headers: { cookie: `session=${value}` } });
  assert.is(response.status, 200);
  return { text: response.text, setCookie: response.headers.getSetCookie() };
}

// ── replayed past their life ───────────────────────────────────────────────────────────────────

const Lifetime = suite('expired and future-dated session cookies');

Lifetime(
  'signed cookie: older than PERMANENT_SESSION_LIFETIME or dated in the future reads as empty',
  async () => {
    const app = loginApp();
    const signer = (app.sessionInterface as SecureCookieSessionInterface).signer(app.config)!;
    const data = { username: 'ada' };
    assert.is((await whoami(app, signer.dumps(data, now() - LIFETIME + 60))).text, 'ada', 'still valid');
    for (const [what, issued] of [
      ['expired', now() - LIFETIME - 60],
      ['long expired', now() - 400 * 24 * 3600],
      ['dated in the future', now() + 120],
      ['dated far in the future', now() + 10 * 365 * 24 * 3600],
    ] as const) {
      const replay = await whoami(app, signer.dumps(data, issued));
      assert.is(replay.text, 'anonymous', what);
      assert.equal(replay.setCookie, [], `${what}: nothing is written back`);
    }
  },
);

Lifetime('encrypted cookie: the sealed issue time is checked the same way', async () => {
  const app = loginApp();
  const sessions = new EncryptedCookieSessionInterface();
  app.sessionInterface = sessions;
  const data = { username: 'ada' };
  assert.is((await whoami(app, sessions.seal(app.config, data, now() - LIFETIME + 60))).text, 'ada');
  for (const [what, issued] of [
    ['expired', now() - LIFETIME - 60],
    ['dated in the future', now() + 120],
  ] as const) {
    const replay = await whoami(app, sessions.seal(app.config, data, issued));
    assert.is(replay.text, 'anonymous', what);
    assert.equal(replay.setCookie, [], what);
  }
});

Lifetime(
  'server-side: a session past its lifetime is gone from the store, whatever the cookie says',
  async () => {
    let clock = Date.now();
    const store = new MemoryStore({ logger: { warn() {} }, now: () => clock });
    const app = loginApp();
    app.sessionInterface = new ServerSideSessionInterface({ store });
    const login = await app.testClient().post('/login', { form: { username: 'ada' } });
    const cookie = sessionCookie(login.headers.getSetCookie())!;
    assert.is((await whoami(app, cookie)).text, 'ada');
    clock += (LIFETIME + 1) * 1000;
    assert.is((await whoami(app, cookie)).text, 'anonymous');
    store.close();
  },
);

Lifetime.run();

// ── server-side ids: destroyed, regenerated, fixed, forged ─────────────────────────────────────

const Ids = suite('server-side session ids');

/** A MemoryStore that records every id it is asked about. */
function recordingStore(): { store: SessionStore & { size: number }; asked: string[] } {
  const inner = new MemoryStore({ logger: { warn() {} } });
  const asked: string[] = [];
  const store = {
    get: (id: string) => {
      asked.push(id);
      return inner.get(id);
    },
    set: (id: string, data: SessionRecord, ttl: number) => inner.set(id, data, ttl),
    touch: (id: string, ttl: number) => inner.touch(id, ttl),
    destroy: (id: string) => inner.destroy(id),
    get size() {
      return inner.size;
    },
  };
  return { store, asked };
}

function serverSideApp(): { app: App<Data>; store: SessionStore & { size: number }; asked: string[] } {
  const app = loginApp();
  const { store, asked } = recordingStore();
  app.sessionInterface = new ServerSideSessionInterface({ store });
  return { app, store, asked };
}

async function login(app: App<any>, username: string, cookie?: string): Promise<string> {
  const response = await app.testClient().post('/login', {
    form: { username },
    ...(cookie && { headers: { cookie: `session=${cookie}` } }),
  });
  assert.is(response.status, 302);
  return sessionCookie(response.headers.getSetCookie())!;
}

Ids('a destroyed session id opens nothing, and its record is gone', async () => {
  const { app, store } = serverSideApp();
  const cookie = await login(app, 'ada');
  assert.is((await whoami(app, cookie)).text, 'ada');
  const destroyed = await app.testClient().get('/destroy', { headers: { cookie: `session=${cookie}` } });
  assert.match(destroyed.headers.getSetCookie()[0]!, /^session=; Expires=Thu, 01 Jan 1970/);
  assert.is(store.size, 0);
  assert.is((await whoami(app, cookie)).text, 'anonymous', 'the old cookie, replayed');
});

Ids('a session emptied at logout is removed: its id opens nothing', async () => {
  const { app, store } = serverSideApp();
  const cookie = await login(app, 'ada');
  await app.testClient().get('/logout', { headers: { cookie: `session=${cookie}` } });
  assert.is(store.size, 0);
  assert.is((await whoami(app, cookie)).text, 'anonymous');
});

Ids('a regenerated session id opens nothing; the new one carries the data', async () => {
  const { app, store } = serverSideApp();
  const before = await login(app, 'ada');
  const response = await app.testClient().get('/regenerate', { headers: { cookie: `session=${before}` } });
  const after = sessionCookie(response.headers.getSetCookie())!;
  assert.is.not(after.split('.')[0], before.split('.')[0]);
  assert.is(store.size, 1);
  assert.is((await whoami(app, before)).text, 'anonymous', 'the old id');
  assert.is((await whoami(app, after)).text, 'ada', 'the new id');
});

Ids('session fixation: a planted id is replaced at login and never opens the victim session', async () => {
  const { app } = serverSideApp();
  // The attacker gets a genuine session of their own and plants its cookie in the victim's browser.
  const planted = sessionCookie((await app.testClient().get('/visit')).headers.getSetCookie())!;
  assert.ok(planted);
  const victim = await login(app, 'victim', planted);
  assert.is.not(victim.split('.')[0], planted.split('.')[0], 'login issues a new id');
  assert.is((await whoami(app, victim)).text, 'victim');
  assert.is((await whoami(app, planted)).text, 'anonymous', 'the planted id does not follow the login');
});

Ids('forged, foreign and tampered ids never reach the store', async () => {
  const { app, asked } = serverSideApp();
  const genuine = await login(app, 'ada');
  asked.length = 0;
  const [id, signature] = genuine.split('.') as [string, string];
  const foreign = new SessionIdSigner({ secretKey: 'another secret' }).sign(id);
  const forged = [
    id,
    `${id}.`,
    `${newSessionId()}.${signature}`,
    foreign,
    `${id}.${signature.slice(0, -1)}`,
    `${id}.${signature}A`,
    `${id}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
    `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${signature}`,
    `../../etc/passwd.${signature}`,
    `${'A'.repeat(10_000)}.${signature}`,
  ];
  for (const value of forged) assert.is((await whoami(app, value)).text, 'anonymous', value.slice(0, 60));
  assert.equal(asked, [], 'the store was never asked');
  assert.is((await whoami(app, genuine)).text, 'ada');
});

Ids(
  'ids are 256 random bits from crypto.randomBytes: the right shape, no repeats, balanced bits',
  async () => {
    const count = 10_000;
    const seen = new Set<string>();
    const ones = new Array<number>(256).fill(0);
    for (let i = 0; i < count; i++) {
      const id = newSessionId();
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      seen.add(id);
      const bytes = Buffer.from(id, 'base64url');
      assert.is(bytes.length, 32);
      for (let bit = 0; bit < 256; bit++) ones[bit]! += (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    assert.is(seen.size, count, 'no id repeats');
    // Each bit is set in half the ids: 5,000 ± 500 is ten standard deviations, so only a biased or
    // constant bit (a counter, a timestamp, a short random part) lands outside.
    for (let bit = 0; bit < 256; bit++) {
      assert.ok(ones[bit]! > 4500 && ones[bit]! < 5500, `bit ${bit} is set in ${ones[bit]} of ${count} ids`);
    }
    const source = readFileSync(new URL('../../lib/sessions/session-id.ts', import.meta.url), 'utf8');
    assert.match(source, /randomBytes\(bytes\)/, 'ids come from the CSPRNG');
    assert.not.match(source, /Math\.random/);
  },
);

Ids('the interface issues ids of at least 128 bits, and refuses fewer', async () => {
  const { app } = serverSideApp();
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const id = (await login(app, `user${i}`)).split('.')[0]!;
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    ids.add(id);
  }
  assert.is(ids.size, 200);
  const store = new MemoryStore({ logger: { warn() {} } });
  assert.throws(
    () => new ServerSideSessionInterface({ store, idBytes: 15 }),
    /idBytes must be an integer from 16/,
  );
  assert.match(new ServerSideSessionInterface({ store, idBytes: 16 }).idBytes.toString(), /^16$/);
  store.close();
});

Ids.run();

// ── signatures compared in constant time ───────────────────────────────────────────────────────

const Signatures = suite('signature comparison');

/** Every signature a timing attacker would try on the way to the right one: prefixes, extensions, one-character changes. */
function nearMisses(signature: string): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const misses: string[] = [''];
  for (let length = 1; length < signature.length; length++) misses.push(signature.slice(0, length));
  misses.push(`${signature}A`, `${signature}${signature}`, `${signature}=`);
  for (let i = 0; i < signature.length; i++) {
    const other = alphabet[(alphabet.indexOf(signature[i]!) + 1) % alphabet.length]!;
    misses.push(signature.slice(0, i) + other + signature.slice(i + 1));
  }
  return misses;
}

Signatures('session ids: every prefix, extension and one-character change of the signature fails', () => {
  const signer = new SessionIdSigner({ secretKey: SECRET });
  const id = newSessionId();
  const [, signature] = signer.sign(id).split('.') as [string, string];
  assert.is(signer.unsign(`${id}.${signature}`), id);
  for (const miss of nearMisses(signature)) assert.is(signer.unsign(`${id}.${miss}`), undefined, miss);
});

Signatures('signed cookies: every prefix, extension and one-character change of the signature fails', () => {
  const signer = new SessionSigner({ secretKey: SECRET });
  const cookie = signer.dumps({ username: 'ada' });
  const at = cookie.lastIndexOf('.');
  const signed = cookie.slice(0, at);
  assert.equal(signer.loads(cookie), { username: 'ada' });
  for (const miss of nearMisses(cookie.slice(at + 1))) {
    assert.is(signer.loads(`${signed}.${miss}`), undefined, miss);
  }
});

/** The text of a lib/sessions file. */
function sessionSource(file: string): string {
  return readFileSync(new URL(`../../lib/sessions/${file}`, import.meta.url), 'utf8');
}

Signatures('both signers compare in constant time, never with === or Buffer.equals', () => {
  // Session ids: crypto.timingSafeEqual on the bytes.
  const ids = sessionSource('session-id.ts');
  assert.match(ids, /timingSafeEqual\(given, /);
  // Signed cookies: the base64url texts, every character XORed into one accumulator, no early return.
  const signer = sessionSource('signer.ts');
  assert.match(signer, /sameSignature\(this\.#sign\(index, signed\)\.toString\('base64url'\), signature\)/);
  const compare = /function sameSignature\([^)]*\): boolean \{\n([\s\S]*?)\n\}/.exec(signer)?.[1] ?? '';
  assert.match(
    compare,
    /for \(let i = 0; i < expected\.length; i\+\+\) difference \|= expected\.charCodeAt\(i\) \^ given\.charCodeAt\(i\);/,
  );
  assert.is(compare.match(/return/g)?.length, 1, 'one return, after the loop');
  const sources: Array<[string, string]> = [
    ['session-id.ts', ids],
    ['signer.ts', signer],
  ];
  for (const [file, source] of sources) {
    assert.not.match(
      source,
      /\.equals\(|given ===? expected|expected ===? given|signature ===? |=== signature/,
      file,
    );
  }
});

Signatures.run();

// ── decompression bombs ────────────────────────────────────────────────────────────────────────

const Bomb = suite('compressed signed cookies (decompression bombs)');

/** A validly signed, compressed cookie whose JSON is exactly `bytes` long: `{"a":"xxx…"}`. */
function cookieInflatingTo(bytes: number): string {
  const cookie = new SessionSigner({ secretKey: SECRET, maxInflate: bytes + 1 }).dumps({
    a: 'x'.repeat(bytes - 8),
  });
  assert.ok(cookie.startsWith('.'), 'compressed');
  return cookie;
}

function echoApp(): App {
  const app = new App();
  app.secretKey = SECRET;
  app.logger = { info() {}, warn() {}, error() {} };
  app.get('/')(({ session }) => String((session.get('a') as string | undefined)?.length ?? 'empty'));
  return app;
}

async function open(app: App, cookie: string): Promise<string> {
  const response = await app.testClient().get('/', { headers: { cookie: `session=${cookie}` } });
  assert.is(response.status, 200);
  assert.equal(response.headers.getSetCookie(), []);
  return response.text;
}

Bomb('a validly signed bomb (10 MB of JSON in a 13 KB cookie) reads as an empty session', async () => {
  const bomb = cookieInflatingTo(10_000_000);
  assert.ok(bomb.length < 16 * 1024, 'small enough to pass node:http’s header limit');
  assert.is(await open(echoApp(), bomb), 'empty');
});

Bomb(
  'the limit is 16 × MAX_COOKIE_SIZE (64 KiB at least): exactly the limit opens, one byte more does not',
  async () => {
    const app = echoApp();
    assert.is(app.config.MAX_COOKIE_SIZE, 4093);
    assert.is(await open(app, cookieInflatingTo(65_536)), String(65_536 - 8));
    assert.is(await open(app, cookieInflatingTo(65_537)), 'empty');
    app.config.MAX_COOKIE_SIZE = 8192;
    assert.is(await open(app, cookieInflatingTo(16 * 8192)), String(16 * 8192 - 8));
    assert.is(await open(app, cookieInflatingTo(16 * 8192 + 1)), 'empty');
    app.config.MAX_COOKIE_SIZE = 0; // the warning off: the floor still holds
    assert.is(await open(app, cookieInflatingTo(65_537)), 'empty');
  },
);

Bomb('a Flask-sized session still round-trips compressed', async () => {
  const app = echoApp();
  app.get('/write')(({ session }) => {
    session.set('a', 'y'.repeat(20_000));
    return 'written';
  });
  const client = app.testClient();
  await client.get('/write');
  assert.ok(client.getCookie('session')!.value.startsWith('.'));
  assert.is((await client.get('/')).text, '20000');
});

Bomb.run();
