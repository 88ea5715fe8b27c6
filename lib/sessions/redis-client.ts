/**
 * The Redis client RedisStore talks to: what it needs of one ({@link RedisClientLike}), and what it
 * knows about node-redis's clients beyond the commands it sends. The single-server client
 * (`createClient`), the cluster client (`createCluster`) and the Sentinel client (`createSentinel`)
 * all fit, but the cluster client keeps its options under another name and, up to node-redis 5,
 * never learns of a failover by itself.
 *
 * node-redis's cluster client refreshes its map of which master serves which slot only when a node
 * answers MOVED or ASK (node-redis issue #2806). A master that was killed answers nothing, so after
 * its replica is promoted the client keeps sending that master's keys to the dead address, failing
 * with "The client is offline" for as long as the process lives. The refresher below asks the
 * cluster client to rediscover its slots after a command fails, the way a MOVED reply would.
 */

/**
 * What RedisStore needs of a client: node-redis v4 and later fit as they are, be it `createClient()`,
 * `createCluster()` or `createSentinel()`. For another client, pass a small adapter object with these
 * methods.
 *
 * @example
 * ```ts
 * // ioredis, adapted:
 * const client: RedisClientLike = {
 *   get: (key) => ioredis.get(key),
 *   set: (key, value, { EX }) => ioredis.set(key, value, 'EX', EX),
 *   expire: (key, seconds) => ioredis.expire(key, seconds),
 *   del: (key) => ioredis.del(key),
 * };
 * ```
 */
export interface RedisClientLike {
  /** The string stored under `key`, or null. */
  get(key: string): Promise<unknown>;
  /** `SET key value EX seconds`. */
  set(key: string, value: string, options: { EX: number }): Promise<unknown>;
  /** `EXPIRE key seconds`: a new TTL for an existing key, nothing for a missing one. */
  expire(key: string, seconds: number): Promise<unknown>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
  /** node-redis emits `error` on every failed (re)connection; unheard, that would crash the process. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  listenerCount?(event: 'error'): number;
  /** node-redis's options, read to warn when `disableOfflineQueue` is not set. */
  readonly options?: { disableOfflineQueue?: boolean } | undefined;
  /**
   * A pipeline, needed only with `replicas`, to send `WAIT` on the connection that made the write:
   * the cluster client routes it to the master of the `routing` key; the single-server and Sentinel
   * clients have one connection to the master (a client pool or a Sentinel `masterPoolSize` above 1
   * would break that promise).
   */
  multi?(routing?: string): RedisPipelineLike;
}

/**
 * What RedisStore needs of `client.multi()` (node-redis's): `WAIT replicas timeout`, sent with
 * `execAsPipeline()`, not in a MULTI/EXEC transaction, inside which `WAIT` would not wait. (The
 * cluster client's own `wait()` would go to a random node, not the one that took the write.)
 *
 * @example
 * ```ts
 * await client.set(key, value, { EX: 60 });
 * const [acknowledged] = await client.multi(key).wait(1, 500).execAsPipeline();
 * ```
 */
export interface RedisPipelineLike {
  /** `WAIT replicas timeout`: the number of replicas that acknowledged the writes before it. */
  wait(replicas: number, timeoutMs: number): RedisPipelineLike;
  /** Sends the queued commands in one go; resolves with their replies, in order. */
  execAsPipeline(): Promise<unknown[]>;
}

/** At most one slot refresh per this many milliseconds, however many requests fail meanwhile. */
export const SLOT_REFRESH_INTERVAL_MS = 100;

/** The part of node-redis's cluster client (v5 and later) that the refresher uses. */
interface ClusterInternals {
  _options?: { defaults?: { disableOfflineQueue?: boolean }; useReplicas?: boolean };
  _slots: {
    rediscover(startWith: NodeClient): Promise<unknown>;
    getClientAndSlotNumber?(key: string, isReadonly: boolean): Promise<{ client: object }>;
  };
  masters: readonly ClusterNode[];
  replicas: readonly ClusterNode[];
}

interface ClusterNode {
  client?: NodeClient;
}

interface NodeClient {
  readonly isReady?: boolean;
  readonly options?: unknown;
}

/**
 * Whether `client` has the methods RedisStore calls.
 *
 * @example
 * ```ts
 * isClient(createClient()); // true
 * isClient({ get() {} });   // false
 * ```
 */
export function isClient(client: unknown): client is RedisClientLike {
  if (typeof client !== 'object' || client === null) return false;
  const methods = client as Record<string, unknown>;
  return ['get', 'set', 'expire', 'del'].every((name) => typeof methods[name] === 'function');
}

function isCluster(client: object): client is ClusterInternals {
  const candidate = client as Partial<ClusterInternals>;
  return (
    typeof candidate._slots?.rediscover === 'function' &&
    Array.isArray(candidate.masters) &&
    Array.isArray(candidate.replicas)
  );
}

/**
 * Whether the client queues commands while disconnected (node-redis's default), as far as can be
 * seen: `true` or `false` for the single-server and cluster clients, `undefined` when the client
 * does not say (the Sentinel client keeps its options private; an adapter has none).
 *
 * @example
 * ```ts
 * queuesOfflineCommands(createClient({ url, disableOfflineQueue: true })); // false
 * queuesOfflineCommands(createCluster({ rootNodes }));                     // true
 * ```
 */
export function queuesOfflineCommands(client: RedisClientLike): boolean | undefined {
  if (client.options !== undefined) return client.options.disableOfflineQueue !== true;
  if (isCluster(client) && client._options !== undefined) {
    return client._options.defaults?.disableOfflineQueue !== true;
  }
  return undefined;
}

/**
 * Whether `client.multi(key)` sends a read-only command (`WAIT`) to the key's master, as
 * `replicas` needs: not so for a cluster client created with `useReplicas: true`, which sends
 * read-only commands to replicas too (where `WAIT` is an error).
 *
 * @example
 * ```ts
 * waitReachesMaster(createCluster({ rootNodes, useReplicas: true })); // false
 * ```
 */
export function waitReachesMaster(client: RedisClientLike): boolean {
  return !(isCluster(client) && client._options?.useReplicas === true);
}

/**
 * What a write to `key` goes to, to tell masters apart: for node-redis's cluster client, its
 * connection to the key's master; for any other client, the client itself (one master).
 *
 * @example
 * ```ts
 * (await writeTarget(cluster, 'a')) === (await writeTarget(cluster, 'b')); // when one master serves both
 * ```
 */
export async function writeTarget(client: RedisClientLike, key: string): Promise<object> {
  if (isCluster(client) && typeof client._slots.getClientAndSlotNumber === 'function') {
    return (await client._slots.getClientAndSlotNumber(key, false)).client;
  }
  return client;
}

/**
 * Refreshes a cluster client's slot map; resolves true when it did, false when the last refresh
 * was less than {@link SLOT_REFRESH_INTERVAL_MS} ago (or no node is known to start from).
 *
 * @example
 * ```ts
 * const refresh = slotRefresher(cluster);
 * await refresh?.(); // the next command for a failed-over slot goes to the promoted replica
 * ```
 */
export type SlotRefresh = () => Promise<boolean>;

/**
 * A {@link SlotRefresh} for node-redis's cluster client, or `undefined` for any other client (the
 * single-server and Sentinel clients follow a failover themselves; node-redis 4 hides its slots).
 * Refreshes requested while one runs share it.
 *
 * @example
 * ```ts
 * const refresh = slotRefresher(client);
 * try { await client.set(key, value, { EX: 60 }); }
 * catch { if (await refresh?.()) await client.set(key, value, { EX: 60 }); }
 * ```
 */
export function slotRefresher(client: RedisClientLike): SlotRefresh | undefined {
  if (!isCluster(client)) return undefined;
  let running: Promise<boolean> | undefined;
  let lastStart = Number.NEGATIVE_INFINITY;
  return () => {
    if (running !== undefined) return running;
    if (Date.now() - lastStart < SLOT_REFRESH_INTERVAL_MS) return Promise.resolve(false);
    const startWith = reachableNode(client);
    if (startWith === undefined) return Promise.resolve(false);
    lastStart = Date.now();
    running = client._slots
      .rediscover(startWith)
      // A failed refresh is reported on the client's `error` event; the command's own error stands.
      .then(
        () => true,
        () => false,
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

/**
 * The node to ask for the slot map: a connected master, else a connected replica, else any node
 * (node-redis then falls back to the root nodes it was created with).
 */
function reachableNode(cluster: ClusterInternals): NodeClient | undefined {
  const nodes = [...cluster.masters, ...cluster.replicas];
  const ready = nodes.find((node) => node.client?.isReady === true);
  return (ready ?? nodes.find((node) => node.client !== undefined))?.client;
}
