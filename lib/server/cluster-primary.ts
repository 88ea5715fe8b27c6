/**
 * The primary of a cluster (lib/server/cluster.ts): it forks the workers, replaces one that dies (with a
 * backoff, so an app that crashes at once is not forked in a tight loop), replaces them all one by
 * one on SIGHUP, and stops them gracefully on close(), SIGINT or SIGTERM. It serves nothing itself.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server as HttpServer } from 'node:http';
import type { App } from '../app.ts';
import type { Server } from './serve.ts';

/**
 * What the primary sends a worker to make it close its server gracefully and exit.
 *
 * @example
 * ```ts
 * worker.send(CLOSE_MESSAGE);
 * ```
 */
export const CLOSE_MESSAGE = 'phial:close';
/** The first restart waits this long; each quick death in a row doubles it, up to the cap. */
const RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 10_000;
/** A worker that lived this long died of something new: the backoff starts over. */
const STABLE_LIFETIME_MS = 10_000;

/**
 * What the primary needs, already checked by `serve`.
 *
 * @example
 * ```ts
 * const options: PrimaryOptions = { host: '127.0.0.1', port: 5000, workers: 4, handleSignals: true, log: true };
 * ```
 */
export interface PrimaryOptions {
  host: string;
  port: number;
  workers: number;
  handleSignals: boolean;
  log: boolean;
}

/**
 * The Server that `app.run({ workers })` resolves with in the primary.
 *
 * @example
 * ```ts
 * const server = (await app.run({ workers: 4 })) as ClusterServer;
 * await server.restartWorkers(); // what SIGHUP does
 * ```
 */
export interface ClusterServer extends Server {
  /** The pids of the workers running now. */
  readonly workerPids: number[];
  /**
   * Replaces each worker with a new one, which loads the app's code afresh: the new one first,
   * then the old one closes gracefully once its successor listens, so no request is refused.
   * Rejects, leaving the remaining old workers serving, when a new worker cannot start.
   */
  restartWorkers(): Promise<void>;
}

interface WorkerState {
  readonly startedAt: number;
  listening: boolean;
  /** Replaced when it dies. False for a worker being retired, and for a successor until it listens. */
  supervised: boolean;
}

interface Startup {
  waiting: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * @internal The primary's Server; `servePrimary` creates and starts it.
 *
 * @example
 * ```ts
 * const primary = new ClusterPrimary(app, options);
 * await primary.start(options.workers);
 * ```
 */
export class ClusterPrimary implements ClusterServer {
  readonly host: string;
  port = 0;
  /** The primary serves nothing: this server never listens, and emits 'close' once the workers are gone. */
  readonly httpServer: HttpServer = createServer();
  private readonly app: App<any>;
  private readonly workers = new Map<Worker, WorkerState>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private readonly signals: ReadonlyArray<[NodeJS.Signals, () => void]>;
  private startup: Startup | null = null;
  private closing: Promise<void> | null = null;
  private rolling: Promise<void> | null = null;
  private quickDeaths = 0;

  constructor(app: App<any>, options: PrimaryOptions) {
    this.app = app;
    this.host = options.host;
    this.port = options.port;
    this.signals = options.handleSignals
      ? [
          ['SIGINT', () => this.exitGracefully()],
          ['SIGTERM', () => this.exitGracefully()],
          ['SIGHUP', () => this.restartOnSignal()],
        ]
      : [];
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/`;
  }

  get workerPids(): number[] {
    return [...this.workers.keys()].map((worker) => worker.process.pid!);
  }

  start(count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.startup = { waiting: count, resolve, reject };
      for (let i = 0; i < count; i++) this.fork(true);
      for (const [signal, listener] of this.signals) process.on(signal, listener);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.stopWorkers();
    return this.closing;
  }

  restartWorkers(): Promise<void> {
    this.rolling ??= this.replaceEach().finally(() => {
      this.rolling = null;
    });
    return this.rolling;
  }

  private fork(supervised: boolean): { worker: Worker; state: WorkerState } {
    const worker = cluster.fork();
    const state: WorkerState = { startedAt: performance.now(), listening: false, supervised };
    this.workers.set(worker, state);
    worker.once('listening', (address: { port: number }) => this.listened(state, address.port));
    worker.once('exit', (code: number | null, signal: string | null) => this.exited(worker, code, signal));
    return { worker, state };
  }

  private listened(state: WorkerState, port: number): void {
    state.listening = true;
    // Port 0: the first worker's listen picks the port, and the primary shares it with the others.
    this.port = port;
    const startup = this.startup;
    if (startup !== null && --startup.waiting === 0) {
      this.startup = null;
      startup.resolve();
    }
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    const state = this.workers.get(worker);
    this.workers.delete(worker);
    if (this.closing !== null || state === undefined || !state.supervised) return;
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    const startup = this.startup;
    if (startup !== null) {
      this.startup = null;
      const error = new Error(`A worker exited with ${how} before it was listening; see its output above.`);
      // Reject once the other workers are gone, so that the caller never leaves any behind.
      void this.close().then(() => startup.reject(error));
      return;
    }
    const delay = this.restartDelay(performance.now() - state.startedAt);
    this.app.logger.warn(
      ` * Worker ${worker.process.pid} exited with ${how}; starting another in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      if (this.closing === null) this.fork(true);
    }, delay);
    this.restarts.add(timer);
  }

  /** Exponential backoff over deaths in a row. */
  private restartDelay(lifetime: number): number {
    if (lifetime >= STABLE_LIFETIME_MS) this.quickDeaths = 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** this.quickDeaths);
    this.quickDeaths++;
    return delay;
  }

  private async replaceEach(): Promise<void> {
    for (const [worker, state] of [...this.workers]) {
      if (this.closing !== null) return;
      const successor = this.fork(false);
      const listening = await listeningOrExit(successor.worker);
      if (this.closing !== null) return;
      if (!listening) {
        throw new Error('A new worker exited before it was listening; the old workers keep serving.');
      }
      successor.state.supervised = true;
      state.supervised = false;
      if (this.workers.has(worker)) await stopWorker(worker, state.listening);
    }
  }

  private async stopWorkers(): Promise<void> {
    for (const [signal, listener] of this.signals) process.off(signal, listener);
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    await Promise.all([...this.workers].map(([worker, state]) => stopWorker(worker, state.listening)));
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  /** First SIGINT/SIGTERM: stop the workers and exit; the listeners are gone, so a second one kills. */
  private exitGracefully(): void {
    this.close().then(
      () => process.exit(0),
      (error: unknown) => {
        this.app.logger.error('Stopping the workers failed', error);
        process.exit(1);
      },
    );
  }

  private restartOnSignal(): void {
    this.app.logger.info(' * SIGHUP: replacing the workers one by one');
    this.restartWorkers().then(
      () => this.app.logger.info(' * Workers replaced'),
      (error: unknown) => this.app.logger.error('Replacing the workers failed', error),
    );
  }
}

function listeningOrExit(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    const onListening = (): void => {
      worker.off('exit', onExit);
      resolve(true);
    };
    const onExit = (): void => {
      worker.off('listening', onListening);
      resolve(false);
    };
    worker.once('listening', onListening);
    worker.once('exit', onExit);
  });
}

/**
 * Resolves once the worker has exited. A listening worker drains its connections first; one still
 * starting has none, and is simply ended.
 */
function stopWorker(worker: Worker, listening: boolean): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  if (!listening || !worker.isConnected()) {
    worker.process.kill('SIGTERM');
  } else {
    worker.send(CLOSE_MESSAGE, (error: Error | null) => {
      if (error) worker.process.kill('SIGTERM');
    });
  }
  return exited;
}
