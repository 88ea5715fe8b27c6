/**
 * The test client's cookie jar: what a browser keeps between requests, per RFC 6265 §5.3. Cookies
 * are keyed by domain, path and name; they expire; `Domain` widens a cookie to subdomains; `Path`
 * narrows it to a subtree; `Secure` keeps it to https. `SameSite` is recorded but not enforced, since
 * every test request is same-site. `Set-Cookie` values are read by parse-set-cookie.ts.
 */
import { parseSetCookie, type SetCookie, type SetCookieOptions } from '../http/parse-set-cookie.ts';
import { type CookieOptions, serializeCookie } from '../http/set-cookie.ts';

/**
 * A cookie in the jar, as `client.getCookie(name)` returns it.
 *
 * @example
 * ```ts
 * const cookie: StoredCookie | undefined = client.getCookie('username');
 * cookie?.value; // 'John Doe'
 * ```
 */
export interface StoredCookie {
  name: string;
  /** The value as the application set it: quotes and escapes undone. */
  value: string;
  /** The value as it is sent back in the `Cookie` header. */
  rawValue: string;
  /** The host it was set by, or the `Domain` attribute (lower case, no leading dot). */
  domain: string;
  /** True without a `Domain` attribute: sent to exactly that host, not to its subdomains. */
  originOnly: boolean;
  path: string;
  /** When it expires (Max-Age wins over Expires); null for a browser-session cookie. */
  expires: Date | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'Strict' | 'Lax' | 'None' | null;
  partitioned: boolean;
}

/** Where a request goes or a response came from: `new URL(...)` satisfies it. */
export interface CookieUrl {
  /** `http:` or `https:`. */
  protocol: string;
  /** The host name without the port. */
  hostname: string;
  /** The path, percent-encoded, without the query. */
  pathname: string;
}

/** Which cookies {@link CookieJar.get} and {@link CookieJar.delete} mean; an omitted field matches any. */
export interface CookieFilter {
  domain?: string;
  path?: string;
}

/** Options of {@link CookieJar.set}: those of `Response.setCookie`, plus `originOnly`. */
export interface JarCookieOptions extends Omit<CookieOptions, 'domain' | 'path'> {
  /** The host the cookie belongs to; `localhost` by default. */
  domain?: string;
  /** `/` by default. */
  path?: string;
  /** Send it to that exact host only (true by default), or to its subdomains too. */
  originOnly?: boolean;
}

/**
 * RFC 6265 §5.1.3: the host is the domain, or a subdomain of it (never for an IP address).
 *
 * @example
 * ```ts
 * domainMatch('api.example.com', 'example.com'); // true
 * domainMatch('badexample.com', 'example.com');  // false
 * ```
 */
export function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  return (
    host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 0x2e && !isIpAddress(host)
  );
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
}

/**
 * RFC 6265 §5.1.4: the cookie path is the request path, or a prefix of it that ends at a `/`.
 *
 * @example
 * ```ts
 * pathMatch('/admin/users', '/admin'); // true
 * pathMatch('/administrator', '/admin'); // false
 * ```
 */
export function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (!requestPath.startsWith(cookiePath)) return false;
  return (
    requestPath.length === cookiePath.length ||
    cookiePath.endsWith('/') ||
    requestPath.charCodeAt(cookiePath.length) === 0x2f
  );
}

/**
 * RFC 6265 §5.1.4: the path a cookie without `Path` gets, the "directory" of the request path.
 *
 * @example
 * ```ts
 * defaultCookiePath('/admin/login'); // '/admin'
 * defaultCookiePath('/login');       // '/'
 * ```
 */
export function defaultCookiePath(requestPath: string): string {
  const slash = requestPath.lastIndexOf('/');
  return slash <= 0 ? '/' : requestPath.slice(0, slash);
}

/** Options of a {@link CookieJar}. */
export interface CookieJarOptions {
  /** The current time in milliseconds; `Date.now` by default. Tests of expiry pass their own clock. */
  clock?: () => number;
}

/**
 * Cookies kept between requests, as a browser keeps them.
 *
 * @example
 * ```ts
 * const jar = new CookieJar();
 * const url = new URL('http://localhost/login');
 * jar.storeResponseCookies(['username="John Doe"; Path=/'], url);
 * jar.cookieHeader(new URL('http://localhost/profile')); // 'username="John Doe"'
 * ```
 */
export class CookieJar implements Iterable<StoredCookie> {
  private readonly clock: () => number;
  /** Insertion order is creation order: replacing a cookie keeps its place (RFC 6265 §5.3 step 11.3). */
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(options: CookieJarOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Stores the `Set-Cookie` values of a response to a request for `url`. A cookie whose Max-Age is 0 or
   * less, or whose Expires is past, removes the stored one; a cookie whose `Domain` does not cover the
   * host is ignored, as browsers ignore it.
   */
  storeResponseCookies(setCookies: Iterable<string>, url: CookieUrl): void {
    for (const header of setCookies) {
      const parsed = parseSetCookie(header);
      if (parsed !== null) this.store(parsed, url.hostname.toLowerCase(), url.pathname);
    }
  }

  /** The `Cookie` header for a request to `url`, most specific path first; null when none match. */
  cookieHeader(url: CookieUrl): string | null {
    const host = url.hostname.toLowerCase();
    const secure = url.protocol === 'https:';
    const matching: StoredCookie[] = [];
    for (const cookie of this.live()) {
      if (cookie.secure && !secure) continue;
      if (cookie.originOnly ? cookie.domain !== host : !domainMatch(host, cookie.domain)) continue;
      if (pathMatch(url.pathname || '/', cookie.path)) matching.push(cookie);
    }
    if (matching.length === 0) return null;
    // Array#sort is stable, so equal paths keep creation order (RFC 6265 §5.4 step 2).
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((cookie) => `${cookie.name}=${cookie.rawValue}`).join('; ');
  }

  /**
   * Stores a cookie as if the host `domain` had sent it; the value is quoted like `Response.setCookie`
   * quotes it. Throws a TypeError for a bad name or option, as `Response.setCookie` does.
   *
   * @example
   * ```ts
   * jar.set('theme', 'dark', { path: '/app' });
   * ```
   */
  set(name: string, value: string, options: JarCookieOptions = {}): void {
    const { domain = 'localhost', path = '/', originOnly = true, ...rest } = options;
    // Serialized first, so the name, value and options are checked as a server's would be. A host-only
    // cookie has no Domain attribute (a `__Host-` cookie must not), so its host is normalized here.
    const header = serializeCookie(name, value, { ...rest, path, ...(!originOnly && { domain }) });
    const parsed = parseSetCookie(header)!;
    const host = parsed.options.domain ?? domain.toLowerCase().replace(/^\.+/, '').replace(/:\d*$/, '');
    this.store(parsed, host, path, originOnly);
  }

  /**
   * The first live cookie with this name (and domain and path, when given), in creation order.
   *
   * @example
   * ```ts
   * jar.get('username', { path: '/' })?.value;
   * ```
   */
  get(name: string, filter: CookieFilter = {}): StoredCookie | undefined {
    for (const cookie of this.live()) if (matchesFilter(cookie, name, filter)) return cookie;
    return undefined;
  }

  /**
   * Removes the cookies with this name (and domain and path, when given).
   *
   * @example
   * ```ts
   * jar.delete('username');
   * ```
   */
  delete(name: string, filter: CookieFilter = {}): void {
    for (const [key, cookie] of this.cookies)
      if (matchesFilter(cookie, name, filter)) this.cookies.delete(key);
  }

  /** Removes every cookie. */
  clear(): void {
    this.cookies.clear();
  }

  /** The live cookies, in creation order. */
  [Symbol.iterator](): IterableIterator<StoredCookie> {
    return this.live();
  }

  /** Yields the cookies that have not expired, dropping the ones that have. */
  private *live(): IterableIterator<StoredCookie> {
    const now = this.clock();
    for (const [key, cookie] of this.cookies) {
      if (cookie.expires !== null && cookie.expires.getTime() <= now) this.cookies.delete(key);
      else yield cookie;
    }
  }

  /** RFC 6265 §5.3, steps 4-11, for a parsed `Set-Cookie` from `host` answering a request for `requestPath`. */
  private store(
    parsed: SetCookie,
    host: string,
    requestPath: string,
    originOnly = parsed.options.domain === undefined,
  ): void {
    const { options } = parsed;
    const domain = options.domain ?? host;
    if (options.domain !== undefined && !domainMatch(host, domain)) return;
    const path = options.path ?? defaultCookiePath(requestPath);
    const key = `${domain}\u0000${path}\u0000${parsed.name}`;
    const now = this.clock();
    const expires = expiryOf(options, now);
    if (expires !== null && expires.getTime() <= now) {
      this.cookies.delete(key);
      return;
    }
    this.cookies.set(key, {
      name: parsed.name,
      value: parsed.value,
      rawValue: parsed.rawValue,
      domain,
      originOnly,
      path,
      expires,
      secure: options.secure === true,
      httpOnly: options.httpOnly === true,
      sameSite: options.sameSite ?? null,
      partitioned: options.partitioned === true,
    });
  }
}

/** RFC 6265bis §5.6: browsers keep a cookie 400 days at most. */
const MAX_LIFETIME_MS = 400 * 24 * 60 * 60 * 1000;

/** RFC 6265 §5.3 step 3: Max-Age wins over Expires; Max-Age of 0 or less means "already expired". */
function expiryOf(options: SetCookieOptions, now: number): Date | null {
  const ms =
    options.maxAge !== undefined
      ? options.maxAge <= 0
        ? 0
        : now + options.maxAge * 1000
      : options.expires?.getTime();
  return ms === undefined ? null : new Date(Math.min(ms, now + MAX_LIFETIME_MS));
}

function matchesFilter(cookie: StoredCookie, name: string, filter: CookieFilter): boolean {
  return (
    cookie.name === name &&
    (filter.domain === undefined || cookie.domain === filter.domain.toLowerCase()) &&
    (filter.path === undefined || cookie.path === filter.path)
  );
}
