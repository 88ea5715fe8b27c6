/**
 * `Set-Cookie` header values written the way Werkzeug's `dump_cookie` writes them:
 * `serializeCookie` and `serializeDeleteCookie`, with the checks browsers make silently turned
 * into errors.
 *
 * Pure: no Phial imports, no I/O. Serializing throws a TypeError that names the bad option and never
 * echoes a value.
 */
import { Buffer } from 'node:buffer';
import { domainToASCII } from 'node:url';
import { quoteCookieValue } from './cookies.ts';
import { toEpochMs } from './http-date.ts';

/**
 * Options of {@link serializeCookie}: Werkzeug's `set_cookie` arguments in camelCase.
 *
 * @example
 * ```ts
 * const options: CookieOptions = { maxAge: 3600, httpOnly: true, sameSite: 'Lax' };
 * ```
 */
export interface CookieOptions {
  /** Lifetime in seconds; also sets `Expires` to now + maxAge. Fractions are dropped; capped at 400 days. */
  maxAge?: number;
  /** A Date, seconds since the epoch, or an already formatted HTTP date. Capped at 400 days from now. */
  expires?: Date | number | string;
  /** Defaults to `'/'`. `null` sends no Path, so the browser uses the directory of the request's path. */
  path?: string | null;
  /** Shares the cookie with subdomains. A port and leading dots are dropped; IDNs become punycode. */
  domain?: string;
  /** Send the cookie over HTTPS only. */
  secure?: boolean;
  /** Hide the cookie from JavaScript (`document.cookie`). */
  httpOnly?: boolean;
  /** Any case is accepted; the header gets the canonical spelling. */
  sameSite?: 'Strict' | 'Lax' | 'None' | 'strict' | 'lax' | 'none';
  /** Partitioned storage per top-level site (CHIPS). Implies `secure`. */
  partitioned?: boolean;
}

/** RFC 6265bis (the Expires and Max-Age attributes): browsers cap a lifetime at 400 days; so does Phial. */
const MAX_AGE_LIMIT = 400 * 24 * 60 * 60;
const LIMIT_MS = MAX_AGE_LIMIT * 1000;

const NON_ASCII = /[\u0080-\uffff]/;
const LONE_SURROGATE = /\p{Surrogate}/u;
/** Anything but printable ASCII, and `;`: what may never reach an attribute of a header. */
const UNSAFE_TEXT = /[^\x20-\x3a\x3c-\x7e]/;

/*
 * RFC 6265 §4.1.1, in the attribute order Werkzeug writes (Domain, Expires, Max-Age, Secure, HttpOnly,
 * Path, SameSite, Partitioned):
 *   set-cookie-string = cookie-pair *( ";" SP cookie-av )
 *   cookie-pair       = cookie-name "=" cookie-value
 *   cookie-name       = token
 *   domain-av         = "Domain=" domain-value        ; a host name
 *   expires-av        = "Expires=" sane-cookie-date  ; rfc1123-date: Thu, 01 Jan 1970 00:00:00 GMT
 *   max-age-av        = "Max-Age=" non-zero-digit *DIGIT
 *   path-av           = "Path=" path-value
 *   path-value        = <any CHAR except CTLs or ";">
 * RFC 7230 §3.2.6:
 *   token = 1*tchar
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 *         / DIGIT / ALPHA
 * RFC 6265bis adds "SameSite=" ( "Strict" / "Lax" / "None" ); CHIPS adds "Partitioned".
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * One `Set-Cookie` header value, as Werkzeug's `dump_cookie` writes it, plus the checks browsers make
 * silently: `__Host-` / `__Secure-` prefix rules throw, Expires and Max-Age are capped at 400 days.
 * `now` (milliseconds) exists for tests.
 *
 * @example
 * ```ts
 * serializeCookie('username', 'John Doe'); // 'username="John Doe"; Path=/'
 * serializeCookie('theme', 'dark', { maxAge: 3600, httpOnly: true, sameSite: 'lax' });
 * // 'theme=dark; Expires=…; Max-Age=3600; HttpOnly; Path=/; SameSite=Lax'
 * ```
 */
export function serializeCookie(
  name: string,
  value: string,
  options: CookieOptions = {},
  now = Date.now(),
): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new TypeError(
      `Cookie name ${JSON.stringify(name)} is not a token: use letters, digits and !#$%&'*+-.^_\`|~ only.`,
    );
  }
  if (typeof value !== 'string') throw new TypeError(`Cookie value of ${name} must be a string.`);
  const maxAge = options.maxAge == null ? undefined : cookieMaxAge(options.maxAge);
  const expires =
    options.expires != null
      ? cookieExpires(options.expires, now)
      : maxAge === undefined
        ? undefined
        : formatDate(now + maxAge * 1000, 'maxAge');
  const domain = options.domain ? cookieDomain(options.domain) : undefined;
  const path =
    options.path === undefined ? '/' : options.path === null ? undefined : cookiePath(options.path);
  const secure = Boolean(options.secure) || Boolean(options.partitioned);
  const sameSite = options.sameSite == null ? undefined : cookieSameSite(options.sameSite);
  checkPrefix(name, secure, path, domain);

  let header = name + '=' + quoteCookieValue(value);
  if (domain !== undefined) header += '; Domain=' + domain;
  if (expires !== undefined) header += '; Expires=' + expires;
  if (maxAge !== undefined) header += '; Max-Age=' + maxAge;
  if (secure) header += '; Secure';
  if (options.httpOnly) header += '; HttpOnly';
  if (path !== undefined) header += '; Path=' + path;
  if (sameSite !== undefined) header += '; SameSite=' + sameSite;
  if (options.partitioned) header += '; Partitioned';
  return header;
}

/**
 * The `Set-Cookie` value that deletes a cookie: empty, expired in 1970, `Max-Age=0`. Pass the path and
 * domain the cookie was set with; browsers only delete an exact match.
 *
 * @example
 * ```ts
 * serializeDeleteCookie('username');
 * // 'username=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'
 * ```
 */
export function serializeDeleteCookie(
  name: string,
  options: Omit<CookieOptions, 'maxAge' | 'expires'> = {},
): string {
  return serializeCookie(name, '', { ...options, expires: 0, maxAge: 0 });
}

function formatDate(ms: number, option: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Cookie option '${option}' is not a valid date.`);
  return date.toUTCString();
}

function cookieMaxAge(maxAge: number): number {
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge)) {
    throw new TypeError("Cookie option 'maxAge' must be a finite number of seconds.");
  }
  return Math.min(Math.trunc(maxAge), MAX_AGE_LIMIT);
}

function cookieExpires(expires: Date | number | string, now: number): string {
  if (typeof expires === 'string') {
    if (expires === '' || UNSAFE_TEXT.test(expires)) {
      throw new TypeError("Cookie option 'expires' must be an HTTP date without ';' or control characters.");
    }
    return Date.parse(expires) > now + LIMIT_MS ? formatDate(now + LIMIT_MS, 'expires') : expires;
  }
  return formatDate(Math.min(toEpochMs(expires), now + LIMIT_MS), 'expires');
}

const DOMAIN_CHARS = /^[\w.-]+$/;

/** Werkzeug's domain handling: port and leading dots dropped, IDNA applied (only to non-ASCII names). */
function cookieDomain(domain: string): string {
  if (typeof domain !== 'string') throw new TypeError("Cookie option 'domain' must be a string.");
  const colon = domain.indexOf(':');
  let host = colon === -1 ? domain : domain.slice(0, colon);
  let start = 0;
  while (host.charCodeAt(start) === 0x2e) start++;
  host = host.slice(start);
  if (DOMAIN_CHARS.test(host)) return host;
  const ascii = NON_ASCII.test(host) ? domainToASCII(host) : '';
  if (DOMAIN_CHARS.test(ascii)) return ascii;
  throw new TypeError(
    "Cookie option 'domain' must be a host name such as 'example.com': letters, digits, '-', '_' and '.'" +
      ' (or an internationalized name).',
  );
}

/** Werkzeug percent-encodes the path as a URL path, keeping `%` so an encoded path stays as it is. */
const PATH_SAFE = /^[\w.~%!$&'()*+,/:=@-]*$/;
const PATH_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return PATH_SAFE.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
});
const UNSAFE_PATH = /[^\x20-\x3a\x3c-\x7e\u0080-\uffff]/;

function cookiePath(path: string): string {
  if (typeof path !== 'string') throw new TypeError("Cookie option 'path' must be a string or null.");
  if (PATH_SAFE.test(path)) return path;
  if (UNSAFE_PATH.test(path) || LONE_SURROGATE.test(path)) {
    throw new TypeError("Cookie option 'path' must not contain ';', control characters or lone surrogates.");
  }
  let encoded = '';
  for (const byte of Buffer.from(path, 'utf8')) encoded += PATH_BYTES[byte];
  return encoded;
}

function cookieSameSite(sameSite: string): 'Strict' | 'Lax' | 'None' {
  switch (typeof sameSite === 'string' ? sameSite.toLowerCase() : sameSite) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
  }
  throw new TypeError("Cookie option 'sameSite' must be 'Strict', 'Lax' or 'None'.");
}

/*
 * RFC 6265bis §4.1.3, cookie name prefixes (matched case-insensitively): browsers drop a "__Secure-"
 * cookie without Secure, and a "__Host-" cookie without Secure, with a Domain, or with a Path other
 * than "/". Phial throws instead, so the mistake shows in development rather than as a missing cookie.
 */
function checkPrefix(
  name: string,
  secure: boolean,
  path: string | undefined,
  domain: string | undefined,
): void {
  if (name.charCodeAt(0) !== 0x5f || name.charCodeAt(1) !== 0x5f) return;
  const prefix = name.slice(0, 9).toLowerCase();
  if (prefix.startsWith('__host-')) {
    const missing: string[] = [];
    if (!secure) missing.push('secure: true');
    if (path !== '/') missing.push("path: '/'");
    if (domain !== undefined) missing.push('no domain');
    if (missing.length > 0) {
      throw new TypeError(
        `Cookie ${name} needs ${missing.join(', ')} (a __Host- cookie must be Secure, have Path=/ and no` +
          ' Domain, or browsers reject it).',
      );
    }
  } else if (prefix === '__secure-' && !secure) {
    throw new TypeError(
      `Cookie ${name} needs secure: true (a __Secure- cookie must be Secure, or browsers reject it).`,
    );
  }
}
