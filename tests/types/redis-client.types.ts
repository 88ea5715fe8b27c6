/**
 * Compile-time checks that node-redis's three clients fit RedisClientLike as they are, pipelines
 * included, so `new RedisStore({ client, replicas: 1 })` needs no cast for any of them.
 */
import { createClient, createCluster, createSentinel } from 'redis';
import type { RedisClientLike, RedisPipelineLike } from '../../lib/sessions/redis-client.ts';
import { RedisStore } from '../../lib/sessions/redis-store.ts';

const single = createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true });
const cluster = createCluster({
  rootNodes: [{ url: 'redis://127.0.0.1:7000' }],
  defaults: { disableOfflineQueue: true },
});
const sentinel = createSentinel({
  name: 'phial',
  sentinelRootNodes: [{ host: '127.0.0.1', port: 26379 }],
  nodeClientOptions: { disableOfflineQueue: true },
});

export const clients: RedisClientLike[] = [single, cluster, sentinel];
export const pipelines: RedisPipelineLike[] = [single.multi(), cluster.multi('key'), sentinel.multi()];
export const stores = clients.map((client) => new RedisStore({ client, replicas: 1 }));

// @ts-expect-error: a client without `del` is not one
export const incomplete: RedisClientLike = { get: single.get, set: single.set, expire: single.expire };
