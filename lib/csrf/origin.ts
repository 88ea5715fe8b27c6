/**
 * The origin layer: is an unsafe request from this site? Go 1.25's `http.CrossOriginProtection`
 * rule, with the scheme compared too:
 *
 * 1. `Sec-Fetch-Site` present (every current browser sends it): `same-origin` and `none` (typed
 *    in the address bar, a bookmark) pass; anything else is refused.
 * 2. Else `Origin` absent: not a browser, or one too old to say; it passes (scripts, API clients).
 * 3. Else `Origin` must be the request's own origin: its scheme and `Host` as the app sees them
 *    (behind a proxy, as `proxyFix` rewrote them).
 *
 * An origin listed as trusted passes steps 1 and 3. Which methods are checked, and whether at all,
 * is the caller's choice (see protect.ts).
 */
import type { Request } from '../http/request.ts';
import { CsrfError } from './errors.ts';

/** The `Sec-Fetch-Site` values a browser sends; any other is refused and not echoed. */
const SITE_VALUES = new Set(['same-origin', 'same-site', 'cross-site', 'none']);
/** How a trusted origin must be written: scheme, host, optional port; nothing after. */
const ORIGIN_SHAPE = /^https?:\/\/[^/?#@\s]+$/i;

/**
 * `scheme://host[:port]` of an http or https URL, lower-case, default port dropped (what a browser
 * writes in `Origin`); null for anything else (`null`, garbage, other schemes).
 *
 * @example
 * ```ts
 * serializeOrigin('HTTP://Example.COM:80'); // 'http://example.com'
 * serializeOrigin('null');                  // null
 * ```
 */
export function serializeOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

/**
 * The request's own origin, from its scheme and host; null when the host is unusable.
 *
 * @example
 * ```ts
 * requestOrigin(new Request({ method: 'POST', url: '/', headers: { Host: 'shop.example:8080' } }));
 * // 'http://shop.example:8080'
 * ```
 */
export function requestOrigin(request: Request): string | null {
  const host = request.host;
  return host === '' ? null : serializeOrigin(`${request.scheme}://${host}`);
}

/**
 * Checks and normalizes a list of trusted origins (`CSRF_TRUSTED_ORIGINS`). Throws a TypeError
 * naming the bad entry: an origin is a scheme, a host and an optional port, with no path.
 *
 * @example
 * ```ts
 * trustedOrigins(['https://Admin.Example.com:443']); // Set { 'https://admin.example.com' }
 * trustedOrigins(['https://example.com/']);         // TypeError: no path
 * ```
 */
export function trustedOrigins(list: readonly string[] | null | undefined): ReadonlySet<string> {
  const origins = new Set<string>();
  if (list === null || list === undefined) return origins;
  if (!Array.isArray(list)) throw new TypeError('CSRF_TRUSTED_ORIGINS must be an array of origins.');
  list.forEach((entry: unknown, i) => {
    const origin = typeof entry === 'string' && ORIGIN_SHAPE.test(entry) ? serializeOrigin(entry) : null;
    if (origin === null) {
      throw new TypeError(
        `CSRF_TRUSTED_ORIGINS[${i}] must be an origin such as 'https://example.com' or ` +
          `'http://localhost:5000' (scheme, host and port; no path, no trailing slash): got ${JSON.stringify(entry)}.`,
      );
    }
    origins.add(origin);
  });
  return origins;
}

/**
 * The origin layer's verdict on an unsafe request: null when it passes, else the CsrfError (403)
 * saying which header refused it.
 *
 * @example
 * ```ts
 * const request = new Request({ method: 'POST', url: '/cart', headers: { 'Sec-Fetch-Site': 'cross-site' } });
 * checkOrigin(request, new Set())?.reason; // 'sec-fetch-site'
 * ```
 */
export function checkOrigin(request: Request, trusted: ReadonlySet<string>): CsrfError | null {
  const headers = request.headers;
  const site = headers.get('sec-fetch-site');
  // An empty value is no value, as in Go.
  if (site !== null && site !== '') {
    if (site === 'same-origin' || site === 'none' || isTrusted(headers.get('origin'), trusted)) return null;
    const said = SITE_VALUES.has(site) ? site : 'an unknown value';
    return new CsrfError(
      'sec-fetch-site',
      `Cross-site request refused: the browser sent Sec-Fetch-Site: ${said}; only same-origin requests may change data here.`,
    );
  }
  const origin = headers.get('origin');
  if (origin === null || origin === '') return null;
  // What a browser sends for this very site, compared as text before any URL is parsed.
  const host = request.host;
  if (host !== '' && origin === `${request.scheme}://${host}`) return null;
  const own = requestOrigin(request);
  const given = serializeOrigin(origin);
  if ((given !== null && given === own) || isTrusted(origin, trusted)) return null;
  return new CsrfError(
    'origin',
    `Cross-origin request refused: Origin ${given ?? JSON.stringify(origin.slice(0, 100))} is not ` +
      `this site's origin (${own ?? 'unknown: the Host header is invalid'}).`,
  );
}

function isTrusted(origin: string | null, trusted: ReadonlySet<string>): boolean {
  if (origin === null || trusted.size === 0) return false;
  const normalized = serializeOrigin(origin);
  return normalized !== null && trusted.has(normalized);
}
