/**
 * Layer testing/: the test client door (no network: plain values in, a readable response out);
 * imports the core and below.
 *
 * The test client: requests to an app without a network. It builds the same Request the server
 * builds, runs it through `app.handle`, and reads the Response as the server would write it
 * (Content-Length included, no body for HEAD), with a cookie jar kept between requests and
 * redirects followed on request: Flask's `app.test_client()`.
 */
import type { App } from '../app.ts';
import { generateCsrfToken } from '../csrf-stage.ts';
import { HttpError } from '../http/errors.ts';
import { Headers, type HeadersInit } from '../http/headers.ts';
import { encodeQuery, type QueryInit } from '../http/query.ts';
import { Request } from '../http/request.ts';
import { Response } from '../http/response.ts';
import type { SessionData } from '../sessions/interface.ts';
import type { Session } from '../sessions/session.ts';
import { encodeRequestBody, type FileUpload } from './body.ts';
import { type CookieFilter, CookieJar, type JarCookieOptions, type StoredCookie } from './cookie-jar.ts';
import { addCrossSiteHeaders } from './cross-site.ts';
import {
  type Hop,
  isRedirect,
  MAX_REDIRECTS,
  nextHop,
  resolveTarget,
  type Target,
  toUri,
} from './redirects.ts';
import { readTestResponse, type TestResponse } from './response.ts';

export type { FileUpload } from './body.ts';
export type { Target } from './redirects.ts';
export type { TestResponse } from './response.ts';

/**
 * What a test request is made of. `form`, `json` and `body` are exclusive; `files` goes with `form`.
 *
 * @example
 * ```ts
 * const options: TestRequestOptions = { form: { username: 'john' }, followRedirects: true };
 * ```
 */
export interface TestRequestOptions {
  /** The method; GET by default (the shortcuts set it). */
  method?: string;
  /** Added to the path's own query: an object (arrays repeat the key), pairs, URLSearchParams or a string. */
  query?: QueryInit | string;
  /** Request headers. */
  headers?: HeadersInit;
  /** Form fields, sent as `application/x-www-form-urlencoded` (multipart with `files`). */
  form?: QueryInit;
  /** Any value, sent as `application/json`. */
  json?: unknown;
  /** A raw body, sent as it is. */
  body?: string | Uint8Array;
  /** The Content-Type; wins over a Content-Type header and over the one `form`/`json`/`files` imply. */
  contentType?: string;
  /** Uploads by field name, sent as `multipart/form-data` with the `form` fields. */
  files?: Record<string, FileUpload | readonly FileUpload[]>;
  /** Follow 301, 302, 303, 307 and 308 responses; the responses on the way are in `history`. */
  followRedirects?: boolean;
  /** Scheme and host of the request; the client's `baseUrl` (`http://localhost`) by default. */
  baseUrl?: string;
  /** The client address the app sees; `127.0.0.1` by default. */
  remoteAddr?: string;
  /**
   * Acts as another site's page, to test CSRF protection: sends `Sec-Fetch-Site: cross-site` and
   * `Origin` (this one, or `https://cross-site.example` for `true`); `headers` win. Without it the
   * client sends neither, and passes the origin check as a script does.
   */
  crossSite?: boolean | string;
}

/** Options of the method shortcuts (`get`, `post`…). */
export type MethodOptions = Omit<TestRequestOptions, 'method'>;

/**
 * Sends requests to an app in-process, keeping cookies between them like a browser.
 *
 * @example
 * ```ts
 * const client = app.testClient();
 * await client.get('/set_cookie');
 * const response = await client.get('/get_cookie');
 * response.text; // 'Привет, John Doe!'
 * ```
 */
export class TestClient<S extends object = SessionData> {
  /** The app under test. */
  readonly app: App<S>;
  /** The cookies kept between requests. */
  readonly cookieJar: CookieJar;
  /** Scheme and host of requests given as a path; `https://…` sends Secure cookies. */
  baseUrl = 'http://localhost';

  constructor(app: App<S>, cookieJar: CookieJar = new CookieJar()) {
    this.app = app;
    this.cookieJar = cookieJar;
  }

  /**
   * Sends a request and resolves to the response. With `app.config.TESTING`, an error the app does
   * not handle rejects the promise with that error instead of becoming a 500.
   *
   * @example
   * ```ts
   * const response = await client.open('/items/1', { method: 'PUT', json: { name: 'x' } });
   * ```
   */
  async open(path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    let hop = this.firstHop(path, options);
    const history: TestResponse[] = [];
    for (;;) {
      const response = await this.send(hop);
      if (!options.followRedirects || !isRedirect(response)) {
        response.history = history;
        return response;
      }
      if (history.length === MAX_REDIRECTS) {
        throw new Error(`Too many redirects: more than ${MAX_REDIRECTS}, the last to ${response.location}.`);
      }
      history.push(response);
      hop = nextHop(hop, response);
    }
  }

  /** A GET request. @example `await client.get('/search', { query: { q: 'phial' } })` */
  get(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'GET' });
  }

  /** A POST request. @example `await client.post('/login', { form: { username: 'john' } })` */
  post(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'POST' });
  }

  /** A PUT request. @example `await client.put('/items/1', { json: { name: 'x' } })` */
  put(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PUT' });
  }

  /** A PATCH request. @example `await client.patch('/items/1', { json: { name: 'y' } })` */
  patch(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PATCH' });
  }

  /** A DELETE request. @example `await client.delete('/items/1')` */
  delete(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'DELETE' });
  }

  /** A HEAD request: no body, the GET response's headers. @example `await client.head('/')` */
  head(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'HEAD' });
  }

  /** An OPTIONS request. @example `(await client.options('/')).headers.get('allow')` */
  options(path: string, options: MethodOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'OPTIONS' });
  }

  /**
   * The cookie the jar holds under this name (and domain and path, when given), value unquoted.
   *
   * @example
   * ```ts
   * client.getCookie('username')?.value; // 'John Doe'
   * ```
   */
  getCookie(name: string, filter?: CookieFilter): StoredCookie | undefined {
    return this.cookieJar.get(name, filter);
  }

  /**
   * Stores a cookie as if the server at `domain` (`localhost`) had set it, for `path` (`/`).
   *
   * @example
   * ```ts
   * client.setCookie('theme', 'dark', { path: '/app' });
   * ```
   */
  setCookie(name: string, value: string, options?: JarCookieOptions): void {
    this.cookieJar.set(name, value, options);
  }

  /**
   * Forgets the cookies with this name (only those of that domain and path, when given).
   *
   * @example
   * ```ts
   * client.deleteCookie('username');
   * ```
   */
  deleteCookie(name: string, filter?: CookieFilter): void {
    this.cookieJar.delete(name, filter);
  }

  /**
   * Opens the session the next request would see, lets `fn` read and change it, then saves it
   * into the jar as the app would: Flask's `session_transaction()`.
   *
   * @example
   * ```ts
   * await client.sessionTransaction((session) => {
   *   session.set('username', 'ada');
   * });
   * (await client.get('/profile')).text; // 'Привет, ada!'
   * ```
   */
  async sessionTransaction(
    fn: (session: Session<S>) => unknown,
    path = '/',
    options: TestRequestOptions = {},
  ): Promise<void> {
    const { request, target } = this.buildRequest(path, options);
    const app = this.app;
    const session = (await app.sessionInterface.openSession(app, request)) as Session<S> | null;
    if (session === null) {
      throw new Error(
        'The session backend did not open a session: is app.secretKey set? (sessionTransaction needs a working session interface.)',
      );
    }
    await fn(session);
    const response = new Response();
    await app.sessionInterface.saveSession(app, session, response);
    this.cookieJar.storeResponseCookies(response.headers.getSetCookie(), target);
  }

  /**
   * A CSRF token valid for the client's session (stored in it, through the jar, if it had none):
   * for tests of an app with CSRF_TOKEN_REQUIRED on, as the `csrf_token` field or `X-CSRFToken`.
   *
   * @example
   * ```ts
   * const token = await client.csrfToken();
   * await client.post('/shop/cart/tea', { form: { csrf_token: token } });
   * ```
   */
  async csrfToken(path = '/'): Promise<string> {
    let token = '';
    await this.sessionTransaction((session) => {
      token = generateCsrfToken(this.app, session);
    }, path);
    return token;
  }

  /**
   * The Request the client would send for `path` and `options`, with the jar's cookies; for helpers
   * such as a session transaction that run part of the app themselves.
   * @internal
   */
  buildRequest(path: string, options: TestRequestOptions = {}): { request: Request; target: Target } {
    const hop = this.firstHop(path, options);
    return { request: this.toRequest(hop), target: hop.target };
  }

  private firstHop(path: string, options: TestRequestOptions): Hop {
    const target = resolveTarget(path, options.baseUrl ?? this.baseUrl);
    if (options.query !== undefined) {
      const query =
        typeof options.query === 'string'
          ? toUri(options.query.replace(/^\?/, ''))
          : encodeQuery(options.query);
      if (query !== '') target.search = (target.search === '' ? '?' : target.search + '&') + query;
    }
    const headers = new Headers(options.headers);
    addCrossSiteHeaders(headers, options.crossSite);
    const encoded = encodeRequestBody(options);
    if (options.contentType !== undefined) headers.set('content-type', options.contentType);
    else if (encoded?.contentType != null && !headers.has('content-type'))
      headers.set('content-type', encoded.contentType);
    if (encoded !== null) headers.set('content-length', encoded.body.byteLength);
    return {
      method: (options.method ?? 'GET').toUpperCase(),
      target,
      headers,
      body: encoded?.body ?? null,
      remoteAddr: options.remoteAddr,
    };
  }

  private toRequest(hop: Hop): Request {
    const headers = new Headers(hop.headers);
    headers.setDefault('host', hop.target.host);
    // Read from the jar on every hop, so a cookie set by a redirect reaches its target (flask#5786).
    const fromJar = this.cookieJar.cookieHeader(hop.target);
    if (fromJar !== null) {
      const given = headers.get('cookie');
      headers.set('cookie', given === null ? fromJar : `${given}; ${fromJar}`);
    }
    const config = this.app.config;
    const limit = config.MAX_CONTENT_LENGTH;
    // The server refuses such a body unread, and the app answers without it (see bodyError).
    const refused = hop.body !== null && limit !== null && hop.body.byteLength > limit;
    return new Request({
      method: hop.method,
      url: hop.target.pathname + hop.target.search,
      headers,
      body: refused ? null : hop.body,
      bodyError: refused ? new HttpError(413) : null,
      scheme: hop.target.protocol === 'https:' ? 'https' : 'http',
      ...(hop.remoteAddr !== undefined && { remoteAddr: hop.remoteAddr }),
      limits: { maxFormMemorySize: config.MAX_FORM_MEMORY_SIZE, maxFormParts: config.MAX_FORM_PARTS },
    });
  }

  private async send(hop: Hop): Promise<TestResponse> {
    const request = this.toRequest(hop);
    const response = await this.app.handle(request);
    this.cookieJar.storeResponseCookies(response.headers.getSetCookie(), hop.target);
    return readTestResponse(response, request);
  }
}
