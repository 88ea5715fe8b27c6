/**
 * Where a server-side session keeps its data: a small async key-value contract that
 * {@link MemoryStore} (one process) and {@link RedisStore} (several) implement. Write your own for
 * another database; the session interface never calls anything else.
 */

/**
 * One session's data as a store returns it: a plain object the caller owns (a fresh copy, so
 * changing it never changes what is stored).
 *
 * @example
 * ```ts
 * const record: SessionRecord = { username: 'ada', _permanent: true };
 * ```
 */
export type SessionRecord = Record<string, unknown>;

/**
 * A session store. Ids reach a store only after their signature verified, so a store never sees
 * an id the app did not issue. A store that cannot reach its backend rejects (RedisStore rejects
 * with a 503 HttpError) rather than answering "no session", so an outage never logs users out.
 *
 * @example
 * ```ts
 * const store: SessionStore = new MemoryStore();
 * await store.set('abc', { username: 'ada' }, 3600);
 * await store.get('abc'); // { username: 'ada' }
 * await store.touch('abc', 7200); // lives two more hours, data unchanged
 * await store.destroy('abc');
 * await store.get('abc'); // undefined
 * ```
 */
export interface SessionStore {
  /** The data stored under `id`, or undefined when there is none (never stored, expired, destroyed). */
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * Stores the whole session under `id`, replacing what was there, for `ttlSeconds` (> 0). Throws a
   * TypeError when the data cannot be serialized (the session's tagged JSON: see `dumpSessionJson`).
   */
  set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void>;
  /**
   * Gives the data under `id` a new time to live without rewriting it; does nothing when there is
   * none, so refreshing a session can never bring back data another request removed.
   */
  touch(id: string, ttlSeconds: number): Promise<void>;
  /** Removes the data under `id`; nothing happens when there is none. */
  destroy(id: string): Promise<void>;
}

/**
 * Throws a TypeError unless `ttlSeconds` is a positive finite number.
 *
 * @example
 * ```ts
 * checkTtl(60); // fine
 * checkTtl(0); // throws TypeError: ttlSeconds must be a positive number of seconds
 * ```
 */
export function checkTtl(ttlSeconds: number): void {
  if (typeof ttlSeconds !== 'number' || !(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) {
    throw new TypeError('ttlSeconds must be a positive number of seconds');
  }
}
