/**
 * A session store on Redis, shared by every process of the app: `SET key value EX ttl`, so Redis
 * itself forgets expired sessions.
 *
 * `redis` is an optional peer dependency: this file imports nothing from it and accepts any client
 * with the few methods below, so apps that never use Redis never install it. Create the client with
 * `disableOfflineQueue: true`: while Redis is down, commands then fail at once (a 503) instead of
 * queueing until it comes back; the client reconnects by itself and sessions work again.
 */
import { HttpError } from '../http/errors.ts';
import type { Logger } from './interface.ts';
import type { SessionRecord, SessionStore } from './store.ts';
import { checkTtl } from './store.ts';
import { dumpSessionJson, loadSessionJson } from './tagged-json.ts';

/**
 * What RedisStore needs of a client: node-redis v4 and v5 (`createClient()`) fit as they are. For
 * another client, pass a small adapter object with these methods.
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
}

/**
 * Options of a {@link RedisStore}.
 *
 * @example
 * ```ts
 * new RedisStore({ client, prefix: 'shop:session:', commandTimeoutMs: 500, logger: app.logger });
 * ```
 */
export interface RedisStoreOptions {
  /** A connected client: `await createClient({ url, disableOfflineQueue: true }).connect()`. */
  client: RedisClientLike;
  /** Prepended to every session id to make the key. `phial:session:` by default. */
  prefix?: string;
  /**
   * The longest a command may take, in milliseconds, before the request gets a 503 (2,000 by
   * default): the guard for a Redis that stops answering without closing the connection.
   */
  commandTimeoutMs?: number;
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

/**
 * A {@link SessionStore} on Redis. Values are the session's tagged JSON (the cookie session's
 * format, so tuples, dates and bytes come back as they went in). When Redis fails or does not answer
 * in time, every operation rejects with `HttpError(503, 'The session store is unavailable.')`, the
 * Redis error as its `cause`; the outage is logged once, and its end once.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * app.sessionInterface = new ServerSideSessionInterface({ store: new RedisStore({ client }) });
 * ```
 */
export class RedisStore implements SessionStore {
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly #client: RedisClientLike;
  readonly #logger: Logger;
  #down = false;

  constructor(options: RedisStoreOptions) {
    const { client, prefix = 'phial:session:', commandTimeoutMs = 2000, logger = console } = options ?? {};
    if (!isClient(client)) {
      throw new TypeError('client must be a Redis client (createClient() of the redis package)');
    }
    if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
    if (!(commandTimeoutMs > 0) || !Number.isFinite(commandTimeoutMs)) {
      throw new TypeError('commandTimeoutMs must be a positive number of milliseconds');
    }
    this.prefix = prefix;
    this.commandTimeoutMs = commandTimeoutMs;
    this.#client = client;
    this.#logger = logger;
    this.#listenForErrors();
    if (client.options !== undefined && client.options.disableOfflineQueue !== true) {
      logger.warn(
        'RedisStore: create the Redis client with { disableOfflineQueue: true }, so requests fail fast ' +
          `with a 503 while Redis is down instead of waiting up to ${commandTimeoutMs} ms each.`,
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
    await this.#run('SET', () => this.#client.set(this.key(id), json, { EX: wholeSeconds(ttlSeconds) }));
  }

  async touch(id: string, ttlSeconds: number): Promise<void> {
    checkTtl(ttlSeconds);
    await this.#run('EXPIRE', () => this.#client.expire(this.key(id), wholeSeconds(ttlSeconds)));
  }

  async destroy(id: string): Promise<void> {
    await this.#run('DEL', () => this.#client.del(this.key(id)));
  }

  async #run<T>(command: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer ${command} within ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([call(), timeout]);
      this.#recovered();
      return result;
    } catch (error) {
      this.#failed(`RedisStore: ${command} failed, answering 503 until Redis is back`, error);
      throw new HttpError(503, STORE_UNAVAILABLE, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  #listenForErrors(): void {
    const client = this.#client;
    if (typeof client.on !== 'function') return;
    if (typeof client.listenerCount === 'function' && client.listenerCount('error') > 0) return;
    client.on('error', (error) => this.#failed('RedisStore: the Redis connection failed', error));
  }

  #failed(message: string, error: unknown): void {
    // One line per outage: a down Redis fails every request and every reconnection attempt.
    if (this.#down) return;
    this.#down = true;
    this.#logger.error(message, error);
  }

  #recovered(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#logger.info('RedisStore: Redis answers again; sessions are back.');
  }
}

function isClient(client: unknown): client is RedisClientLike {
  if (typeof client !== 'object' || client === null) return false;
  const methods = client as Record<string, unknown>;
  return ['get', 'set', 'expire', 'del'].every((name) => typeof methods[name] === 'function');
}

function wholeSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds));
}

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
