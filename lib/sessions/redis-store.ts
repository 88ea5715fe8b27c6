/**
 * A session store on Redis, shared by every process of the app: `SET key value EX ttl`, so Redis
 * itself forgets expired sessions. One server, a Redis Cluster or a Sentinel-watched master and its
 * replicas: node-redis's `createClient`, `createCluster` and `createSentinel` all fit.
 *
 * `redis` is an optional peer dependency: this file imports nothing from it and accepts any client
 * with the few methods below, so apps that never use Redis never install it. Create the client with
 * `disableOfflineQueue: true`: while Redis is down, commands then fail at once (a 503) instead of
 * queueing until it comes back; the client reconnects by itself and sessions work again.
 */
import { HttpError } from '../http/errors.ts';
import type { Logger } from './interface.ts';
import {
  isClient,
  queuesOfflineCommands,
  type RedisClientLike,
  type SlotRefresh,
  slotRefresher,
  waitReachesMaster,
} from './redis-client.ts';
import { ReplicaWaiter } from './redis-replicas.ts';
import type { SessionRecord, SessionStore } from './store.ts';
import { checkTtl } from './store.ts';
import { dumpSessionJson, loadSessionJson } from './tagged-json.ts';

/**
 * Options of a {@link RedisStore}.
 *
 * @example
 * ```ts
 * new RedisStore({ client, prefix: 'shop:session:', commandTimeoutMs: 500, logger: app.logger });
 * ```
 */
export interface RedisStoreOptions {
  /**
   * A node-redis client (`createClient`, `createCluster` or `createSentinel`, with
   * `disableOfflineQueue`), connected once the store exists so that its errors are heard.
   */
  client: RedisClientLike;
  /** Prepended to every session id to make the key. `phial:session:` by default. */
  prefix?: string;
  /**
   * The longest a command may take, in milliseconds, before the request gets a 503 (2,000 by
   * default): the guard for a Redis that stops answering without closing the connection.
   */
  commandTimeoutMs?: number;
  /**
   * How many replicas must have a write before the response that depends on it leaves (0 by
   * default): after each write RedisStore sends `WAIT replicas replicaTimeoutMs` on the write's
   * connection, so a login is acknowledged only once a replica holds it and a failover to that
   * replica keeps it. When fewer replicas answer in time, the request still succeeds and a warning
   * is logged; until they answer again (checked every 5 s), writes to that master are
   * acknowledged without waiting: the promise is then only Redis's usual asynchronous one.
   */
  replicas?: number;
  /** How long `WAIT` waits for the replicas, in milliseconds (500 by default). */
  replicaTimeoutMs?: number;
  /** The `Retry-After` of the 503 a store failure becomes, in seconds (1 by default). */
  retryAfterSeconds?: number;
  /** Where outages, recoveries and setup warnings are logged; `console` by default. */
  logger?: Logger;
}

/**
 * The message of the 503 every store failure becomes.
 *
 * @example
 * ```ts
 * app.errorHandler(503)((error) => (error.message === STORE_UNAVAILABLE ? 'Back in a minute.' : error.message));
 * ```
 */
export const STORE_UNAVAILABLE = 'The session store is unavailable.';

/** An outage is over when a command succeeds this long after the last one that failed. */
const RECOVERY_QUIET_MS = 1000;

/**
 * A {@link SessionStore} on Redis. Values are the session's tagged JSON (the cookie session's
 * format, so tuples, dates and bytes come back as they went in). When Redis fails or does not answer
 * in time, every operation rejects with `HttpError(503, 'The session store is unavailable.')`, with
 * a `Retry-After` header and the Redis error as its `cause`; the outage is logged once, and its end
 * once (at the first success a second after the last failure). On a Redis Cluster, a failed command
 * makes the client rediscover which master serves which slot and is tried once more, so sessions
 * come back by themselves once a replica is promoted.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * const store = new RedisStore({ client }); // before connect(): it listens to the client's errors
 * await client.connect();
 * app.sessionInterface = new ServerSideSessionInterface({ store });
 * ```
 */
export class RedisStore implements SessionStore {
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly replicas: number;
  readonly replicaTimeoutMs: number;
  readonly retryAfterSeconds: number;
  readonly #client: RedisClientLike;
  readonly #logger: Logger;
  readonly #refreshSlots: SlotRefresh | undefined;
  readonly #replicaWaiter: ReplicaWaiter | undefined;
  #down = false;
  #lastFailure = 0;

  constructor(options: RedisStoreOptions) {
    const checked = checkOptions(options ?? ({} as RedisStoreOptions));
    this.prefix = checked.prefix;
    this.commandTimeoutMs = checked.commandTimeoutMs;
    this.replicas = checked.replicas;
    this.replicaTimeoutMs = checked.replicaTimeoutMs;
    this.retryAfterSeconds = checked.retryAfterSeconds;
    this.#client = checked.client;
    this.#logger = checked.logger;
    this.#refreshSlots = slotRefresher(checked.client);
    if (this.replicas > 0) {
      const { client, replicas, replicaTimeoutMs: timeoutMs, logger } = checked;
      this.#replicaWaiter = new ReplicaWaiter({ client, replicas, timeoutMs, logger });
    }
    this.#listenForErrors();
    if (queuesOfflineCommands(checked.client) === true) {
      this.#logger.warn(
        'RedisStore: create the Redis client with { disableOfflineQueue: true } (for a cluster, in ' +
          '`defaults`), so requests fail fast with a 503 while Redis is down instead of waiting up ' +
          `to ${this.commandTimeoutMs} ms each.`,
      );
    }
  }

  /** The Redis key of a session id. */
  key(id: string): string {
    return this.prefix + id;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const value = await this.#run('GET', () => this.#client.get(this.key(id)));
    if (value === null || value === undefined) return undefined;
    try {
      const data = loadSessionJson(String(value));
      return isRecord(data) ? data : undefined;
    } catch {
      // A key under our prefix that someone else wrote: no session, as a bad cookie would be.
      return undefined;
    }
  }

  async set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void> {
    checkTtl(ttlSeconds);
    // Serialized first: data that cannot be stored is the app's bug (a TypeError), not an outage.
    const json = dumpSessionJson(data);
    const key = this.key(id);
    await this.#write('SET', key, () => this.#client.set(key, json, { EX: wholeSeconds(ttlSeconds) }));
  }

  async touch(id: string, ttlSeconds: number): Promise<void> {
    checkTtl(ttlSeconds);
    const key = this.key(id);
    await this.#write('EXPIRE', key, () => this.#client.expire(key, wholeSeconds(ttlSeconds)));
  }

  async destroy(id: string): Promise<void> {
    const key = this.key(id);
    await this.#write('DEL', key, () => this.#client.del(key));
  }

  /** A write, then, when replicas must acknowledge it, `WAIT` on its connection. */
  async #write(command: string, key: string, write: () => Promise<unknown>): Promise<void> {
    const waiter = this.#replicaWaiter;
    if (waiter === undefined) {
      await this.#run(command, write);
      return;
    }
    // Two round trips, not one pipeline: node-redis queues a pipeline while its connection is
    // down, even with disableOfflineQueue, where a lone command fails at once.
    const writeAndWait = async () => {
      await write();
      await waiter.afterWrite(key);
    };
    await this.#run(`${command} + WAIT`, writeAndWait, this.replicaTimeoutMs);
  }

  async #run<T>(command: string, call: () => Promise<T>, extraMs = 0): Promise<T> {
    const limitMs = this.commandTimeoutMs + extraMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer ${command} within ${limitMs} ms`)),
        limitMs,
      );
    });
    try {
      const result = await Promise.race([this.#attempt(call), timeout]);
      this.#recovered();
      return result;
    } catch (error) {
      this.#failed(`RedisStore: ${command} failed, answering 503 until Redis is back`, error);
      throw new HttpError(503, STORE_UNAVAILABLE, {
        cause: error,
        headers: { 'Retry-After': String(this.retryAfterSeconds) },
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The call; on a cluster whose slot map a failure made stale, once more after refreshing it. */
  async #attempt<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (this.#refreshSlots === undefined || !(await this.#refreshSlots())) throw error;
      return call();
    }
  }

  #listenForErrors(): void {
    const client = this.#client;
    if (typeof client.on !== 'function') return;
    if (typeof client.listenerCount === 'function' && client.listenerCount('error') > 0) return;
    client.on('error', (error) => this.#failed('RedisStore: the Redis connection failed', error));
  }

  #failed(message: string, error: unknown): void {
    this.#lastFailure = Date.now();
    // One line per outage: a down Redis fails every request and every reconnection attempt.
    if (this.#down) return;
    this.#down = true;
    this.#logger.error(message, error);
  }

  #recovered(): void {
    // Over only once nothing has failed for a while: when one master of a cluster is down, the
    // others still answer, and the outage is not over because one of them did.
    if (!this.#down || Date.now() - this.#lastFailure < RECOVERY_QUIET_MS) return;
    this.#down = false;
    this.#logger.info('RedisStore: Redis answers again; sessions are back.');
  }
}

type CheckedOptions = Required<Omit<RedisStoreOptions, 'logger'>> & { logger: Logger };

function checkOptions(options: RedisStoreOptions): CheckedOptions {
  const {
    client,
    prefix = 'phial:session:',
    commandTimeoutMs = 2000,
    replicas = 0,
    replicaTimeoutMs = 500,
    retryAfterSeconds = 1,
    logger = console,
  } = options;
  if (!isClient(client)) {
    throw new TypeError('client must be a Redis client (createClient() of the redis package)');
  }
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  if (!isPositive(commandTimeoutMs)) {
    throw new TypeError('commandTimeoutMs must be a positive number of milliseconds');
  }
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new TypeError('replicas must be a whole number of replicas, 0 or more');
  }
  // WAIT with a timeout of 0 would wait forever.
  if (!isPositive(replicaTimeoutMs)) {
    throw new TypeError('replicaTimeoutMs must be a positive number of milliseconds');
  }
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
    throw new TypeError('retryAfterSeconds must be a whole number of seconds, 0 or more');
  }
  if (replicas > 0 && typeof client.multi !== 'function') {
    throw new TypeError('replicas needs client.multi() (node-redis) to send WAIT after each write');
  }
  if (replicas > 0 && !waitReachesMaster(client)) {
    throw new TypeError('replicas needs a cluster client without useReplicas: WAIT must reach the master');
  }
  return {
    client,
    prefix,
    commandTimeoutMs,
    replicas,
    replicaTimeoutMs: Math.ceil(replicaTimeoutMs),
    retryAfterSeconds,
    logger,
  };
}

function isPositive(value: number): boolean {
  return value > 0 && Number.isFinite(value);
}

function wholeSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds));
}

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
