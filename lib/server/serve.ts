/**
 * Layer server/: the node:http door (sockets in, sockets out, cluster, proxy fix); imports the core
 * and below.
 *
 * Serving an app on node:http: listening, the timeouts from the config, answers to requests node
 * cannot parse, graceful close and signals. With node-request.ts (one request through the app) and
 * node-response.ts (a Response onto the wire), the only code in Phial that knows sockets.
 */
import {
  createServer,
  type Server as HttpServer,
  type IncomingMessage,
  ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { App } from '../app.ts';
import { HttpError } from '../http/errors.ts';
import { launchOptions } from '../launch.ts';
import { type AccessLog, type AccessLogSetting, accessLogFrom } from './access-log.ts';
import { clusterRole, followPrimary, servePrimary } from './cluster.ts';
import { handleNodeRequest } from './node-request.ts';
import { markDraining } from './node-response.ts';
import { asStartError, resolveHost, resolvePort, ServerStartError } from './start-error.ts';

export { handleNodeRequest };

/** Options of `app.run()`. */
export interface RunOptions {
  // `| undefined` throughout: an undefined option is the default, also under exactOptionalPropertyTypes.
  /** The interface to listen on; `process.env.HOST`, else `127.0.0.1`. */
  host?: string | undefined;
  /** The port; `process.env.PORT`, else 5000. `0` picks any free port. */
  port?: number | undefined;
  /** Sets `app.config.DEBUG`: traceback pages for unhandled errors and a log line per request. */
  debug?: boolean | undefined;
  /**
   * The server owns the process: SIGINT and SIGTERM close it gracefully, then exit the process, and
   * a server that cannot start (port in use, a bad `PORT`, a host that is not this machine's)
   * prints why in one line and exits with status 1, as Flask's does. Default true. When false,
   * `run()` rejects with a {@link ServerStartError} instead.
   */
  handleSignals?: boolean | undefined;
  /** Print where the server listens. Default true. */
  log?: boolean | undefined;
  /**
   * A line per request, for production: `true` for Apache's Combined Log Format on stdout, `'json'`
   * for one JSON object per line, or `{ format, stream }`. Off by default; off, it costs nothing.
   */
  accessLog?: AccessLogSetting | undefined;
  /**
   * Serve from this many processes (node:cluster): the script runs again in each worker, whose
   * `app.run()` serves on the shared port; this process supervises them. Default: one process.
   */
  workers?: number | undefined;
}

/**
 * A running server, as `app.run()` resolves it.
 *
 * @example
 * ```ts
 * const server = await app.run({ port: 0, handleSignals: false });
 * await fetch(server.url);
 * await server.close();
 * ```
 */
export interface Server {
  /** The port it listens on (the one picked when asked for 0). */
  readonly port: number;
  /** The host it was asked to listen on. */
  readonly host: string;
  /** `http://host:port/`. */
  readonly url: string;
  /**
   * The underlying node:http server. In the primary of a cluster (`workers`), which serves nothing,
   * a server that never listens and emits 'close' once the workers are gone.
   */
  readonly httpServer: HttpServer;
  /**
   * Stops accepting connections, ends idle keep-alive connections, lets in-flight requests finish
   * (their connections close after the response) and resolves when all are gone. Idempotent. In
   * the primary of a cluster: has every worker do so, and resolves once they have exited.
   */
  close(): Promise<void>;
}

/** The status node:http's errors deserve; anything else it could not parse is a 400. */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** Answers what node:http could not parse (400), oversized headers (431) and slow clients (408). */
function answerClientError(app: App<any>, error: NodeJS.ErrnoException, socket: Socket): void {
  // Node's own check: raw bytes must not cut into a response that has started (`_httpMessage`).
  const inFlight = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  if (app.config.DEBUG) app.logger.info(`Refused a request with ${status}: ${error.code ?? error.message}`);
  const body = new HttpError(status).toHtml();
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  socket.end(head + body, () => socket.destroy());
}

/**
 * A CONNECT request (a proxy's method) goes through the app like any other, which routes its
 * authority-form target (`example.com:443`) as a path: a 404 or a 405 page rather than node's
 * silent close, then the connection ends. node:http has handed the socket over with no error
 * listener, so one is added: a client that resets must not crash the process.
 */
function answerConnect(
  app: App<any>,
  req: IncomingMessage,
  socket: Socket,
  accessLog: AccessLog | null,
): void {
  socket.on('error', () => socket.destroy());
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  res.on('finish', () => {
    res.detachSocket(socket);
    socket.end();
  });
  handleNodeRequest(app, req, res, accessLog?.begin(req, res));
}

/** node:http's own rule, said in the config's words. */
function checkTimeouts(headersTimeout: number, requestTimeout: number): void {
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new TypeError(
      `SERVER_HEADERS_TIMEOUT (${headersTimeout} ms) must not exceed SERVER_REQUEST_TIMEOUT (${requestTimeout} ms)`,
    );
  }
}

/** Node checks both timeouts on an interval (30 s by default): often enough to honour a 10 s timeout. */
function checkingInterval(headersTimeout: number): number {
  return headersTimeout > 0 ? Math.min(30_000, Math.max(250, Math.floor(headersTimeout / 4))) : 30_000;
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/**
 * Serves an app on node:http with the timeouts from its config; resolves once listening.
 * `app.run(options)` calls it. Under `phial run`, the first call takes the command line's settings
 * over `options`; under `phial routes`, it serves nothing and never settles (see launch.ts).
 *
 * @example
 * ```ts
 * const server = await serve(app, { port: 0, log: false, handleSignals: false });
 * console.log(server.url); // http://127.0.0.1:40213/
 * await server.close();
 * ```
 */
export async function serve(app: App<any>, options: RunOptions = {}): Promise<Server> {
  const launched = launchOptions(app, options);
  // `phial routes` wanted the app, not a server: the module waits while the command prints.
  if (launched === null) return new Promise<Server>(() => {});
  options = launched;
  const host = resolveHost(options.host);
  let port = 0;
  try {
    port = resolvePort(options.port);
    return await start(app, options, host, port);
  } catch (error) {
    const failure = asStartError(error, host, port);
    if (failure instanceof ServerStartError && (options.handleSignals ?? true)) exitWith(app, failure);
    throw failure;
  }
}

/** Werkzeug's way for a server that owns the process: the one line, then exit status 1, no stack. */
function exitWith(app: App<any>, failure: ServerStartError): never {
  app.logger.error(failure.message);
  process.exit(1);
}

async function start(app: App<any>, options: RunOptions, host: string, port: number): Promise<Server> {
  if (options.debug !== undefined) app.config.DEBUG = options.debug;
  const config = app.config;
  checkTimeouts(config.SERVER_HEADERS_TIMEOUT, config.SERVER_REQUEST_TIMEOUT);
  const role = clusterRole(options.workers);
  if (role === 'primary') {
    const { handleSignals = true, log = true } = options;
    return servePrimary(app, { host, port, workers: options.workers!, handleSignals, log });
  }
  const httpServer = createServer({
    headersTimeout: config.SERVER_HEADERS_TIMEOUT,
    requestTimeout: config.SERVER_REQUEST_TIMEOUT,
    connectionsCheckingInterval: checkingInterval(config.SERVER_HEADERS_TIMEOUT),
  });
  httpServer.keepAliveTimeout = config.SERVER_KEEP_ALIVE_TIMEOUT;
  const accessLog = accessLogFrom(options.accessLog);
  // Without an access log the listener is app.handler itself: not even a check per request.
  httpServer.on(
    'request',
    accessLog === null
      ? app.handler
      : (req: IncomingMessage, res: ServerResponse) =>
          handleNodeRequest(app, req, res, accessLog.begin(req, res)),
  );
  httpServer.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    // A body that would be refused is never invited: the 413 goes out instead of 100 Continue.
    const limit = app.config.MAX_CONTENT_LENGTH;
    if (limit === null || !(Number(req.headers['content-length']) > limit)) res.writeContinue();
    handleNodeRequest(app, req, res, accessLog?.begin(req, res));
  });
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(app, error, socket),
  );
  httpServer.on('connect', (req: IncomingMessage, socket: Socket) =>
    answerConnect(app, req, socket, accessLog),
  );
  const server = new RunningServer(app, httpServer, host, options.handleSignals ?? true);
  if (role === 'worker') followPrimary(server, app.logger);
  await server.listen(port);
  // In a cluster the primary says where it listens, once.
  if ((options.log ?? true) && role === null) {
    app.logger.info(` * Debug mode: ${app.config.DEBUG ? 'on' : 'off'}`);
    app.logger.info(` * Running on ${server.url} (Press CTRL+C to quit)`);
  }
  return server;
}

class RunningServer implements Server {
  readonly httpServer: HttpServer;
  readonly host: string;
  port = 0;
  private readonly app: App<any>;
  private readonly sockets = new Set<Socket>();
  private readonly onSignal: (() => void) | null;
  private closing: Promise<void> | null = null;

  constructor(app: App<any>, httpServer: HttpServer, host: string, handleSignals: boolean) {
    this.app = app;
    this.httpServer = httpServer;
    this.host = host;
    this.onSignal = handleSignals ? () => this.exitGracefully() : null;
    httpServer.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return urlOf(this.host, this.port);
  }

  listen(port: number): Promise<void> {
    const httpServer = this.httpServer;
    return new Promise((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, this.host, () => {
        httpServer.off('error', reject);
        // A server that is already up only fails on a broken listening socket: log it, do not crash.
        httpServer.on('error', (error) => this.app.logger.error('The HTTP server failed', error));
        this.port = (httpServer.address() as AddressInfo).port;
        if (this.onSignal !== null) {
          process.on('SIGINT', this.onSignal);
          process.on('SIGTERM', this.onSignal);
        }
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      if (this.onSignal !== null) {
        process.off('SIGINT', this.onSignal);
        process.off('SIGTERM', this.onSignal);
      }
      for (const socket of this.sockets) markDraining(socket);
      this.httpServer.close((error?: Error & { code?: string }) => {
        if (error === undefined || error.code === 'ERR_SERVER_NOT_RUNNING') resolve();
        else reject(error);
      });
      this.httpServer.closeIdleConnections();
    });
    return this.closing;
  }

  /** First SIGINT/SIGTERM: drain and exit. The listeners are gone by then, so a second one kills at once. */
  private exitGracefully(): void {
    this.close().then(
      () => process.exit(0),
      (error: unknown) => {
        this.app.logger.error('Closing the server failed', error);
        process.exit(1);
      },
    );
  }
}
