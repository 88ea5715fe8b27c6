/**
 * RedisStore's `replicas` promise: after a write, `WAIT replicas timeout` on the write's connection,
 * so the write is acknowledged once that many replicas hold it.
 *
 * `WAIT` blocks its connection, and node-redis sends every command of a process to a master over
 * one connection, so every request behind a `WAIT` waits for it. Two things keep that short:
 *
 * - One `WAIT` at a time per master: writes made while one is out share the next, which covers
 *   them all (it is sent after them on the same connection).
 * - A master whose replicas missed a `WAIT` (a replica down, or just promoted and not replaced
 *   yet) is marked lagging: its writes are acknowledged without waiting, and a short `WAIT` every
 *   5 seconds checks whether the replicas are back. Entering and leaving that state are logged
 *   once each, per master.
 */
import type { Logger } from './interface.ts';
import { type RedisClientLike, writeTarget } from './redis-client.ts';

/** While a master lags, how often a write checks whether its replicas answer again. */
export const REPLICA_PROBE_INTERVAL_MS = 5000;
/** The longest such a check waits for them. */
export const REPLICA_PROBE_TIMEOUT_MS = 20;

interface MasterState {
  lagging: boolean;
  /** While lagging: when the next write may check the replicas again. */
  probeAt: number;
  /** The `WAIT` that is out, if one is. */
  waiting: Promise<void> | undefined;
  /** The `WAIT` that writes made meanwhile will share, sent once `waiting` is back. */
  queued: Promise<void> | undefined;
}

/**
 * Waits, after a write, until `replicas` replicas of the master that took it hold it, or
 * `timeoutMs` has passed; remembers which masters lag.
 *
 * @example
 * ```ts
 * const waiter = new ReplicaWaiter({ client, replicas: 1, timeoutMs: 1000, logger: console });
 * await client.set(key, value, { EX: 60 });
 * await waiter.afterWrite(key);
 * ```
 */
export class ReplicaWaiter {
  readonly replicas: number;
  readonly timeoutMs: number;
  readonly #client: RedisClientLike;
  readonly #logger: Logger;
  readonly #masters = new WeakMap<object, MasterState>();

  constructor(options: { client: RedisClientLike; replicas: number; timeoutMs: number; logger: Logger }) {
    this.#client = options.client;
    this.replicas = options.replicas;
    this.timeoutMs = options.timeoutMs;
    this.#logger = options.logger;
  }

  /** Resolves once the write just made to `key` is on enough replicas, or may not wait longer. */
  async afterWrite(key: string): Promise<void> {
    await this.#wait(this.#state(await writeTarget(this.#client, key)), key);
  }

  #state(target: object): MasterState {
    let state = this.#masters.get(target);
    if (state === undefined) {
      state = { lagging: false, probeAt: 0, waiting: undefined, queued: undefined };
      this.#masters.set(target, state);
    }
    return state;
  }

  /** The `WAIT` that covers a write just made; none when the master lags and is not checked now. */
  #wait(state: MasterState, key: string): Promise<void> {
    if (state.waiting !== undefined) {
      const next = () => {
        state.queued = undefined;
        return this.#wait(state, key);
      };
      state.queued ??= state.waiting.then(next, next);
      return state.queued;
    }
    let timeoutMs = this.timeoutMs;
    if (state.lagging) {
      const now = Date.now();
      if (now < state.probeAt) return Promise.resolve();
      state.probeAt = now + REPLICA_PROBE_INTERVAL_MS;
      timeoutMs = Math.min(timeoutMs, REPLICA_PROBE_TIMEOUT_MS);
    }
    const waiting = this.#client.multi!(key)
      .wait(this.replicas, timeoutMs)
      .execAsPipeline()
      .then(([reply]) => this.#acknowledged(state, Number(reply), timeoutMs))
      .finally(() => {
        state.waiting = undefined;
      });
    state.waiting = waiting;
    return waiting;
  }

  #acknowledged(state: MasterState, acknowledged: number, timeoutMs: number): void {
    if (acknowledged >= this.replicas) {
      if (!state.lagging) return;
      state.lagging = false;
      this.#logger.info(`RedisStore: ${this.replicas} replica(s) acknowledge writes again.`);
      return;
    }
    if (state.lagging) return;
    state.lagging = true;
    state.probeAt = Date.now() + REPLICA_PROBE_INTERVAL_MS;
    this.#logger.warn(
      `RedisStore: only ${acknowledged} of ${this.replicas} replica(s) acknowledged a write within ` +
        `${timeoutMs} ms; writes to that master are acknowledged without waiting until they answer ` +
        'again (checked every 5 s), and a failover meanwhile may lose them.',
    );
  }
}
