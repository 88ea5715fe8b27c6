/**
 * One node:http request through the app: IncomingMessage → Request, `app.handle(request)`, and
 * the Response (or the error page) back to the ServerResponse.
 *
 * A request without a body that meets a sync view is answered in the same tick: no promise, no
 * closure. Bodies are read whole, bounded by MAX_CONTENT_LENGTH, before the app sees them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { App } from '../app.ts';
import { formLimits } from '../config.ts';
import { requestLogLine, tracebackResponse } from '../debug-page.ts';
import { ClientAbortedError, readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { Headers } from '../http/headers.ts';
import { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import { httpErrorResponse } from '../pipeline.ts';
import { isPromise, type MaybePromise } from '../utils/maybe-promise.ts';
import type { AccessEntry } from './access-log.ts';
import { writeResponse } from './node-response.ts';

const EMPTY_BODY = new Uint8Array(0);

/**
 * Answers one node:http request with the app: what `app.handler` calls. `entry`, when the server
 * keeps an access log, is told the Request and the Response for the request's log line.
 *
 * @example
 * ```ts
 * http.createServer((req, res) => handleNodeRequest(app, req, res)).listen(5000);
 * ```
 */
export function handleNodeRequest(
  app: App<any>,
  req: IncomingMessage,
  res: ServerResponse,
  entry?: AccessEntry,
): void {
  if (app.config.DEBUG) logWhenDone(app, req, res);
  const headers = req.headers;
  if (headers['transfer-encoding'] === undefined) {
    const length = headers['content-length'];
    if (length === undefined || length === '0') {
      dispatch(app, req, res, length === undefined ? null : EMPTY_BODY, null, entry);
      return;
    }
  }
  readBody(req, app.config.MAX_CONTENT_LENGTH).then(
    (body) => dispatch(app, req, res, body, null, entry),
    (error: unknown) => refuseBody(app, req, res, error, entry),
  );
}

function dispatch(
  app: App<any>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Uint8Array | null,
  bodyError: HttpError | null,
  entry: AccessEntry | undefined,
): void {
  let result: MaybePromise<Response>;
  try {
    const request = buildRequest(app, req, body, bodyError);
    if (entry !== undefined) entry.request = request;
    result = app.handle(request);
  } catch (error) {
    failRequest(app, req, res, error, entry);
    return;
  }
  if (isPromise<Response>(result)) {
    result.then(
      (response) => sendResponse(app, req, res, response, entry),
      (error: unknown) => failRequest(app, req, res, error, entry),
    );
  } else {
    sendResponse(app, req, res, result, entry);
  }
}

function buildRequest(
  app: App<any>,
  req: IncomingMessage,
  body: Uint8Array | null,
  bodyError: HttpError | null,
): Request {
  const socket = req.socket;
  return new Request({
    method: req.method!,
    url: req.url!,
    headers: Headers.fromNode(req.headers),
    body,
    // A socket that is already gone has no address left to report.
    remoteAddr: socket.remoteAddress ?? '',
    scheme: (socket as TLSSocket).encrypted === true ? 'https' : 'http',
    limits: formLimits(app.config),
    bodyError,
  });
}

/**
 * The body could not be read. Too large: the app answers without it (its error handlers see the
 * 413), then the connection closes. The client left: nothing is answered.
 */
function refuseBody(
  app: App<any>,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  entry: AccessEntry | undefined,
): void {
  if (error instanceof HttpError) {
    // The rest of the body is still on the wire: this connection cannot carry another request.
    res.shouldKeepAlive = false;
    dispatch(app, req, res, null, error, entry);
  } else {
    failRequest(app, req, res, error, entry);
  }
}

/** The app threw or rejected (propagated exceptions, or a bug): a 500 that reveals nothing outside debug. */
function failRequest(
  app: App<any>,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  entry?: AccessEntry,
): void {
  if (error instanceof ClientAbortedError) {
    req.socket.destroy();
    return;
  }
  app.logger.error(`Exception on ${pathOf(req)} [${req.method}]`, error);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const response = app.config.DEBUG
    ? tracebackResponse(error, req.method ?? '', pathOf(req))
    : httpErrorResponse(new HttpError(500));
  // A writeHead that refused a header has already set the reason phrase ('OK'); node keeps it.
  res.statusMessage = '';
  if (entry !== undefined) entry.response = response;
  try {
    writeResponse(req, res, response, app.logger);
  } catch {
    res.destroy();
  }
}

function sendResponse(
  app: App<any>,
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  entry: AccessEntry | undefined,
): void {
  if (entry !== undefined) entry.response = response;
  try {
    writeResponse(req, res, response, app.logger);
  } catch (error) {
    // writeHead refused the response (say, status 42): nothing has gone out yet.
    failRequest(app, req, res, error, entry);
  }
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Debug mode: one line per request once it is over, with its duration. */
function logWhenDone(app: App<any>, req: IncomingMessage, res: ServerResponse): void {
  const start = performance.now();
  res.once('close', () => {
    const entry = {
      method: req.method ?? '',
      url: req.url ?? '',
      status: res.statusCode,
      ms: performance.now() - start,
      aborted: !res.writableFinished,
    };
    // hasColors() is false off a terminal and honours NO_COLOR, FORCE_COLOR and TERM=dumb.
    app.logger.info(requestLogLine(entry, process.stdout.hasColors?.() === true));
  });
}
