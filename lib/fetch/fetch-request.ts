/**
 * Layer fetch/: the Web-standard door (`app.fetch`, for Bun.serve, Deno.serve and workers);
 * imports the core and below.
 *
 * One Web Request through the app: Request → Phial Request, `app.handle(request)`, and the
 * Response (or the error page) back as a Web Response, through the same pipeline as node:http and
 * the test client. Bodies are read whole, bounded by MAX_CONTENT_LENGTH, before the app sees them;
 * one over the limit is refused unread and the app answers without it (its handlers see the 413).
 */
import type { App } from '../app.ts';
import { formLimits } from '../config.ts';
import { requestLogLine, tracebackResponse } from '../debug-page.ts';
import { ClientAbortedError } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { Headers } from '../http/headers.ts';
import { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import { httpErrorResponse } from '../pipeline.ts';
import { isPromise, type MaybePromise } from '../utils/maybe-promise.ts';
import { readFetchBody } from './fetch-body.ts';
import { toWebResponse } from './fetch-response.ts';

type WebRequest = globalThis.Request;
type WebResponse = globalThis.Response;

/**
 * Answers one Web Request with the app: what `app.fetch` calls. `info` is what the runtime passes
 * beside the request, read for the client's address: Deno.serve's handler info (`remoteAddr`),
 * Bun.serve's server (`requestIP`); anything else leaves `request.remoteAddr` empty.
 *
 * @example
 * ```ts
 * Bun.serve({ fetch: (request, server) => handleFetch(app, request, server) });
 * ```
 */
export function handleFetch(app: App<any>, request: WebRequest, info?: unknown): Promise<WebResponse> {
  const start = app.config.DEBUG ? performance.now() : 0;
  let answer: Promise<WebResponse>;
  if (request.body === null) {
    answer = dispatch(app, request, info, null, null);
  } else {
    answer = readFetchBody(request, app.config.MAX_CONTENT_LENGTH).then(
      (body) => dispatch(app, request, info, body, null),
      (error: unknown) => refuseBody(app, request, info, error),
    );
  }
  return app.config.DEBUG ? answer.then((response) => logRequest(app, request, response, start)) : answer;
}

function dispatch(
  app: App<any>,
  web: WebRequest,
  info: unknown,
  body: Uint8Array | null,
  bodyError: HttpError | null,
): Promise<WebResponse> {
  let request: Request;
  let result: MaybePromise<Response>;
  try {
    request = buildRequest(app, web, info, body, bodyError);
    result = app.handle(request);
  } catch (error) {
    return Promise.resolve(failRequest(app, web, error));
  }
  if (isPromise<Response>(result)) {
    return result.then(
      (response) => sendResponse(app, web, request, response),
      (error: unknown) => failRequest(app, web, error),
    );
  }
  return Promise.resolve(sendResponse(app, web, request, result));
}

function buildRequest(
  app: App<any>,
  web: WebRequest,
  info: unknown,
  body: Uint8Array | null,
  bodyError: HttpError | null,
): Request {
  const url = web.url;
  return new Request({
    method: web.method,
    // The absolute URL as the runtime made it: host and path come from it (absolute-form).
    url,
    headers: webHeaders(web.headers),
    body,
    remoteAddr: remoteAddress(web, info),
    scheme: url.startsWith('https:') ? 'https' : 'http',
    limits: formLimits(app.config),
    bodyError,
  });
}

/**
 * The request's headers as Phial's. Bun's Headers has a native `toJSON()` (repeated values joined,
 * Set-Cookie an array): one call instead of an iterator step per header.
 */
function webHeaders(headers: globalThis.Headers): Headers {
  const native = headers as { toJSON?: () => Record<string, string | string[]> };
  if (typeof native.toJSON === 'function') return Headers.fromNode(native.toJSON());
  return Headers.fromPairs(headers as unknown as Iterable<[string, string]>);
}

/**
 * The client's address from what the runtime passed beside the request, or `''`: Deno's handler
 * info holds it; Bun's server is asked for it when the app first reads it.
 */
function remoteAddress(web: WebRequest, info: unknown): string | (() => string) {
  if (typeof info !== 'object' || info === null) return '';
  const deno = (info as { remoteAddr?: { hostname?: unknown } }).remoteAddr;
  if (typeof deno?.hostname === 'string') return deno.hostname;
  const bun = info as { requestIP?: (request: WebRequest) => { address?: unknown } | null };
  if (typeof bun.requestIP !== 'function') return '';
  return () => {
    const address = bun.requestIP!(web)?.address;
    return typeof address === 'string' ? address : '';
  };
}

/**
 * The body could not be read. Too large: the app answers without it (its error handlers see the
 * 413). Unreadable (the client left, or the runtime refused the framing): a bare 400, which
 * nobody may be left to read.
 */
function refuseBody(app: App<any>, web: WebRequest, info: unknown, error: unknown): Promise<WebResponse> {
  if (error instanceof HttpError) return dispatch(app, web, info, null, error);
  if (error instanceof ClientAbortedError) {
    return Promise.resolve(
      toWebResponse(httpErrorResponse(new HttpError(400)), bareRequest(web), app.logger),
    );
  }
  return Promise.resolve(failRequest(app, web, error));
}

/** The app threw or rejected (propagated exceptions, or a bug): a 500 that reveals nothing outside debug. */
function failRequest(app: App<any>, web: WebRequest, error: unknown): WebResponse {
  const path = pathOf(web.url);
  app.logger.error(`Exception on ${path} [${web.method}]`, error);
  const response = app.config.DEBUG
    ? tracebackResponse(error, web.method, path)
    : httpErrorResponse(new HttpError(500));
  return toWebResponse(response, bareRequest(web), app.logger);
}

function sendResponse(app: App<any>, web: WebRequest, request: Request, response: Response): WebResponse {
  try {
    return toWebResponse(response, request, app.logger);
  } catch (error) {
    // The Web platform refused the response (say, status 42): nothing has gone out yet.
    return failRequest(app, web, error);
  }
}

/** A bare request for writing an error page: only its method and target are read. */
function bareRequest(web: WebRequest): Request {
  return new Request({ method: web.method, url: web.url });
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/** Debug mode: one line per request once its response is made, with its duration. */
function logRequest(app: App<any>, web: WebRequest, response: WebResponse, start: number): WebResponse {
  const url = web.url;
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const entry = {
    method: web.method,
    url: slash === -1 ? '/' : url.slice(slash),
    status: response.status,
    ms: performance.now() - start,
    aborted: false,
  };
  app.logger.info(requestLogLine(entry, process.stdout?.hasColors?.() === true));
  return response;
}
