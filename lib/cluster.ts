/**
 * Several processes serving one app: `app.run({ workers: n })` makes the process a node:cluster
 * primary that forks n workers. Each worker runs the same script again; its `app.run()` serves on
 * the shared port (the primary hands connections out in turn). The primary serves nothing: it
 * starts the workers, replaces one that dies, and stops them all gracefully on `close()`.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server as HttpServer } from 'node:http';
import type { App } from './app.ts';
import type { Server } from './server.ts';
import { MemoryStore } from './sessions/memory-store.ts';
import { ServerSideSessionInterface } from './sessions/server-side.ts';

/** What the primary sends a worker to make it close its server gracefully and exit. */
const CLOSE_MESSAGE = 'phial:close';
/** The first restart waits this long; each quick death in a row doubles it, up to the cap. */
const RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 10_000;
/** A worker that lived this long died of something new: the backoff starts over. */
const STABLE_LIFETIME_MS = 10_000;

/** Which part of a cluster `app.run()` plays in this process; `null` when it runs alone. */
export type ClusterRole = 'primary' | 'worker' | null;

/**
 * The part this process plays for `RunOptions.workers`. Throws a TypeError for a count that is
 * not a positive integer.
 *
 * @example
 * ```ts
 * clusterRole(undefined); // null: no cluster
 * clusterRole(4); // 'primary' in the process you started, 'worker' in the ones it forks
 * ```
 */
export function clusterRole(workers: number | undefined): ClusterRole {
  if (workers === undefined) return null;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new TypeError(`RunOptions.workers must be a positive integer, got ${workers}`);
  }
  return cluster.isPrimary ? 'primary' : 'worker';
}

/**
 * The warning for an app whose sessions live in one process's memory: with several workers, each
 * keeps its own sessions, so a login made on one worker is unknown to the next. `null` when the
 * sessions are shared (cookies, Redis).
 *
 * @example
 * ```ts
 * app.sessionInterface = new ServerSideSessionInterface({ store: new MemoryStore() });
 * processMemoryWarning(app); // ' * Warning: sessions are kept in a MemoryStore …'
 * ```
 */
export function processMemoryWarning(app: App<any>): string | null {
  const sessions = app.sessionInterface;
  if (!(sessions instanceof ServerSideSessionInterface && sessions.store instanceof MemoryStore)) return null;
  return (
    " * Warning: sessions are kept in a MemoryStore, in each worker's own memory: a user logged in " +
    'on one worker is a stranger to the others. Use a RedisStore (SESSION_BACKEND=redis in the demo) ' +
    'or cookie sessions with one SECRET_KEY.'
  );
}

/** What the primary needs, already checked by `serve`. */
export interface PrimaryOptions {
  host: string;
  port: number;
  workers: number;
  handleSignals: boolean;
  log: boolean;
}

/**
 * Starts the workers and resolves once each one listens, with a Server whose `close()` stops them
 * gracefully. Rejects (and stops the others) when a worker exits before it listens: an app that
 * cannot start is not restarted in a loop.
 *
 * @example
 * ```ts
 * const server = await servePrimary(app, { host: '127.0.0.1', port: 0, workers: 2, handleSignals: false, log: false });
 * await server.close();
 * ```
 */
export async function servePrimary(app: App<any>, options: PrimaryOptions): Promise<Server> {
  const warning = options.workers > 1 ? processMemoryWarning(app) : null;
  if (warning !== null) app.logger.warn(warning);
  const primary = new ClusterPrimary(app, options);
  await primary.start(options.workers);
  if (options.log) {
    app.logger.info(` * Debug mode: ${app.config.DEBUG ? 'on' : 'off'}`);
    app.logger.info(
      ` * Running on ${primary.url} with ${options.workers} worker${options.workers === 1 ? '' : 's'}` +
        ' (Press CTRL+C to quit)',
    );
  }
  return primary;
}

/**
 * In a worker: close the server gracefully and exit when the primary asks. Called before the
 * server listens, so that a close asked for right after startup is not missed.
 *
 * @example
 * ```ts
 * followPrimary(server, app.logger);
 * ```
 */
export function followPrimary(server: Server, logger: App<any>['logger']): void {
  const onMessage = (message: unknown): void => {
    if (message !== CLOSE_MESSAGE) return;
    process.off('message', onMessage);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('Closing the server failed', error);
        process.exit(1);
      },
    );
  };
  process.on('message', onMessage);
  // Listening for messages holds the channel open: once the server is gone, let the worker end.
  server.httpServer.once('close', () => process.off('message', onMessage));
}

interface WorkerState {
  readonly startedAt: number;
  listening: boolean;
}

interface Startup {
  waiting: number;
  resolve(): void;
  reject(error: Error): void;
}

class ClusterPrimary implements Server {
  readonly host: string;
  port = 0;
  /** The primary serves nothing: this server never listens, and emits 'close' once the workers are gone. */
  readonly httpServer: HttpServer = createServer();
  private readonly app: App<any>;
  private readonly workers = new Map<Worker, WorkerState>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private readonly onSignal: (() => void) | null;
  private startup: Startup | null = null;
  private closing: Promise<void> | null = null;
  private quickDeaths = 0;

  constructor(app: App<any>, options: PrimaryOptions) {
    this.app = app;
    this.host = options.host;
    this.port = options.port;
    this.onSignal = options.handleSignals ? () => this.exitGracefully() : null;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/`;
  }

  start(count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.startup = { waiting: count, resolve, reject };
      for (let i = 0; i < count; i++) this.fork();
      if (this.onSignal !== null) {
        process.on('SIGINT', this.onSignal);
        process.on('SIGTERM', this.onSignal);
      }
    });
  }

  close(): Promise<void> {
    this.closing ??= this.stopWorkers();
    return this.closing;
  }

  private fork(): void {
    const worker = cluster.fork();
    const state: WorkerState = { startedAt: performance.now(), listening: false };
    this.workers.set(worker, state);
    worker.once('listening', (address: { port: number }) => this.listened(state, address.port));
    worker.once('exit', (code: number | null, signal: string | null) => this.exited(worker, code, signal));
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
    if (this.closing !== null || state === undefined) return;
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
      if (this.closing === null) this.fork();
    }, delay);
    this.restarts.add(timer);
  }

  /** Exponential backoff over deaths in a row, so a worker that dies at once is not forked in a loop. */
  private restartDelay(lifetime: number): number {
    if (lifetime >= STABLE_LIFETIME_MS) this.quickDeaths = 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** this.quickDeaths);
    this.quickDeaths++;
    return delay;
  }

  private async stopWorkers(): Promise<void> {
    if (this.onSignal !== null) {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    }
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    const exits: Promise<void>[] = [];
    for (const [worker, state] of this.workers) {
      exits.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      stopWorker(worker, state.listening);
    }
    await Promise.all(exits);
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
}

/** A listening worker drains its connections; one still starting has none, and is simply ended. */
function stopWorker(worker: Worker, listening: boolean): void {
  if (!listening || !worker.isConnected()) {
    worker.process.kill('SIGTERM');
    return;
  }
  worker.send(CLOSE_MESSAGE, (error: Error | null) => {
    if (error) worker.process.kill('SIGTERM');
  });
}
