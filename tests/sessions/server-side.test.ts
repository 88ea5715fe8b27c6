/**
 * ServerSideSessionInterface through a real app and the test client, on a MemoryStore wrapped to
 * record (and, where a test needs it, slow down or break) every store call. The same interface on
 * a real Redis is in redis-store.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { HttpError } from '../../lib/http/errors.ts';
import { redirect } from '../../lib/http/response.ts';
import { MemoryStore } from '../../lib/sessions/memory-store.ts';
import { ServerSideSession, ServerSideSessionInterface } from '../../lib/sessions/server-side.ts';
import type { Session } from '../../lib/sessions/session.ts';
import { newSessionId, SessionIdSigner } from '../../lib/sessions/session-id.ts';
import type { SessionRecord, SessionStore } from '../../lib/sessions/store.ts';
import type { TestClient } from '../../lib/testing/client.ts';
import { deferred, guard, start } from '../helpers/live.ts';

interface Data {
  username?: string;
  cart?: string[];
  note?: string;
}

const quiet = { warn() {} };

/** A MemoryStore that records every call, and runs `before` (a delay, a failure) ahead of each. */
class RecordingStore implements SessionStore {
  readonly inner = new MemoryStore({ logger: quiet });
  readonly calls: string[] = [];
  readonly ttls: number[] = [];
  before: (method: string) => Promise<void> = async () => {};

  async get(id: string): Promise<SessionRecord | undefined> {
    await this.#enter('get', id);
    return this.inner.get(id);
  }

  async set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void> {
    await this.#enter('set', id);
    this.ttls.push(ttlSeconds);
    await this.inner.set(id, data, ttlSeconds);
  }

  async touch(id: string, ttlSeconds: number): Promise<void> {
    await this.#enter('touch', id);
    this.ttls.push(ttlSeconds);
    await this.inner.touch(id, ttlSeconds);
  }

  async destroy(id: string): Promise<void> {
    await this.#enter('destroy', id);
    await this.inner.destroy(id);
  }

  /** The calls by method name only. */
  get methods(): string[] {
    return this.calls.map((call) => call.split(' ')[0]!);
  }

  async #enter(method: string, id: string): Promise<void> {
    this.calls.push(`${method} ${id}`);
    await this.before(method);
  }
}

function sessionApp(configure?: (app: App<Data>) => void): { app: App<Data>; store: RecordingStore } {
  const app = new App<Data>();
  app.logger = { info() {}, warn() {}, error() {} };
  app.secretKey = 'dev secret';
  const store = new RecordingStore();
  app.sessionInterface = new ServerSideSessionInterface({ store });
  configure?.(app);
  app.get('/untouched')(() => 'nothing');
  app.get('/read')(({ session }) => session.get('username') ?? 'anonymous');
  app.get('/id')(({ session }) =>
    session instanceof ServerSideSession ? (session.id ?? 'new') : 'not server-side',
  );
  app.post('/login')(({ request, session }) => {
    session.regenerate();
    session.set('username', request.form.get('username') ?? 'ada');
    return redirect('/read');
  });
  app.post('/note')(({ request, session }) => {
    session.set('note', request.form.get('note') ?? '');
    return 'noted';
  });
  app.post('/permanent')(({ session }) => {
    session.permanent = true;
    session.set('username', 'ada');
    return 'permanent';
  });
  app.post('/logout')(({ session }) => {
    session.destroy();
    return 'bye';
  });
  app.post('/clear')(({ session }) => {
    session.clear();
    return 'cleared';
  });
  return { app, store };
}

/** The id in the client's session cookie. */
function cookieId(client: TestClient<Data>, name = 'session'): string {
  const value = client.getCookie(name)?.value;
  assert.ok(value, `the client holds a ${name} cookie`);
  return value.slice(0, value.lastIndexOf('.'));
}

const Server = suite('ServerSideSessionInterface');

Server('a login stores the data under a new random id; the cookie carries only the signed id', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  const response = await client.post('/login', { form: { username: 'ada' } });
  const [cookie] = response.headers.getSetCookie();
  assert.match(cookie!, /^session=[\w-]{43}\.[\w-]{43}; HttpOnly; Path=\/$/);
  assert.is(response.headers.get('vary'), 'Cookie');
  const id = cookieId(client);
  assert.not.match(cookie!, 'ada');
  assert.equal(await store.inner.get(id), { username: 'ada' });
  assert.equal(store.methods, ['set'], 'a request without a cookie never reads the store');
  assert.is((await client.get('/read')).text, 'ada');
  assert.is((await client.get('/id')).text, id);
});

Server('a new session has no id; an untouched session costs no write, no cookie and no Vary', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  assert.is((await client.get('/id')).text, 'new');
  await client.post('/login');
  store.calls.length = 0;
  const response = await client.get('/untouched');
  assert.equal(response.headers.getSetCookie(), []);
  assert.is(response.headers.get('vary'), null);
  assert.equal(store.methods, ['get']);
});

Server('reading an empty session still sends Vary: Cookie, as Flask 3 does', async () => {
  const { app } = sessionApp();
  const response = await app.testClient().get('/read');
  assert.is(response.text, 'anonymous');
  assert.is(response.headers.get('vary'), 'Cookie');
  assert.equal(response.headers.getSetCookie(), []);
});

Server('a read sends Vary: Cookie and writes nothing', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.post('/login');
  store.calls.length = 0;
  const response = await client.get('/read');
  assert.is(response.headers.get('vary'), 'Cookie');
  assert.equal(response.headers.getSetCookie(), []);
  assert.equal(store.methods, ['get']);
});

Server(
  'a change keeps the id and rewrites the whole session with a ttl of PERMANENT_SESSION_LIFETIME',
  async () => {
    const { app, store } = sessionApp((a) => {
      a.config.PERMANENT_SESSION_LIFETIME = 600;
    });
    const client = app.testClient();
    await client.post('/login', { form: { username: 'ada' } });
    const id = cookieId(client);
    await client.post('/note', { form: { note: 'hi' } });
    assert.is(cookieId(client), id);
    assert.equal(await store.inner.get(id), { username: 'ada', note: 'hi' });
    assert.equal(store.ttls, [600, 600]);
  },
);

Server('forged, unsigned, malformed or foreign ids never reach the store', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  const foreign = new SessionIdSigner({ secretKey: 'another app' }).sign(id);
  const values = [
    id,
    `${id}.${'A'.repeat(43)}`,
    `${newSessionId()}.${client.getCookie('session')!.value.split('.')[1]}`,
    foreign,
    'garbage',
    '.',
    '',
  ];
  store.calls.length = 0;
  for (const value of values) {
    const response = await app.testClient().get('/read', { headers: { cookie: `session=${value}` } });
    assert.is(response.text, 'anonymous', value);
  }
  assert.equal(store.calls, []);
});

Server('a signed id whose data is gone reads as a new session; a write gets a new id', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  await store.inner.destroy(id);
  assert.is((await client.get('/read')).text, 'anonymous');
  await client.post('/note', { form: { note: 'hi' } });
  assert.is.not(cookieId(client), id);
  assert.is(store.inner.has(id), false);
});

Server('regenerate: the data moves to a new id and the old id opens nothing', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const oldCookie = client.getCookie('session')!.value;
  const oldId = cookieId(client);
  await client.post('/login', { form: { username: 'grace' } });
  const newId = cookieId(client);
  assert.is.not(newId, oldId);
  assert.is(store.inner.has(oldId), false);
  assert.equal(await store.inner.get(newId), { username: 'grace' });
  const replay = await app.testClient().get('/read', { headers: { cookie: `session=${oldCookie}` } });
  assert.is(replay.text, 'anonymous');
});

Server('destroy logs out: the record and the cookie go', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  const response = await client.post('/logout');
  assert.match(
    response.headers.getSetCookie()[0]!,
    /^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0/,
  );
  assert.is(response.headers.get('vary'), 'Cookie');
  assert.is(store.inner.has(id), false);
  assert.is(client.getCookie('session'), undefined);
  assert.is((await client.get('/read')).text, 'anonymous');
});

Server('destroy then a write: the old record goes, the new data gets a new id', async () => {
  const { app, store } = sessionApp((a) => {
    a.post('/switch')(({ session }) => {
      session.destroy();
      session.set('note', 'fresh');
      return 'switched';
    });
  });
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const oldId = cookieId(client);
  await client.post('/switch');
  const newId = cookieId(client);
  assert.is.not(newId, oldId);
  assert.is(store.inner.has(oldId), false);
  assert.equal(await store.inner.get(newId), { note: 'fresh' });
});

Server('clearing the session deletes the record and the cookie, with the cookie settings', async () => {
  const { app, store } = sessionApp((a) => {
    Object.assign(a.config, {
      SESSION_COOKIE_NAME: 'sid',
      SESSION_COOKIE_DOMAIN: 'example.com',
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_SAMESITE: 'Lax',
    });
  });
  const client = app.testClient();
  client.baseUrl = 'https://example.com';
  const login = await client.post('/login');
  assert.match(
    login.headers.getSetCookie()[0]!,
    /^sid=[\w-]+\.[\w-]+; Domain=example\.com; Secure; HttpOnly; Path=\/; SameSite=Lax$/,
  );
  const id = cookieId(client, 'sid');
  const response = await client.post('/clear');
  assert.match(
    response.headers.getSetCookie()[0]!,
    /^sid=; Domain=example\.com; Expires=Thu, 01 Jan 1970[^;]*; Max-Age=0; Secure; HttpOnly; Path=\/; SameSite=Lax$/,
  );
  assert.is(store.inner.has(id), false);
});

Server(
  'a permanent session: cookie Expires and store ttl follow the lifetime, refreshed by touch',
  async () => {
    const { app, store } = sessionApp((a) => {
      a.config.PERMANENT_SESSION_LIFETIME = 3600;
    });
    const client = app.testClient();
    const response = await client.post('/permanent');
    const expires = Date.parse(/Expires=([^;]+)/.exec(response.headers.getSetCookie()[0]!)![1]!);
    assert.ok(Math.abs(expires - (Date.now() + 3600_000)) < 5_000, 'Expires is an hour away');
    store.calls.length = 0;
    store.ttls.length = 0;
    const refreshed = await client.get('/untouched');
    assert.equal(store.methods, ['get', 'touch']);
    assert.equal(store.ttls, [3600]);
    assert.match(refreshed.headers.getSetCookie()[0]!, /; Expires=/);
    assert.is(refreshed.headers.get('vary'), 'Cookie');
  },
);

Server('SESSION_REFRESH_EACH_REQUEST = false: an unmodified permanent session is left alone', async () => {
  const { app, store } = sessionApp((a) => {
    a.config.SESSION_REFRESH_EACH_REQUEST = false;
  });
  const client = app.testClient();
  await client.post('/permanent');
  store.calls.length = 0;
  const response = await client.get('/read');
  assert.equal(response.headers.getSetCookie(), []);
  assert.equal(store.methods, ['get']);
});

Server('ids signed with a fallback secret still open, and the refresh re-signs them', async () => {
  const { app } = sessionApp();
  const client = app.testClient();
  await client.post('/permanent');
  const id = cookieId(client);
  app.config.SECRET_KEY = 'new secret';
  app.config.SECRET_KEY_FALLBACKS = ['dev secret'];
  assert.is((await client.get('/read')).text, 'ada');
  assert.is(client.getCookie('session')!.value, new SessionIdSigner({ secretKey: 'new secret' }).sign(id));
});

Server('without a secret key the session reads as empty and a write fails with Flask message', async () => {
  const { app, store } = sessionApp((a) => {
    a.secretKey = null;
  });
  const client = app.testClient();
  assert.is((await client.get('/read', { headers: { cookie: 'session=x.y' } })).text, 'anonymous');
  app.config.TESTING = true;
  try {
    await client.post('/note');
    assert.unreachable('should reject');
  } catch (error) {
    assert.match((error as Error).message, 'The session is unavailable because no secret key was set.');
  }
  assert.equal(store.calls, []);
});

Server('a store that fails on open answers its HttpError (503) and the handlers see a session', async () => {
  const { app, store } = sessionApp((a) => {
    a.errorHandler(503)((_error, { session }) => [`down (${session.get('username') ?? 'nobody'})`, 503]);
  });
  const client = app.testClient();
  await client.post('/login');
  store.before = async (method) => {
    if (method === 'get') throw new HttpError(503, 'The session store is unavailable.');
  };
  const response = await client.get('/read');
  assert.is(response.status, 503);
  assert.is(response.text, 'down (nobody)');
});

Server('the store write has finished when the response comes back', async () => {
  const { app, store } = sessionApp();
  store.before = (method) => new Promise((resolve) => setTimeout(resolve, method === 'set' ? 20 : 0));
  const client = app.testClient();
  let storedOnArrival: unknown = 'not arrived';
  await client.post('/login', { form: { username: 'ada' } }).then((response) => {
    const cookie = response.headers.getSetCookie()[0]!;
    const id = cookie.slice('session='.length, cookie.indexOf('.'));
    storedOnArrival = store.inner.has(id);
  });
  assert.is(storedOnArrival, true);
});

Server('over a real socket too: the store holds the session when the redirect arrives', async () => {
  const { app, store } = sessionApp();
  store.before = (method) => new Promise((resolve) => setTimeout(resolve, method === 'set' ? 20 : 0));
  const server = await start(app as unknown as App);
  try {
    const response = await guard(
      fetch(`${server.url}login`, {
        method: 'POST',
        body: 'username=ada',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      }),
      'the login response',
    );
    const cookie = response.headers.getSetCookie()[0]!;
    const id = cookie.slice('session='.length, cookie.indexOf('.'));
    assert.is(store.inner.has(id), true);
    assert.is(response.status, 302);
    await response.arrayBuffer();
  } finally {
    await server.close();
  }
});

Server('sessionTransaction reads and writes the stored session', async () => {
  const { app, store } = sessionApp();
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    session.set('username', 'ada');
  });
  const id = cookieId(client);
  assert.equal(await store.inner.get(id), { username: 'ada' });
  assert.is((await client.get('/read')).text, 'ada');
  await client.sessionTransaction((session) => {
    assert.is(session.get('username'), 'ada');
  });
});

Server('options are checked', () => {
  const store = new MemoryStore({ logger: quiet });
  assert.throws(
    () => new ServerSideSessionInterface({ store, idBytes: 8 }),
    /idBytes must be an integer from 16/,
  );
  assert.throws(
    () => new ServerSideSessionInterface({ store: undefined as unknown as SessionStore }),
    /store must be/,
  );
  const noTouch = { get: store.get, set: store.set, destroy: store.destroy } as unknown as SessionStore;
  assert.throws(() => new ServerSideSessionInterface({ store: noTouch }), /get, set, touch and destroy/);
  assert.throws(() => new ServerSideSessionInterface({ store, salt: '' }), /salt must be/);
  store.close();
});

Server.run();

const Concurrency = suite('ServerSideSessionInterface concurrency');

/** An app with a /slow view that opens the session, waits for `gate`, then runs `work`. */
function slowApp(work: (session: Session<Data>) => void) {
  const gate = deferred();
  const entered = deferred();
  const { app, store } = sessionApp((a) => {
    a.get('/slow')(async ({ session }) => {
      session.get('username');
      entered.resolve();
      await gate.promise;
      work(session);
      return 'slow done';
    });
  });
  return { app, store, gate, entered };
}

Concurrency('a read-only request overlapping a logout never brings the session back', async () => {
  const { app, store, gate, entered } = slowApp(() => {});
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  const slow = client.get('/slow');
  await guard(entered.promise, 'the slow view');
  await client.post('/logout');
  gate.resolve();
  assert.is((await slow).text, 'slow done');
  assert.is(store.inner.has(id), false);
  assert.is(store.calls.filter((call) => call.startsWith('set')).length, 1, 'only the login wrote');
});

Concurrency('a permanent session refreshed by a read-only request stays destroyed too', async () => {
  const { app, store, gate, entered } = slowApp(() => {});
  const client = app.testClient();
  await client.post('/permanent');
  const id = cookieId(client);
  const slow = client.get('/slow');
  await guard(entered.promise, 'the slow view');
  await client.post('/logout');
  gate.resolve();
  await slow;
  assert.ok(store.methods.includes('touch'), 'the slow request refreshed');
  assert.is(store.inner.has(id), false);
});

Concurrency('two writers: the last to finish wins, with its whole session (no merge)', async () => {
  const { app, store, gate, entered } = slowApp((session) => session.set('cart', ['apple']));
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  const slow = client.get('/slow');
  await guard(entered.promise, 'the slow view');
  await client.post('/note', { form: { note: 'written first' } });
  assert.equal(await store.inner.get(id), { username: 'ada', note: 'written first' });
  gate.resolve();
  await slow;
  assert.equal(await store.inner.get(id), { username: 'ada', cart: ['apple'] });
});

Concurrency('a writer that opened the session before a logout writes it back (documented)', async () => {
  const { app, store, gate, entered } = slowApp((session) => session.set('cart', ['apple']));
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const id = cookieId(client);
  const slow = client.get('/slow');
  await guard(entered.promise, 'the slow view');
  await client.post('/logout');
  assert.is(store.inner.has(id), false);
  gate.resolve();
  await slow;
  assert.equal(await store.inner.get(id), { username: 'ada', cart: ['apple'] });
});

Concurrency.run();
