/**
 * Several processes serving one app: `app.run({ workers: n })` makes the process a node:cluster
 * primary that forks n workers. Each worker runs the same script again; its `app.run()` serves on
 * the shared port (the primary hands connections out in turn). The primary (cluster-primary.ts)
 * serves nothing: it starts the workers, replaces one that dies, and stops them all gracefully.
 */
import cluster from 'node:cluster';
import type { App } from '../app.ts';
import { MemoryStore } from '../sessions/memory-store.ts';
import { ServerSideSessionInterface } from '../sessions/server-side.ts';
import { CLOSE_MESSAGE, ClusterPrimary, type ClusterServer, type PrimaryOptions } from './cluster-primary.ts';
import type { Server } from './serve.ts';

export type { ClusterServer, PrimaryOptions };

/**
 * Which part of a cluster `app.run()` plays in this process; `null` when it runs alone.
 *
 * @example
 * ```ts
 * const role: ClusterRole = clusterRole(options.workers);
 * ```
 */
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
export async function servePrimary(app: App<any>, options: PrimaryOptions): Promise<ClusterServer> {
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
