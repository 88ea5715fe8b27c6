/**
 * docs/deploying.md: sessions in a Redis Cluster, or on a master watched by Sentinels, with each
 * write on a replica before the response leaves. Type-checked only, since it needs those servers:
 * tests/demo/topology.test.ts and tests/demo/sentinel.test.ts run the same through demo/redis.ts.
 */
import { App, proxyFix, RedisStore, ServerSideSessionInterface } from 'phial';
import { createCluster, createSentinel } from 'redis';

const app = new App();
app.secretKey = process.env.SECRET_KEY!; // the same on every instance
proxyFix(app, { xFor: 1, xProto: 1, xHost: 1 });

// #region cluster
function clusterClient() {
  return createCluster({
    // A few nodes to ask for the cluster's layout; the client finds the others.
    rootNodes: [
      { url: 'redis://10.0.0.11:7000' },
      { url: 'redis://10.0.0.12:7000' },
      { url: 'redis://10.0.0.13:7000' },
    ],
    defaults: { disableOfflineQueue: true }, // fail fast (a 503) while a node is unreachable
  });
}
// #endregion cluster

// #region sentinel
function sentinelClient() {
  return createSentinel({
    name: 'phial', // as in `sentinel monitor phial …`
    sentinelRootNodes: [
      { host: '10.0.0.21', port: 26379 },
      { host: '10.0.0.22', port: 26379 },
      { host: '10.0.0.23', port: 26379 },
    ],
    nodeClientOptions: { disableOfflineQueue: true },
  });
}
// #endregion sentinel

// #region store
const client = process.env.REDIS_SENTINELS ? sentinelClient() : clusterClient();
// Created before connecting: the store listens to the client's errors (one log line per outage).
const store = new RedisStore({ client, replicas: 1, replicaTimeoutMs: 500 });
await client.connect();
app.sessionInterface = new ServerSideSessionInterface({ store });
// #endregion store

app.get('/')(function index({ session }) {
  const visits = Number(session.get('visits') ?? 0) + 1;
  session.set('visits', visits);
  return `Visit ${visits}, served by process ${process.pid}`;
});

await app.run();
