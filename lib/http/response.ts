/**
 * The Response: status, headers and a body, plus Flask's helpers that make one: `makeResponse`,
 * `redirect`, `jsonify`.
 */
import { STATUS_CODES } from 'node:http';
import { Headers, type HeadersInit } from './headers.ts';
import { escapeHtml } from './html.ts';
import { type CookieOptions, serializeCookie, serializeDeleteCookie } from './set-cookie.ts';

/** A body that is sent as it is produced: a Node stream, a web stream or any (async) iterable. */
export type StreamBody = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** What a Response may carry. */
export type ResponseBody = string | Uint8Array | StreamBody | null;

/** Options of a {@link Response}. */
export interface ResponseInit {
  /** HTTP status code; 200 by default. */
  status?: number;
  /** Initial headers. */
  headers?: HeadersInit;
  /** The mimetype; `charset=utf-8` is added for text types. Default `text/html`. */
  mimetype?: string;
  /** A full Content-Type, used as it is (wins over `mimetype`). */
  contentType?: string;
}

/** Mimetypes that get `; charset=utf-8`, like Werkzeug's `get_content_type`. */
function withCharset(mimetype: string): string {
  const textual =
    mimetype.startsWith('text/') ||
    mimetype === 'application/xml' ||
    mimetype === 'application/javascript' ||
    mimetype === 'application/ecmascript' ||
    mimetype.endsWith('+xml');
  return textual ? `${mimetype}; charset=utf-8` : mimetype;
}

/**
 * Content-Type values already built and checked, by mimetype. Views pass the same few mimetypes on
 * every request; skipping the header checks and the string building saves about 0.2 µs per response
 * (a sixth of Phial's own work for a hello-world). Bounded, since a mimetype may come from data.
 */
const checkedContentTypes = new Map<string, string>();
const MAX_CHECKED_CONTENT_TYPES = 64;

function setMimetype(headers: Headers, mimetype: string): void {
  const checked = checkedContentTypes.get(mimetype);
  if (checked !== undefined) {
    headers.store['content-type'] = checked;
    return;
  }
  // Throws a TypeError for a CR, LF or other character a header cannot hold.
  headers.set('content-type', withCharset(mimetype));
  if (checkedContentTypes.size < MAX_CHECKED_CONTENT_TYPES) {
    checkedContentTypes.set(mimetype, headers.store['content-type'] as string);
  }
}

/**
 * An HTTP response. Views may return one, or anything {@link makeResponse} turns into one.
 *
 * @example
 * ```ts
 * const response = new Response('Куки установлены!');
 * response.setCookie('username', 'John Doe');
 * ```
 */
export class Response {
  /** The status code. */
  status: number;
  /** The response headers. */
  readonly headers: Headers;
  /** The body: text, bytes, a stream, or null for none. */
  body: ResponseBody;

  constructor(body: ResponseBody = null, init: ResponseInit = {}) {
    this.body = body;
    this.status = init.status ?? 200;
    this.headers = new Headers(init.headers);
    if (init.contentType !== undefined) this.headers.set('content-type', init.contentType);
    else if (init.mimetype !== undefined) setMimetype(this.headers, init.mimetype);
    // The default needs no validation: only a given mimetype can carry a CR or LF.
    else if (!this.headers.has('content-type'))
      this.headers.store['content-type'] = 'text/html; charset=utf-8';
  }

  /** The reason phrase for {@link status}. */
  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  /** The mimetype without parameters, e.g. `text/html`. */
  get mimetype(): string {
    const type = this.headers.get('content-type') ?? '';
    const semicolon = type.indexOf(';');
    return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  }

  set mimetype(value: string) {
    this.headers.set('content-type', withCharset(value));
  }

  /** The Location header, or null. */
  get location(): string | null {
    return this.headers.get('location');
  }

  set location(value: string) {
    this.headers.set('location', value);
  }

  /** Whether the body is produced as it is sent (a stream or iterable). */
  get isStreamed(): boolean {
    return this.body !== null && typeof this.body !== 'string' && !(this.body instanceof Uint8Array);
  }

  /**
   * The body as bytes. Throws for a streamed body, which only the server or the test client
   * reads.
   */
  get data(): Uint8Array {
    const body = this.body;
    if (body === null) return new Uint8Array(0);
    if (typeof body === 'string') return Buffer.from(body, 'utf8');
    if (body instanceof Uint8Array) return body;
    throw new TypeError('This response is streamed; read it through the test client or the server.');
  }

  /** The body decoded as UTF-8 (not for streamed bodies). */
  get text(): string {
    return typeof this.body === 'string' ? this.body : Buffer.from(this.data).toString('utf8');
  }

  /**
   * Adds a Set-Cookie header, with Werkzeug's attribute order and quoting. `maxAge` is in
   * seconds and also sets Expires. Throws a TypeError on a bad name or option.
   *
   * @example
   * ```ts
   * response.setCookie('username', 'John Doe', { maxAge: 3600, secure: true });
   * ```
   */
  setCookie(key: string, value = '', options: CookieOptions = {}): this {
    this.headers.append('set-cookie', serializeCookie(key, value, options));
    return this;
  }

  /**
   * Tells the browser to forget a cookie: an empty value that expired in 1970. Pass the same
   * path and domain the cookie was set with.
   *
   * @example
   * ```ts
   * response.deleteCookie('username');
   * ```
   */
  deleteCookie(key: string, options: Omit<CookieOptions, 'maxAge' | 'expires'> = {}): this {
    this.headers.append('set-cookie', serializeDeleteCookie(key, options));
    return this;
  }
}

/**
 * Serializes a value to a JSON response with `application/json`, like Flask's `jsonify`
 * (compact, with a final newline; keys keep their insertion order).
 *
 * @example
 * ```ts
 * return jsonify({ id: 42 });
 * ```
 */
export function jsonify(value: unknown, status = 200): Response {
  return new Response(`${JSON.stringify(value)}\n`, { status, mimetype: 'application/json' });
}

/**
 * A redirect response with Werkzeug's small HTML body. CR or LF in the location throws a
 * TypeError (header injection).
 *
 * @example
 * ```ts
 * return redirect(urlFor('profile'));
 * ```
 */
export function redirect(location: string, status = 302): Response {
  const href = escapeHtml(location);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${href}">${href}</a>. If not, click the link.\n`;
  const response = new Response(body, { status });
  response.headers.set('location', location);
  return response;
}
