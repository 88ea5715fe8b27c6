/**
 * RedisStore's `replicas` option (lib/sessions/redis-replicas.ts) against a real master and its replica (two private redis-servers):
 * each write is followed by WAIT on the write's connection, so when the store's promise resolves
 * the replica holds the write; a replica that does not answer in time costs one warning, never a
 * failed request. Failover itself is tested on a cluster (redis-client.test.ts, tests/demo/).
 */
import { createClient } from 'redis';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RedisStore } from '../../lib/sessions/redis-store.ts';
import { newSessionId } from '../../lib/sessions/session-id.ts';
import { type RedisServer, startRedis, withRedis } from '../helpers/redis.ts';
import { redisInfo, waitFor } from '../helpers/redis-admin.ts';

type Client = ReturnType<typeof createClient>;

function recordingLogger() {
  const logged = { info: [] as string[], warn: [] as string[], error: [] as unknown[][] };
  const logger = {
    info: (...args: unknown[]) => logged.info.push(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logged.warn.push(args.map(String).join(' ')),
    error: (...args: unknown[]) => logged.error.push(args),
  };
  return { logger, logged };
}

/** The number of WAIT commands the server ran, from INFO commandstats. */
function waitCalls(stats: Map<string, string>): number {
  return Number(/calls=(\d+)/.exec(stats.get('cmdstat_wait') ?? '')?.[1] ?? 0);
}

const Replicas = suite('RedisStore replicas');

if (withRedis(Replicas)) {
  let master: RedisServer;
  let replica: RedisServer;
  let client: Client;
  let onReplica: Client;

  Replicas.before(async () => {
    master = await startRedis({ args: ['--repl-diskless-sync-delay', '0'] });
    replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor('the replica to sync', async () => {
      const info = await redisInfo(replica.port, 'replication');
      return info.get('master_link_status') === 'up' && info.get('master_sync_in_progress') === '0';
    });
    client = createClient({ url: master.url, disableOfflineQueue: true });
    onReplica = createClient({ url: replica.url, disableOfflineQueue: true });
    await Promise.all([client.connect(), onReplica.connect()]);
  });

  Replicas.after(async () => {
    client?.destroy();
    onReplica?.destroy();
    replica?.resume();
    await Promise.all([replica?.stop(), master?.stop()]);
  });

  Replicas('with replicas: 1, each write is on the replica when the store resolves', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client, replicas: 1, logger });
    const id = newSessionId();
    const waits = async () => waitCalls(await redisInfo(master.port, 'commandstats'));
    const waitsBefore = await waits();
    // Each replica read is sent the moment the write resolves: no time for replication to catch up.
    await store.set(id, { user: 'ada' }, 300);
    const written = await onReplica.get(store.key(id));
    assert.match(written ?? '', '"user":"ada"');
    await store.touch(id, 5000);
    assert.ok((await onReplica.ttl(store.key(id))) > 300, 'the new TTL is on the replica');
    await store.destroy(id);
    assert.is(await onReplica.exists(store.key(id)), 0, 'the logout is on the replica');
    assert.is((await waits()) - waitsBefore, 3, 'one WAIT per write');
    assert.equal(logged, { info: [], warn: [], error: [] });
  });

  Replicas(
    'a replica that does not answer: one warning, then writes stop waiting until it is back',
    async () => {
      const { logger, logged } = recordingLogger();
      const store = new RedisStore({ client, replicas: 1, replicaTimeoutMs: 100, logger });
      const waits = async () => waitCalls(await redisInfo(master.port, 'commandstats'));
      replica.pause();
      try {
        await store.set('a', { n: 1 }, 60);
        assert.is(logged.warn.length, 1, 'the write succeeded, with a warning');
        assert.match(logged.warn[0]!, 'only 0 of 1 replica(s) acknowledged a write within 100 ms');
        const waitsBefore = await waits();
        await store.set('b', { n: 2 }, 60);
        await store.destroy('a');
        assert.is((await waits()) - waitsBefore, 0, 'no WAIT holds the connection while the replica lags');
        assert.equal(await store.get('b'), { n: 2 }, 'the master has the writes');
      } finally {
        replica.resume();
      }
      // A write checks the replicas again once a second; the first that finds them back says so.
      await waitFor('a write to find the replica back', async () => {
        await store.set('c', { n: 3 }, 60);
        return logged.info.length > 0;
      });
      assert.equal(logged.info, ['RedisStore: 1 replica(s) acknowledge writes again.']);
      assert.is(logged.warn.length, 1);
      assert.equal(logged.error, []);
    },
  );

  Replicas('one WAIT at a time: writes made while one is out share the next', async () => {
    const store = new RedisStore({ client, replicas: 1, logger: recordingLogger().logger });
    const waits = async () => waitCalls(await redisInfo(master.port, 'commandstats'));
    const before = await waits();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`many${i}`, { i }, 60)));
    const sent = (await waits()) - before;
    assert.ok(sent >= 1 && sent <= 10, `${sent} WAITs for 20 concurrent writes`);
    for (let i = 0; i < 20; i++) assert.is(await onReplica.exists(store.key(`many${i}`)), 1);
  });

  Replicas('replicas gone: concurrent writes hold the connection for one WAIT, not one each', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client, replicas: 1, replicaTimeoutMs: 200, logger });
    const waits = async () => waitCalls(await redisInfo(master.port, 'commandstats'));
    const before = await waits();
    replica.pause();
    try {
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`gone${i}`, { i }, 60)));
    } finally {
      replica.resume();
    }
    assert.is((await waits()) - before, 1, 'the writes queued behind the first WAIT learned it timed out');
    assert.is(logged.warn.length, 1);
  });

  Replicas('asking for more replicas than exist waits replicaTimeoutMs and warns', async () => {
    const { logger, logged } = recordingLogger();
    const store = new RedisStore({ client, replicas: 2, replicaTimeoutMs: 50, logger });
    await store.set('d', { n: 4 }, 60);
    assert.match(logged.warn[0] ?? '', 'only 1 of 2 replica(s)');
  });

  Replicas('without replicas, no WAIT is sent', async () => {
    const store = new RedisStore({ client });
    const before = await redisInfo(master.port, 'commandstats');
    await store.set('e', { n: 5 }, 60);
    const after = await redisInfo(master.port, 'commandstats');
    assert.is(waitCalls(after), waitCalls(before));
    assert.is.not(after.get('cmdstat_set'), before.get('cmdstat_set'));
  });
}

Replicas.run();

const Options = suite('RedisStore replicas options');

Options('replicas, replicaTimeoutMs and retryAfterSeconds are checked', () => {
  const client = createClient({ disableOfflineQueue: true });
  const logger = recordingLogger().logger;
  for (const replicas of [-1, 1.5, Number.NaN]) {
    assert.throws(() => new RedisStore({ client, logger, replicas }), /replicas must be a whole number/);
  }
  for (const replicaTimeoutMs of [0, -5, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => new RedisStore({ client, logger, replicas: 1, replicaTimeoutMs }),
      /replicaTimeoutMs/,
    );
  }
  assert.throws(() => new RedisStore({ client, logger, retryAfterSeconds: 0.5 }), /retryAfterSeconds/);
  const store = new RedisStore({
    client,
    logger,
    replicas: 1,
    replicaTimeoutMs: 250.5,
    retryAfterSeconds: 0,
  });
  assert.is(store.replicaTimeoutMs, 251);
  assert.is(store.retryAfterSeconds, 0);
});

Options('replicas needs a client with multi(), to send WAIT on the write connection', () => {
  const adapter = {
    get: async () => null,
    set: async () => 'OK',
    expire: async () => 1,
    del: async () => 1,
  };
  assert.throws(() => new RedisStore({ client: adapter, replicas: 1 }), /replicas needs client\.multi\(\)/);
  assert.is(new RedisStore({ client: adapter }).replicas, 0);
});

Options.run();
