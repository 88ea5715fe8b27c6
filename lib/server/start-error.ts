/**
 * A server that cannot start says why in one line, and what to do: the port is taken, not ours to
 * use, or not a port at all; the host is not an address of this machine. Werkzeug's development
 * server prints such a line and exits with status 1; `app.run()` does the same when it owns the
 * process (`handleSignals`, the default), and otherwise rejects with a {@link ServerStartError}.
 */

/**
 * The server could not start. The message is one line that says what to do; `cause` is the error
 * Node gave, when there was one.
 *
 * @example
 * ```ts
 * try {
 *   await app.run({ port: 5000, handleSignals: false });
 * } catch (error) {
 *   if (error instanceof ServerStartError) console.error(error.message); // Port 5000 is in use…
 * }
 * ```
 */
export class ServerStartError extends Error {
  override name = 'ServerStartError';
  /** Node's error code (`EADDRINUSE`, `EACCES`…), or null for a bad setting. */
  readonly code: string | null;

  constructor(message: string, options: { code?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? null;
  }
}

const PORT_RANGE = 'an integer from 0 to 65535';

/**
 * The port to listen on: `port` when given, else `PORT` from the environment, else 5000. A bad
 * `port` is a TypeError (the code is wrong); a bad `PORT`, a {@link ServerStartError}.
 *
 * @example
 * ```ts
 * resolvePort(undefined, { PORT: '8000' }); // 8000
 * resolvePort(undefined, { PORT: 'abc' });  // throws: PORT must be an integer from 0 to 65535, got 'abc'
 * ```
 */
export function resolvePort(port: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (port !== undefined) {
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
    // A mistake in the code, not in the environment: a TypeError, whose stack shows the call.
    throw new TypeError(`RunOptions.port must be ${PORT_RANGE}, got ${String(port)}`);
  }
  const raw = env['PORT'];
  if (raw === undefined || raw.trim() === '') return 5000;
  const value = Number(raw.trim());
  if (/^\d+$/.test(raw.trim()) && value <= 65535) return value;
  throw new ServerStartError(
    `PORT must be ${PORT_RANGE}, got ${JSON.stringify(raw)}: PORT=5000, or unset it`,
  );
}

/**
 * The host to listen on: `host` when given, else `HOST` from the environment, else `127.0.0.1`.
 *
 * @example
 * ```ts
 * resolveHost(undefined, { HOST: '0.0.0.0' }); // '0.0.0.0'
 * ```
 */
export function resolveHost(host: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return host ?? (env['HOST']?.trim() || '127.0.0.1');
}

/** A port one above, as a suggestion (5000 → 5001), or 8000 for ports that have no next. */
function nextPort(port: number): number {
  return port === 0 || port >= 65535 ? 8000 : port + 1;
}

/**
 * The one-line message for an error from `listen()`, or null when it is not one a user can act on.
 *
 * @example
 * ```ts
 * listenErrorMessage({ code: 'EADDRINUSE' }, '127.0.0.1', 5000);
 * // 'Port 5000 is in use by another program. Either identify and stop that program, or start the server with a different port: …'
 * ```
 */
export function listenErrorMessage(error: unknown, host: string, port: number): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const other = nextPort(port);
  const choose = `PORT=${other}, phial run --port ${other}, or app.run({ port: ${other} })`;
  switch (code) {
    case 'EADDRINUSE':
      return (
        `Port ${port} is in use by another program. Either identify and stop that program, ` +
        `or start the server with a different port: ${choose}.`
      );
    case 'EACCES':
      return `Permission denied to listen on port ${port} (ports below 1024 need privileges): choose another, ${choose}.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return (
        `Cannot listen on '${host}': it is not an address of this machine. Use 127.0.0.1 (this machine ` +
        'only) or 0.0.0.0 (every interface): HOST=127.0.0.1, phial run --host 127.0.0.1, or app.run({ host }).'
      );
    default:
      return null;
  }
}

/**
 * The {@link ServerStartError} for an error met while starting, or the error itself when it is
 * not about starting (a bug, which keeps its stack).
 *
 * @example
 * ```ts
 * throw asStartError(error, '127.0.0.1', 5000);
 * ```
 */
export function asStartError(error: unknown, host: string, port: number): unknown {
  if (error instanceof ServerStartError) return error;
  const message = listenErrorMessage(error, host, port);
  if (message === null) return error;
  return new ServerStartError(message, { code: String((error as { code: unknown }).code), cause: error });
}
