/**
 * Where a test client's request goes: its target URL, resolved as a client would send it, and the
 * next request of a redirect chain, as browsers and Werkzeug make it.
 */
import { Headers } from '../http/headers.ts';
import type { TestResponse } from './response.ts';

/** Where a test request goes; `URL` has the same shape. */
export interface Target {
  protocol: string;
  /** `hostname[:port]`. */
  host: string;
  hostname: string;
  /** Percent-encoded, as a client sends it. */
  pathname: string;
  /** `''` or `?query`. */
  search: string;
}

/**
 * One request of a (redirect) chain, before the jar's cookies are added.
 * @internal
 */
export interface Hop {
  method: string;
  target: Target;
  headers: Headers;
  body: Uint8Array | null;
  remoteAddr: string | undefined;
}

/**
 * Flask's and the browsers' limit on a redirect chain.
 * @internal
 */
export const MAX_REDIRECTS = 30;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped with the body when a redirect turns a request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
  'transfer-encoding',
];

/**
 * Where a test request for `path` goes. Absolute URLs are taken as they are; a path is joined to
 * the base URL without being normalized, and what a client may not send raw is percent-encoded.
 *
 * @example
 * ```ts
 * resolveTarget('/a b?q=é', 'http://localhost/').pathname; // '/a%20b'
 * ```
 * @internal
 */
export function resolveTarget(path: string, baseUrl: string): Target {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return targetOf(new URL(path));
  const base = new URL(baseUrl);
  const hash = path.indexOf('#');
  const withoutHash = hash === -1 ? path : path.slice(0, hash);
  const question = withoutHash.indexOf('?');
  const pathname = question === -1 ? withoutHash : withoutHash.slice(0, question);
  const search = question === -1 ? '' : withoutHash.slice(question);
  return {
    protocol: base.protocol,
    host: base.host,
    hostname: base.hostname,
    pathname: toUri(pathname.startsWith('/') ? pathname : `/${pathname}`),
    search: toUri(search),
  };
}

function targetOf(url: URL): Target {
  return {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname,
    pathname: url.pathname,
    search: url.search,
  };
}

/**
 * Werkzeug's `iri_to_uri`: what a client may not send raw is percent-encoded; `%XX` escapes stay.
 *
 * @example
 * ```ts
 * toUri('/caf\u00e9%20x'); // '/caf%C3%A9%20x'
 * ```
 * @internal
 */
export function toUri(text: string): string {
  return text.replace(/[^\w!$&'()*+,/:;=?@.~%-]+/g, encodeURIComponent);
}

/**
 * Whether the client follows `response`: a redirect status with a Location.
 *
 * @example
 * ```ts
 * if (options.followRedirects && isRedirect(response)) hop = nextHop(hop, response);
 * ```
 * @internal
 */
export function isRedirect(response: TestResponse): boolean {
  return REDIRECTS.has(response.status) && response.location !== null;
}

/**
 * The request a redirect leads to, as the Fetch standard (and Werkzeug) make it: 303 turns anything
 * but GET and HEAD into a bodiless GET, 301 and 302 do so for POST only, 307 and 308 repeat the request.
 * A Host header given for the first request is dropped when the redirect leaves that host.
 *
 * @example
 * ```ts
 * hop = nextHop(hop, response);
 * ```
 * @internal
 */
export function nextHop(hop: Hop, response: TestResponse): Hop {
  const href = hop.target.protocol + '//' + hop.target.host + hop.target.pathname + hop.target.search;
  const target = targetOf(new URL(response.location!, href));
  const toGet =
    (response.status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD') ||
    ((response.status === 301 || response.status === 302) && hop.method === 'POST');
  const headers = new Headers(hop.headers);
  // A Host given for the first request does not follow the client to another host.
  if (target.host !== hop.target.host) headers.delete('host');
  if (!toGet) return { ...hop, target, headers };
  for (const name of BODY_HEADERS) headers.delete(name);
  return { ...hop, method: 'GET', target, headers, body: null };
}
