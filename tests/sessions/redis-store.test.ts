/**
 * RedisStore against a real Redis: a private redis-server on a free port (tests/helpers/redis.ts)
 * and a real client from the `redis` package. Skipped with a notice when redis-server is missing,
 * failing on CI. The outage suite stops Redis mid-run and starts it again on the same port.
 */
import type { EventEmitter } from 'node:events';
import { createClient } from 'redis';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { HttpError } from '../../lib/http/errors.ts';
import { redirect } from '../../lib/http/response.ts';
import { Tuple, tuple } from '../../lib/sessions/python-types.ts';
import { RedisStore } from '../../lib/sessions/redis-store.ts';
import { ServerSideSessionInterface } from '../../lib/sessions/server-side.ts';
import { newSessionId } from '../../lib/sessions/session-id.ts';
import type { SessionRecord, SessionStore } from '../../lib/sessions/store.ts';
import type { TestClient } from '../../lib/testing/client.ts';
import { guard } from '../helpers/live.ts';
import { type RedisServer, startRedis, withRedis } from '../helpers/redis.ts';
import { waitFor } from '../helpers/redis-admin.ts';

type Client = ReturnType<typeof createClient>;

interface Logged {
  info: string[];
  warn: string[];
  error: unknown[][];
}

function recordingLogger(): { logger: App['logger']; logged: Logged } {
  const logged: Logged = { info: [], warn: [], error: [] };
  const logger = {
    info: (...args: unknown[]) => logged.info.push(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logged.warn.push(args.map(String).join(' ')),
    error: (...args: unknown[]) => logged.error.push(args),
  };
  return { logger, logged };
}

/** A client that fails fast while Redis is down and retries every 20 ms. */
function fastClient(url: string, offlineQueue = false): Client {
  return createClient({ url, disableOfflineQueue: !offlineQueue, socket: { reconnectStrategy: () => 20 } });
}

/** The next `event` of `emitter` (not events.once, which would reject on the client's `error`). */
function nextEvent(emitter: EventEmitter, event: string): Promise<void> {
  return guard(new Promise<void>((resolve) => emitter.once(event, () => resolve())), `the ${event} event`);
}

/** The error a promise rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Counts the calls that reach a store. */
class CountingStore implements SessionStore {
  readonly inner: SessionStore;
  readonly calls: string[] = [];
  beforeSet: () => Promise<void> = async () => {};

  constructor(inner: SessionStore) {
    this.inner = inner;
  }

  get(id: string): Promise<SessionRecord | undefined> {
    this.calls.push('get');
    return this.inner.get(id);
  }

  async set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void> {
    this.calls.push('set');
    await this.beforeSet();
    await this.inner.set(id, data, ttlSeconds);
  }

  touch(id: string, ttlSeconds: number): Promise<void> {
    this.calls.push('touch');
    return this.inner.touch(id, ttlSeconds);
  }

  destroy(id: string): Promise<void> {
    this.calls.push('destroy');
    return this.inner.destroy(id);
  }
}

/** The article's login → profile → logout app, with its sessions on `store`. */
function loginApp(store: SessionStore): App<{ username?: string }> {
  const app = new App<{ username?: string }>();
  app.logger = { info() {}, warn() {}, error() {} };
  app.secretKey = 'dev secret';
  app.config.PERMANENT_SESSION_LIFETIME = 1800;
  app.sessionInterface = new ServerSideSessionInterface({ store });
  app.post('/login')(({ request, session }) => {
    session.regenerate();
    session.set('username', request.form.get('username') ?? '');
    return redirect('/profile');
  });
  app.get('/profile')(({ session }) => `Привет, ${session.get('username') ?? 'anonymous'}!`);
  app.get('/untouched')(() => 'untouched');
  app.post('/logout')(({ session }) => {
    session.destroy();
    return redirect('/profile');
  });
  return app;
}

function cookieId(client: TestClient<any>): string {
  const value = client.getCookie('session')?.value;
  assert.ok(value, 'the client holds a session cookie');
  return value.slice(0, value.lastIndexOf('.'));
}

/** Registers hooks that run a private Redis and a connected client for the suite. */
function withServer(test: ReturnType<typeof suite>): { server: () => RedisServer; client: () => Client } {
  let server: RedisServer | undefined;
  let client: Client | undefined;
  test.before(async () => {
    server = await startRedis();
    client = fastClient(server.url);
    client.on('error', () => {}); // the stores under test attach their own loggers
    await client.connect();
  });
  test.before.each(async () => {
    await client!.flushDb();
  });
  test.after(async () => {
    client?.destroy();
    await server?.stop();
  });
  return { server: () => server!, client: () => client! };
}

const Store = suite('RedisStore');
const available = withRedis(Store);

if (available) {
  const redis = withServer(Store);

  Store('set writes tagged JSON under the prefix with a Redis TTL; get round-trips it', async () => {
    const store = new RedisStore({ client: redis.client() });
    const id = newSessionId();
    const when = new Date('2024-05-01T12:00:00Z');
    await store.set(
      id,
      { user: 'ada', flashes: [tuple('message', 'Hi')], when, raw: Buffer.from('xyz') },
      300,
    );
    const key = `phial:session:${id}`;
    assert.is(store.key(id), key);
    const ttl = await redis.client().ttl(key);
    assert.ok(ttl > 290 && ttl <= 300, `TTL ${ttl}`);
    assert.match((await redis.client().get(key))!, '"flashes":[{" t":["message","Hi"]}]');
    const data = await store.get(id);
    assert.ok(data);
    assert.is(data.user, 'ada');
    assert.ok((data.flashes as unknown[])[0] instanceof Tuple);
    assert.is((data.when as Date).getTime(), when.getTime());
    assert.is(Buffer.from(data.raw as Uint8Array).toString(), 'xyz');
    assert.is(await store.get(newSessionId()), undefined);
  });

  Store('the prefix option; a fractional ttl rounds up to whole seconds', async () => {
    const store = new RedisStore({ client: redis.client(), prefix: 'app1:s:' });
    await store.set('abc', { n: 1 }, 0.2);
    assert.equal(await redis.client().keys('*'), ['app1:s:abc']);
    assert.is(await redis.client().ttl('app1:s:abc'), 1);
  });

  Store('touch gives a new TTL and never creates a key; destroy deletes', async () => {
    const store = new RedisStore({ client: redis.client() });
    await store.set('abc', { n: 1 }, 60);
    await store.touch('abc', 5000);
    assert.ok((await redis.client().ttl('phial:session:abc')) > 4000);
    assert.equal(await store.get('abc'), { n: 1 });
    await store.touch('ghost', 60);
    assert.is(await redis.client().exists('phial:session:ghost'), 0);
    await store.destroy('abc');
    assert.is(await redis.client().exists('phial:session:abc'), 0);
    assert.is(await store.get('abc'), undefined);
  });

  Store('a value under the prefix that is not a session reads as no session', async () => {
    const store = new RedisStore({ client: redis.client() });
    await redis.client().set('phial:session:junk', 'not json');
    await redis.client().set('phial:session:list', '[1,2]');
    assert.is(await store.get('junk'), undefined);
    assert.is(await store.get('list'), undefined);
  });

  Store('data the session format cannot hold is a TypeError, not an outage, and writes nothing', async () => {
    const store = new RedisStore({ client: redis.client() });
    const error = await rejection(store.set('abc', { bad: new Map() }, 60));
    assert.instance(error, TypeError);
    assert.is(await redis.client().exists('phial:session:abc'), 0);
  });

  Store(
    'warns when the client queues commands while offline; attaches an error listener only when none',
    () => {
      const { logger, logged } = recordingLogger();
      const queueing = createClient({ url: redis.server().url });
      new RedisStore({ client: queueing, logger });
      assert.is(logged.warn.length, 1);
      assert.match(logged.warn[0]!, 'disableOfflineQueue: true');
      assert.is(queueing.listenerCount('error'), 1);
      const failFast = fastClient(redis.server().url);
      failFast.on('error', () => {});
      new RedisStore({ client: failFast, logger });
      assert.is(logged.warn.length, 1);
      assert.is(failFast.listenerCount('error'), 1, 'the app already listens');
    },
  );

  Store('a client that was never connected: a 503 with the cause kept', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client: fastClient(redis.server().url), logger });
    const error = await rejection(store.get('abc'));
    assert.instance(error, HttpError);
    assert.is((error as HttpError).status, 503);
    assert.is(error.message, 'The session store is unavailable.');
    assert.match(String((error.cause as Error).message), /closed/i);
    assert.is(logged.error.length, 1);
    assert.match(String(logged.error[0]![0]), 'RedisStore: GET failed');
  });

  Store('options are checked', () => {
    assert.throws(
      () => new RedisStore({ client: undefined as unknown as Client }),
      /client must be a Redis client/,
    );
    assert.throws(() => new RedisStore({ client: redis.client(), commandTimeoutMs: 0 }), /commandTimeoutMs/);
  });
}

Store.run();

const Sessions = suite('RedisStore sessions');

if (available) {
  const redis = withServer(Sessions);

  Sessions('login → profile → logout through a real app', async () => {
    const app = loginApp(new RedisStore({ client: redis.client() }));
    const client = app.testClient();
    const login = await client.post('/login', { form: { username: 'ada' } });
    assert.is(login.status, 302);
    const id = cookieId(client);
    const key = `phial:session:${id}`;
    assert.equal(await redis.client().keys('*'), [key]);
    const ttl = await redis.client().ttl(key);
    assert.ok(ttl > 1790 && ttl <= 1800, `TTL ${ttl} follows PERMANENT_SESSION_LIFETIME`);
    assert.is((await client.get('/profile')).text, 'Привет, ada!');
    const logout = await client.post('/logout', { followRedirects: true });
    assert.is(logout.text, 'Привет, anonymous!');
    assert.is(await redis.client().exists(key), 0);
    assert.is(client.getCookie('session'), undefined);
  });

  Sessions('regenerate at login: a new id, and the old id no longer opens anything', async () => {
    const app = loginApp(new RedisStore({ client: redis.client() }));
    const client = app.testClient();
    await client.post('/login', { form: { username: 'ada' } });
    const oldCookie = client.getCookie('session')!.value;
    const oldId = cookieId(client);
    await client.post('/login', { form: { username: 'grace' } });
    const newId = cookieId(client);
    assert.is.not(newId, oldId);
    assert.is(await redis.client().exists(`phial:session:${oldId}`), 0);
    const replay = await app.testClient().get('/profile', { headers: { cookie: `session=${oldCookie}` } });
    assert.is(replay.text, 'Привет, anonymous!');
    assert.is((await client.get('/profile')).text, 'Привет, grace!');
  });

  Sessions('forged and unsigned ids never reach the store', async () => {
    const store = new CountingStore(new RedisStore({ client: redis.client() }));
    const app = loginApp(store);
    const client = app.testClient();
    await client.post('/login', { form: { username: 'ada' } });
    const id = cookieId(client);
    store.calls.length = 0;
    for (const value of [id, `${id}.forged`, `${id}.${'x'.repeat(43)}`, `../${id}`, '*']) {
      const response = await app.testClient().get('/profile', { headers: { cookie: `session=${value}` } });
      assert.is(response.text, 'Привет, anonymous!');
    }
    assert.equal(store.calls, []);
    assert.is((await client.get('/profile')).text, 'Привет, ada!');
    assert.equal(store.calls, ['get']);
  });

  Sessions('the Redis write has completed when the redirect is returned', async () => {
    const store = new CountingStore(new RedisStore({ client: redis.client() }));
    store.beforeSet = () => new Promise((resolve) => setTimeout(resolve, 20));
    const app = loginApp(store);
    let existsOnArrival: Promise<number> | undefined;
    await app
      .testClient()
      .post('/login', { form: { username: 'ada' } })
      .then((response) => {
        const cookie = response.headers.getSetCookie()[0]!;
        const id = cookie.slice('session='.length, cookie.indexOf('.'));
        // Sent at once: Redis answers commands in order, so a SET still pending would come after.
        existsOnArrival = redis.client().exists(`phial:session:${id}`);
      });
    assert.is(await existsOnArrival, 1);
  });
}

Sessions.run();

const Outage = suite('RedisStore outage');

if (available) {
  const redis = withServer(Outage);

  Outage('Redis stops: 503s, the process stays up; Redis restarts: sessions work again', async () => {
    const client = redis.client();
    const { logger, logged } = recordingLogger();
    const app = loginApp(new RedisStore({ client, logger }));
    const appErrors: unknown[][] = [];
    app.logger = { info() {}, warn() {}, error: (...args: unknown[]) => appErrors.push(args) };
    const browser = app.testClient();
    await browser.post('/login', { form: { username: 'ada' } });
    assert.is((await browser.get('/profile')).text, 'Привет, ada!');

    const down = nextEvent(client, 'reconnecting');
    await redis.server().stop();
    await down;
    for (let i = 0; i < 3; i++) {
      const response = await browser.get('/profile');
      assert.is(response.status, 503, 'opening a session');
      assert.is(response.headers.get('retry-after'), '1');
      assert.not.match(response.text, 'ECONNREFUSED');
    }
    assert.is(
      (await app.testClient().get('/untouched')).status,
      200,
      'requests without a session still work',
    );
    for (let i = 0; i < 3; i++) {
      const login = await app.testClient().post('/login', { form: { username: 'grace' } });
      assert.is(login.status, 503, 'saving a session fails with the store status');
      assert.is(login.headers.get('retry-after'), '1');
      assert.equal(login.headers.getSetCookie(), [], 'no cookie for a session that was not saved');
    }
    assert.is(logged.error.length, 1, 'one log line for the whole outage');
    assert.match(String(logged.error[0]![0]), 'RedisStore');
    assert.equal(appErrors, [], 'the app does not log each request of the outage again');

    const up = nextEvent(client, 'ready');
    await redis.server().start();
    await up;
    // This private Redis keeps nothing on disk: the old session is gone, a new login works.
    assert.is((await browser.get('/profile')).text, 'Привет, anonymous!');
    await browser.post('/login', { form: { username: 'ada' } });
    assert.is((await browser.get('/profile')).text, 'Привет, ada!');
    // The end of the outage is logged at the first success a second after the last failure.
    await waitFor('the recovery to be logged', async () => {
      assert.is((await browser.get('/profile')).text, 'Привет, ada!');
      return logged.info.length > 0;
    });
    assert.equal(logged.info, ['RedisStore: Redis answers again; sessions are back.']);
    assert.is(logged.error.length, 1);
  });

  Outage('a client that queues offline commands still fails within commandTimeoutMs', async () => {
    const { logger, logged } = recordingLogger();
    const queueing = fastClient(redis.server().url, true);
    await queueing.connect();
    const store = new RedisStore({ client: queueing, logger, commandTimeoutMs: 50 });
    assert.match(logged.warn[0]!, 'disableOfflineQueue');
    await store.set('abc', { n: 1 }, 60);
    const down = nextEvent(queueing, 'reconnecting');
    await redis.server().stop();
    await down;
    const error = await rejection(store.get('abc'));
    assert.is((error as HttpError).status, 503);
    assert.match(String((error.cause as Error).message), 'did not answer GET within 50 ms');
    const up = nextEvent(queueing, 'ready');
    await redis.server().start();
    await up;
    queueing.destroy();
  });
}

Outage.run();
