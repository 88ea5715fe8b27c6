/**
 * The embedded session store: sessions in this process's memory. Right for development, tests and
 * an app that runs as exactly one process; wrong for several processes or machines (each would see
 * its own sessions) and for restarts (everyone is logged out). Use RedisStore there.
 */
import { EventEmitter } from 'node:events';
import type { SessionRecord, SessionStore } from './store.ts';
import { checkTtl } from './store.ts';
import { dumpSessionJson, loadSessionJson } from './tagged-json.ts';

/**
 * Where the one-time warning goes: any object with `warn`, such as `console` or the app's logger.
 *
 * @example
 * ```ts
 * new MemoryStore({ logger: app.logger });
 * ```
 */
export interface WarnLogger {
  warn(message: string): void;
}

/**
 * Options of a {@link MemoryStore}.
 *
 * @example
 * ```ts
 * new MemoryStore({ maxEntries: 1000, sweepIntervalMs: 30_000 });
 * ```
 */
export interface MemoryStoreOptions {
  /** The most sessions kept; past it the least recently used one is dropped. 10,000 by default. */
  maxEntries?: number;
  /** How often expired sessions are swept out, in milliseconds. One minute by default. */
  sweepIntervalMs?: number;
  /** Receives the warning that this store does not scale past one process; `console` by default. */
  logger?: WarnLogger;
  /** The clock, in milliseconds since the epoch; `Date.now` by default (tests pass their own). */
  now?: () => number;
}

/**
 * The warning a new MemoryStore logs, once per logger (so once per process with the default).
 *
 * @example
 * ```ts
 * new MemoryStore({ logger: { warn: (m) => m === MEMORY_STORE_WARNING || console.warn(m) } }); // silenced
 * ```
 */
export const MEMORY_STORE_WARNING =
  "MemoryStore keeps sessions in this process's memory: they are lost on restart and not shared " +
  'between processes. It does not scale past one process; for several, use RedisStore.';

/** Loggers already warned: the default `console` is warned once per process, however many stores. */
const warned = new WeakSet<object>();

interface Entry {
  /** The tagged JSON, so nothing a view holds can reach what is stored. */
  json: string;
  expiresAt: number;
}

/**
 * A bounded, expiring in-memory {@link SessionStore}. Entries are kept as serialized copies (a view
 * changing its session object after a save cannot change the store, and what cannot be stored in
 * Redis fails here too), in least-recently-used order. Expired entries are dropped on read and by a
 * periodic sweep that does not keep the process alive; call {@link close} to stop it.
 *
 * Events: `sweep` (number of entries removed) after each sweep, `evict` (id) when the size bound
 * drops a session.
 *
 * @example
 * ```ts
 * const store = new MemoryStore({ maxEntries: 1000 });
 * app.sessionInterface = new ServerSideSessionInterface({ store });
 * ```
 */
export class MemoryStore extends EventEmitter implements SessionStore {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null;

  constructor(options: MemoryStoreOptions = {}) {
    super();
    const { maxEntries = 10_000, sweepIntervalMs = 60_000, logger = console, now = Date.now } = options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('maxEntries must be a positive integer');
    }
    if (!(sweepIntervalMs > 0) || !Number.isFinite(sweepIntervalMs)) {
      throw new TypeError('sweepIntervalMs must be a positive number of milliseconds');
    }
    this.maxEntries = maxEntries;
    this.#now = now;
    this.#timer = setInterval(() => this.sweep(), sweepIntervalMs);
    // A store must never be the reason a finished process keeps running.
    this.#timer.unref();
    warnOnce(logger);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    if (entry.expiresAt <= this.#now()) return undefined;
    // Re-inserting moves the entry to the end: the Map's order is the recency order.
    this.#entries.set(id, entry);
    return loadSessionJson(entry.json) as SessionRecord;
  }

  async set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void> {
    checkTtl(ttlSeconds);
    const json = dumpSessionJson(data);
    this.#entries.delete(id);
    this.#entries.set(id, { json, expiresAt: this.#now() + ttlSeconds * 1000 });
    this.#evictOverflow();
  }

  async touch(id: string, ttlSeconds: number): Promise<void> {
    checkTtl(ttlSeconds);
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.expiresAt <= this.#now()) return;
    entry.expiresAt = this.#now() + ttlSeconds * 1000;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
  }

  async destroy(id: string): Promise<void> {
    this.#entries.delete(id);
  }

  /** The number of entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether an entry is held under `id`, without reading it or changing its recency. */
  has(id: string): boolean {
    const entry = this.#entries.get(id);
    return entry !== undefined && entry.expiresAt > this.#now();
  }

  /** Removes every expired entry now and returns how many there were; the timer calls it. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id);
        removed++;
      }
    }
    this.emit('sweep', removed);
    return removed;
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
  }

  /** Stops the sweep timer; the store still answers, expiring entries on read. */
  close(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #evictOverflow(): void {
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.emit('evict', oldest);
    }
  }
}

function warnOnce(logger: WarnLogger): void {
  if (warned.has(logger)) return;
  warned.add(logger);
  logger.warn(MEMORY_STORE_WARNING);
}
