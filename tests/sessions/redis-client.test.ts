/**
 * RedisStore over node-redis's cluster client, against a private Redis Cluster of three masters and
 * three replicas (tests/helpers/redis-cluster.ts): sessions work with the client as it comes; when
 * the master holding a session is killed, requests get a 503 with Retry-After (never a 500), the
 * outage is logged once, and sessions come back by themselves once the replica is promoted. And
 * what `replicas` changes: a login acknowledged without it can vanish in a failover; with it, a
 * login the replica does not hold is never acknowledged.
 */
import { createClient, createCluster, createSentinel } from 'redis';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { redirect } from '../../lib/http/response.ts';
import {
  isClient,
  queuesOfflineCommands,
  SLOT_REFRESH_INTERVAL_MS,
  slotRefresher,
} from '../../lib/sessions/redis-client.ts';
import { RedisStore, type RedisStoreOptions } from '../../lib/sessions/redis-store.ts';
import { ServerSideSessionInterface } from '../../lib/sessions/server-side.ts';
import type { TestClient } from '../../lib/testing/client.ts';
import { redisCommand, redisInfo, waitFor } from '../helpers/redis-admin.ts';
import { type ClusterNode, type RedisCluster, startCluster } from '../helpers/redis-cluster.ts';
import { withTools } from '../helpers/tools.ts';

type Cluster = ReturnType<typeof createCluster>;

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

/** The article's login and profile, with sessions in `store`; the app's own log is recorded. */
function loginApp(store: RedisStore): { app: App<{ username?: string }>; appLogged: Logged } {
  const app = new App<{ username?: string }>();
  const { logger, logged } = recordingLogger();
  app.logger = logger;
  app.secretKey = 'cluster test secret';
  app.sessionInterface = new ServerSideSessionInterface({ store });
  app.post('/login')(({ request, session }) => {
    session.regenerate();
    session.set('username', request.form.get('username') ?? '');
    return redirect('/profile');
  });
  app.get('/profile')(({ session }) => `Привет, ${session.get('username') ?? 'anonymous'}!`);
  return { app, appLogged: logged };
}

function sessionKey(store: RedisStore, client: TestClient<any>): string {
  const value = client.getCookie('session')?.value;
  assert.ok(value, 'the client holds a session cookie');
  return store.key(value.slice(0, value.lastIndexOf('.')));
}

const Clients = suite('redis clients');

Clients('isClient and queuesOfflineCommands read the three node-redis clients', () => {
  const rootNodes = [{ url: 'redis://127.0.0.1:1' }];
  const sentinelRootNodes = [{ host: '127.0.0.1', port: 1 }];
  assert.is(queuesOfflineCommands(createClient()), true);
  assert.is(queuesOfflineCommands(createClient({ disableOfflineQueue: true })), false);
  assert.is(queuesOfflineCommands(createCluster({ rootNodes })), true);
  assert.is(
    queuesOfflineCommands(createCluster({ rootNodes, defaults: { disableOfflineQueue: true } })),
    false,
  );
  const sentinel = createSentinel({ name: 'phial', sentinelRootNodes });
  assert.is(queuesOfflineCommands(sentinel), undefined, 'the Sentinel client keeps its options private');
  for (const client of [createClient(), createCluster({ rootNodes }), sentinel]) assert.ok(isClient(client));
  assert.not.ok(isClient({ get() {}, set() {}, expire() {} }));
  assert.not.ok(isClient(null));
});

Clients('replicas refuses a cluster client that reads from replicas: WAIT must reach the master', () => {
  const rootNodes = [{ url: 'redis://127.0.0.1:1' }];
  const logger = recordingLogger().logger;
  const client = createCluster({ rootNodes, useReplicas: true, defaults: { disableOfflineQueue: true } });
  assert.throws(() => new RedisStore({ client, logger, replicas: 1 }), /without useReplicas/);
  assert.is(new RedisStore({ client, logger }).replicas, 0, 'without replicas it is fine');
});

Clients('only the cluster client gets a slot refresher', () => {
  assert.type(slotRefresher(createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] })), 'function');
  assert.is(slotRefresher(createClient()), undefined);
  assert.is(
    slotRefresher(createSentinel({ name: 'x', sentinelRootNodes: [{ host: '127.0.0.1', port: 1 }] })),
    undefined,
  );
});

Clients('RedisStore warns about a cluster client that queues commands while offline', () => {
  const { logger, logged } = recordingLogger();
  const rootNodes = [{ url: 'redis://127.0.0.1:1' }];
  new RedisStore({ client: createCluster({ rootNodes }), logger });
  new RedisStore({ client: createCluster({ rootNodes, defaults: { disableOfflineQueue: true } }), logger });
  assert.is(logged.warn.length, 1);
  assert.match(logged.warn[0]!, 'disableOfflineQueue: true } (for a cluster, in `defaults`)');
});

Clients.run();

const OnCluster = suite('RedisStore on a Redis Cluster');

if (withTools(OnCluster, ['redis-server', 'redis-cli'])) {
  let cluster: RedisCluster;
  let client: Cluster;

  /** A store whose keys all hash to one slot (a hash tag), so the test knows its master. */
  function pinnedStore(tag: string, options: Omit<RedisStoreOptions, 'client' | 'prefix'> = {}): RedisStore {
    return new RedisStore({ client, prefix: `{${tag}}:session:`, ...options });
  }

  /** Kills `master` and waits until its replica serves its slots. */
  async function failOver(master: ClusterNode, replica: ClusterNode): Promise<void> {
    await cluster.kill(master);
    await cluster.promoted(replica);
  }

  /** GET /profile until it is not a 503; every answer meanwhile is a 503 with Retry-After. */
  async function profileAfterOutage(
    browser: TestClient<any>,
  ): Promise<{ text: string; unavailable: number }> {
    let unavailable = 0;
    const text = await waitFor('/profile to answer again', async () => {
      const response = await browser.get('/profile');
      if (response.status === 503) {
        assert.is(response.headers.get('retry-after'), '1', 'a 503 says when to retry');
        unavailable++;
        return undefined;
      }
      assert.is(response.status, 200, `never a ${response.status}`);
      return response.text;
    });
    return { text, unavailable };
  }

  OnCluster.before(async () => {
    cluster = await startCluster();
    client = createCluster({
      rootNodes: cluster.urls.map((url) => ({ url })),
      defaults: { disableOfflineQueue: true },
    });
    client.on('error', () => {}); // each store under test logs through its own logger
    await client.connect();
  });

  OnCluster.after.each(async () => {
    await cluster.repair();
  });

  OnCluster.after(async () => {
    client?.destroy();
    await cluster?.stop();
  });

  OnCluster('sessions spread over the masters; login and profile work with the client as it is', async () => {
    const store = new RedisStore({ client, replicas: 1 });
    const { app, appLogged } = loginApp(store);
    const masters = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const browser = app.testClient();
      assert.is((await browser.post('/login', { form: { username: `user${i}` } })).status, 302);
      assert.is((await browser.get('/profile')).text, `Привет, user${i}!`);
      const key = sessionKey(store, browser);
      const master = await cluster.masterOf(key);
      masters.add(master.port);
      assert.is(await redisCommand(master.port, ['EXISTS', key]), 1, 'the key is on the master of its slot');
    }
    assert.ok(masters.size > 1, `twelve sessions on ${masters.size} master(s)`);
    assert.equal(appLogged.error, []);
  });

  OnCluster(
    'a refresh asked for while one runs shares it; another is not started within the interval',
    async () => {
      const refresh = slotRefresher(client)!;
      await new Promise((resolve) => setTimeout(resolve, SLOT_REFRESH_INTERVAL_MS));
      const first = refresh();
      assert.is(refresh(), first);
      assert.is(await first, true);
      assert.is(await refresh(), false, 'too soon after the last');
      await new Promise((resolve) => setTimeout(resolve, SLOT_REFRESH_INTERVAL_MS));
      assert.is(await refresh(), true);
    },
  );

  OnCluster('a master whose replica lags stops waiting for it; the other masters still wait', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client, prefix: '', replicas: 1, replicaTimeoutMs: 200, logger });
    const tags: Array<{ tag: string; master: ClusterNode }> = [];
    for (let i = 0; tags.length < 2; i++) {
      const master = await cluster.masterOf(`{t${i}}`);
      if (!tags.some((other) => other.master === master)) tags.push({ tag: `{t${i}}`, master });
    }
    const [lagging, healthy] = tags as [(typeof tags)[0], (typeof tags)[0]];
    const waits = async (node: ClusterNode) => {
      const stats = await redisInfo(node.port, 'commandstats');
      return Number(/calls=(\d+)/.exec(stats.get('cmdstat_wait') ?? '')?.[1] ?? 0);
    };
    const replica = await cluster.replicaOf(lagging.master);
    replica.server.pause();
    try {
      await store.set(`${lagging.tag}1`, { n: 1 }, 60);
      assert.is(logged.warn.length, 1);
      const lagBefore = await waits(lagging.master);
      const healthyBefore = await waits(healthy.master);
      await store.set(`${lagging.tag}2`, { n: 2 }, 60);
      await store.set(`${healthy.tag}1`, { n: 3 }, 60);
      assert.is((await waits(lagging.master)) - lagBefore, 0, 'no WAIT for the lagging master');
      assert.is((await waits(healthy.master)) - healthyBefore, 1, 'a WAIT for the healthy one');
      const healthyReplica = await cluster.replicaOf(healthy.master);
      // KEYS, not EXISTS: a replica answers a keyed read with MOVED unless told READONLY.
      assert.equal(await redisCommand(healthyReplica.port, ['KEYS', `${healthy.tag}1`]), [`${healthy.tag}1`]);
    } finally {
      replica.server.resume();
    }
    assert.is(logged.warn.length, 1, 'one warning, for the lagging master');
  });

  OnCluster('its master killed: 503s with Retry-After, one log line, then the session is back', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client, replicas: 1, logger });
    const { app, appLogged } = loginApp(store);
    const browser = app.testClient();
    await browser.post('/login', { form: { username: 'ada' } });
    const master = await cluster.masterOf(sessionKey(store, browser));
    const replica = await cluster.replicaOf(master);
    // Another user, whose session another master holds.
    let other = app.testClient();
    do {
      other = app.testClient();
      await other.post('/login', { form: { username: 'grace' } });
    } while ((await cluster.masterOf(sessionKey(store, other))).port === master.port);
    await cluster.kill(master);
    // Promotion takes more than cluster-node-timeout, so this request finds the master gone.
    const during = await browser.get('/profile');
    assert.is(during.status, 503);
    assert.is(during.headers.get('retry-after'), '1');
    assert.not.match(during.text, /offline|Socket|Error/, 'no internals on the page');
    // Both users keep asking: the other is served throughout (cluster-require-full-coverage no).
    const after = await waitFor('/profile to answer again', async () => {
      assert.is((await other.get('/profile')).text, 'Привет, grace!');
      const response = await browser.get('/profile');
      assert.ok([200, 503].includes(response.status), `never a ${response.status}`);
      return response.status === 200 ? response.text : undefined;
    });
    assert.is(after, 'Привет, ada!', 'the login survived the failover');
    assert.is((await cluster.masterOf(sessionKey(store, browser))).port, replica.port);
    // The end of the outage is logged at the first success a second after the last failure.
    await waitFor('the recovery to be logged', async () => {
      assert.is((await browser.get('/profile')).text, 'Привет, ada!');
      return logged.info.length > 0;
    });
    assert.is(logged.error.length, 1, 'one log line for the outage, though other sessions were served');
    assert.match(String(logged.error[0]![0]), 'RedisStore: GET failed');
    assert.equal(logged.info, ['RedisStore: Redis answers again; sessions are back.']);
    assert.equal(appLogged.error, [], 'the app logs nothing per request');
    await cluster.restart(master);
  });

  OnCluster('replicas: 0 — a login acknowledged while its replica lags is lost in a failover', async () => {
    const store = pinnedStore('lost', { logger: recordingLogger().logger });
    const { app } = loginApp(store);
    const master = await cluster.masterOf(store.key('x'));
    const replica = await cluster.replicaOf(master);
    // The replica stops reading and its link is cut: writes from now on reach the master only.
    replica.server.pause();
    assert.is(await redisCommand(master.port, ['CLIENT', 'KILL', 'TYPE', 'replica']), 1);
    const browser = app.testClient();
    const login = await browser.post('/login', { form: { username: 'ada' } });
    assert.is(login.status, 302, 'the login was acknowledged');
    const key = sessionKey(store, browser);
    await cluster.kill(master);
    replica.server.resume();
    await cluster.promoted(replica);
    assert.is(await redisCommand(replica.port, ['EXISTS', key]), 0, 'the new master never had it');
    assert.is(
      (await profileAfterOutage(browser)).text,
      'Привет, anonymous!',
      'the acknowledged login is gone',
    );
    await cluster.restart(master);
  });

  OnCluster('replicas: 1 — the same login is not acknowledged; once it is, it survives', async () => {
    const { logger, logged } = recordingLogger();
    const store = pinnedStore('kept', { replicas: 1, replicaTimeoutMs: 20_000, logger });
    const { app } = loginApp(store);
    const master = await cluster.masterOf(store.key('x'));
    const replica = await cluster.replicaOf(master);
    replica.server.pause();
    assert.is(await redisCommand(master.port, ['CLIENT', 'KILL', 'TYPE', 'replica']), 1);
    const browser = app.testClient();
    let settled = false;
    const login = browser.post('/login', { form: { username: 'ada' } }).finally(() => {
      settled = true;
    });
    // The SET is on the master, and its WAIT is blocked for want of a replica.
    await waitFor(
      'the WAIT to block',
      async () => (await redisInfo(master.port, 'clients')).get('blocked_clients') === '1',
    );
    assert.not.ok(settled, 'no answer while no replica holds the login');
    await cluster.kill(master);
    const refused = await login;
    assert.is(refused.status, 503, 'the login fails instead of being acknowledged');
    assert.is(browser.getCookie('session'), undefined);
    replica.server.resume();
    await cluster.promoted(replica);
    assert.equal(
      await redisCommand(replica.port, ['KEYS', '{kept}*']),
      [],
      'nothing half-written on the new master',
    );
    await cluster.restart(master);
    // With the replica back, a login is acknowledged once it holds it, and survives the next failover.
    assert.is((await browser.post('/login', { form: { username: 'grace' } })).status, 302);
    const next = await cluster.masterOf(store.key('x'));
    await failOver(next, await cluster.replicaOf(next));
    assert.is((await profileAfterOutage(browser)).text, 'Привет, grace!');
    assert.equal(logged.warn, [], 'WAIT never timed out: the replica answered or its master died first');
    await cluster.restart(next);
  });
}

OnCluster.run();
