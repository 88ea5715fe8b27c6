/**
 * The demo's Redis, from the environment, for `SESSION_BACKEND=redis`:
 *
 * - `REDIS_URL=redis://host:port`: one server (default `redis://127.0.0.1:6379`).
 * - `REDIS_URL=redis://a:7000,redis://b:7001,…`: a Redis Cluster; the URLs are where the client
 *   first asks for the cluster's layout (any few of its nodes will do).
 * - `REDIS_SENTINELS=host:port,host:port,…` with `REDIS_SENTINEL_NAME=mymaster`: the master that
 *   these Sentinels watch, followed to its replica when they fail it over.
 *
 * Every client fails fast while its server is unreachable (`disableOfflineQueue`), so a request
 * gets a 503 instead of waiting.
 */
import type { RedisClientLike } from '../lib/index.ts';

/** A Redis client the demo created, not yet connected. */
export interface DemoRedis {
  client: RedisClientLike;
  /** `server`, `cluster` or `sentinel`, for the startup line. */
  kind: 'server' | 'cluster' | 'sentinel';
  connect(): Promise<unknown>;
  close(): void;
}

/**
 * Creates the client the environment describes. It is not connected yet: connect it once
 * something listens to its `error` events (RedisStore does).
 *
 * @example
 * ```ts
 * const redis = await redisFromEnv({ REDIS_URL: 'redis://10.0.0.1:7000,redis://10.0.0.2:7000' });
 * const store = new RedisStore({ client: redis.client });
 * await redis.connect();
 * ```
 */
export async function redisFromEnv(env: NodeJS.ProcessEnv): Promise<DemoRedis> {
  const { createClient, createCluster, createSentinel } = await import('redis');
  if (env.REDIS_SENTINELS) {
    if (env.REDIS_URL) throw new Error('Set REDIS_URL or REDIS_SENTINELS, not both.');
    if (!env.REDIS_SENTINEL_NAME) {
      throw new Error('REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name the Sentinels monitor.');
    }
    const sentinel = createSentinel({
      name: env.REDIS_SENTINEL_NAME,
      sentinelRootNodes: splitList(env.REDIS_SENTINELS).map(hostAndPort),
      nodeClientOptions: { disableOfflineQueue: true },
    });
    return wrap('sentinel', sentinel);
  }
  const urls = splitList(env.REDIS_URL || 'redis://127.0.0.1:6379');
  if (urls.length > 1) {
    const cluster = createCluster({
      rootNodes: urls.map((url) => ({ url })),
      defaults: { disableOfflineQueue: true },
    });
    return wrap('cluster', cluster);
  }
  return wrap('server', createClient({ url: urls[0], disableOfflineQueue: true }));
}

interface NodeRedis extends RedisClientLike {
  connect(): Promise<unknown>;
  destroy(): void;
}

function wrap(kind: DemoRedis['kind'], client: NodeRedis): DemoRedis {
  return { client, kind, connect: () => client.connect(), close: () => client.destroy() };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`REDIS_SENTINELS: '${address}' is not host:port.`);
  }
  return { host: address.slice(0, colon), port };
}
