/**
 * Helpers for the live tests of the server: apps that listen on port 0 with a quiet logger, raw
 * node:net connections, and a guard that turns a hang into a failure. Nothing here asserts a
 * duration.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { App } from '../../lib/app.ts';
import { type RunOptions, type Server, serve } from '../../lib/server/serve.ts';

export interface Logged {
  info: string[];
  error: unknown[][];
}

/** An app whose logger records instead of printing. */
export function quietApp(): { app: App; logged: Logged } {
  const app = new App();
  const logged: Logged = { info: [], error: [] };
  app.logger = {
    info: (...args: unknown[]) => logged.info.push(args.map(String).join(' ')),
    warn: () => {},
    error: (...args: unknown[]) => logged.error.push(args),
  };
  return { app, logged };
}

/** Serves on a free port: silent, and without signal handlers. */
export function start(app: App, options: RunOptions = {}): Promise<Server> {
  return serve(app, { port: 0, log: false, handleSignals: false, ...options });
}

/**
 * Rejects when `promise` has not settled in time: a hang fails the test instead of stalling it.
 * The default bound is generous (30 s): a passing test never waits for it, and on a loaded machine
 * (load ≈ 10 on 2 cores) a 5 s bound failed tests that were only slow.
 */
export function guard<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A raw connection that collects everything the server sends. */
export function rawConnect(port: number): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    data += chunk;
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => undefined);
  return { socket, received: () => data, closed };
}

/** Resolves once the data received so far matches `pattern`. */
export async function receivedMatch(
  raw: ReturnType<typeof rawConnect>,
  pattern: RegExp,
  what: string,
): Promise<string> {
  await guard(
    new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(raw.received())) resolve();
        else if (raw.socket.destroyed)
          reject(new Error(`closed before ${what}; got ${JSON.stringify(raw.received())}`));
        else setTimeout(check, 5);
      };
      check();
    }),
    what,
  );
  return raw.received();
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape is what is being removed
  return text.replace(/\x1b\[[\d;]*m/g, '');
}
