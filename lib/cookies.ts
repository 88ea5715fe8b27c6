/**
 * Cookies read and written the way Werkzeug does: `parseCookie` reads a request's `Cookie` header,
 * `serializeCookie` and `serializeDeleteCookie` write one `Set-Cookie` header value.
 *
 * Pure: no Phial imports, no I/O. Parsing never throws; serializing throws a TypeError that names the
 * bad option and never echoes a value.
 */
import { Buffer } from 'node:buffer';
import { domainToASCII } from 'node:url';

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
const LATIN1_HIGH = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const LONE_SURROGATE = /\p{Surrogate}/u;
/** Anything but printable ASCII, and `;`: what may never reach an attribute of a header. */
const UNSAFE_TEXT = /[^\x20-\x3a\x3c-\x7e]/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/*
 * RFC 6265 §4.2.1, what browsers send:
 *   cookie-header = "Cookie:" OWS cookie-string OWS
 *   cookie-string = cookie-pair *( ";" SP cookie-pair )
 *   cookie-pair   = cookie-name "=" cookie-value
 *
 * Read as Werkzeug reads it, more loosely: pairs split on ";" (except inside a quoted value that a ";"
 * follows), names and values trimmed, a pair without "=" has the value "", empty names dropped, names
 * kept verbatim: never unquoted, so `"__Host-x"=1` cannot pose as the prefixed cookie `__Host-x`.
 */

/**
 * Parses `Cookie` headers into `[name, value]` pairs, in order, duplicates kept. Never throws.
 *
 * Node hands header bytes over as latin1 text; a name or value whose bytes are valid UTF-8 is decoded
 * as UTF-8 (as Werkzeug does), anything else is kept as it came.
 *
 * @example
 * ```ts
 * parseCookie('username="John Doe"; theme=dark'); // [['username', 'John Doe'], ['theme', 'dark']]
 * ```
 */
export function parseCookie(
  header: string | readonly string[] | undefined,
): Array<[name: string, value: string]> {
  if (header === undefined) return [];
  const text = typeof header === 'string' ? header : header.join('; ');
  const mayHaveBytes = NON_ASCII.test(text);
  const pairs: Array<[string, string]> = [];
  const end = text.length;
  let index = 0;
  let equals = -1;
  while (index < end) {
    let semicolon = text.indexOf(';', index);
    if (semicolon === -1) semicolon = end;
    // Remembered across pairs, so a header of many `=`-less pairs is still scanned once.
    if (equals < index) {
      equals = text.indexOf('=', index);
      if (equals === -1) equals = end;
    }
    let next = semicolon + 1;
    let name: string;
    let raw = '';
    if (equals >= semicolon) {
      name = text.slice(index, semicolon);
    } else {
      name = text.slice(index, equals);
      const start = skipSpace(text, equals + 1, end);
      const close = text.charCodeAt(start) === 0x22 ? closingQuote(text, start + 1, end) : -1;
      const after = close === -1 ? -1 : skipSpace(text, close + 1, end);
      if (after === end || (after !== -1 && text.charCodeAt(after) === 0x3b)) {
        raw = text.slice(start, close + 1);
        next = after + 1;
      } else {
        raw = text.slice(start, semicolon).trim();
      }
    }
    name = name.trim();
    if (name !== '') {
      if (mayHaveBytes) {
        name = fromLatin1Bytes(name);
        raw = fromLatin1Bytes(raw);
      }
      pairs.push([name, unquoteCookieValue(raw)]);
    }
    index = next;
  }
  return pairs;
}

/** Skips the ASCII whitespace of Werkzeug's `\s`: space, tab, LF, VT, FF, CR. */
function skipSpace(text: string, index: number, end: number): number {
  let code = text.charCodeAt(index);
  while (index < end && (code === 0x20 || (code >= 0x09 && code <= 0x0d))) code = text.charCodeAt(++index);
  return index;
}

/** Index of the `"` closing a quoted value whose content starts at `index`, or -1. `\x` escapes x. */
function closingQuote(text: string, index: number, end: number): number {
  for (; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index;
    if (code === 0x5c) index++;
  }
  return -1;
}

/** Reads latin1 text as the UTF-8 bytes it most likely was; text that is not valid UTF-8 stays. */
function fromLatin1Bytes(text: string): string {
  if (!LATIN1_HIGH.test(text) || BEYOND_LATIN1.test(text)) return text;
  try {
    return utf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/*
 * RFC 6265 §4.1.1:
 *   cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
 *   cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 *                    ; US-ASCII characters excluding CTLs, whitespace, DQUOTE, comma, semicolon,
 *                    ; and backslash
 *
 * A value of cookie-octets only is sent as is. Any other value is sent as Werkzeug (and Python's
 * http.cookies) sends it: in double quotes, `"` and `\` backslash-escaped, and every UTF-8 byte outside
 * printable ASCII, plus `,` and `;`, as a three-digit octal escape. Spaces stay as they are.
 */
const COOKIE_OCTETS = /^[\w!#$%&'()*+\-./:<=>?@[\]^`{|}~]*$/;

/** The quoted form of each UTF-8 byte. */
const BYTE_ESCAPES: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  if (byte === 0x22 || byte === 0x5c) return '\\' + String.fromCharCode(byte);
  // Werkzeug leaves 0x1a-0x1f raw, which Node refuses in a header; they are escaped here too.
  if (byte < 0x20 || byte === 0x2c || byte === 0x3b || byte >= 0x7f)
    return '\\' + byte.toString(8).padStart(3, '0');
  return String.fromCharCode(byte);
});

/**
 * The cookie-value to send for `value`: as is when made of RFC 6265 cookie-octets, quoted and escaped
 * otherwise. Throws a TypeError for a lone surrogate, which has no UTF-8 form.
 *
 * @example
 * ```ts
 * quoteCookieValue('John Doe'); // '"John Doe"'
 * quoteCookieValue('a;b');      // '"a\\073b"'
 * ```
 */
export function quoteCookieValue(value: string): string {
  if (COOKIE_OCTETS.test(value)) return value;
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError('Cookie value contains a lone surrogate, which has no UTF-8 encoding.');
  }
  let quoted = '"';
  for (const byte of Buffer.from(value, 'utf8')) quoted += BYTE_ESCAPES[byte];
  return quoted + '"';
}

/**
 * Undoes {@link quoteCookieValue}. A value in double quotes loses them; inside, `\ooo` (first digit
 * 0-3) is that byte and `\x` is x; the bytes are read as UTF-8, invalid sequences becoming U+FFFD.
 * Anything else is returned unchanged. Never throws.
 *
 * @example
 * ```ts
 * unquoteCookieValue('"\\320\\234\\320\\270\\321\\200"'); // 'Мир'
 * ```
 */
export function unquoteCookieValue(raw: string): string {
  const last = raw.length - 1;
  if (last < 1 || raw.charCodeAt(0) !== 0x22 || raw.charCodeAt(last) !== 0x22) return raw;
  const inner = raw.slice(1, last);
  return inner.includes('\\') ? unescapeBytes(inner) : inner;
}

function unescapeBytes(inner: string): string {
  const bytes = Buffer.from(inner, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i]!;
    // As Werkzeug's `\\([0-3][0-7]{2}|.)`: `.` matches no newline, and a trailing `\` stays.
    if (byte === 0x5c && i + 1 < bytes.length && bytes[i + 1] !== 0x0a) {
      const octal = octalAt(bytes, i + 1);
      byte = octal === -1 ? bytes[i + 1]! : octal;
      i += octal === -1 ? 1 : 3;
    }
    out[length++] = byte;
  }
  return out.toString('utf8', 0, length);
}

function octalAt(bytes: Buffer, i: number): number {
  if (i + 2 >= bytes.length) return -1;
  const a = bytes[i]! - 0x30;
  const b = bytes[i + 1]! - 0x30;
  const c = bytes[i + 2]! - 0x30;
  return a >= 0 && a <= 3 && b >= 0 && b <= 7 && c >= 0 && c <= 7 ? a * 64 + b * 8 + c : -1;
}

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

/**
 * Formats a Date, or seconds since the epoch, as an HTTP date (RFC 7231 IMF-fixdate).
 *
 * @example
 * ```ts
 * httpDate(0); // 'Thu, 01 Jan 1970 00:00:00 GMT'
 * ```
 */
export function httpDate(date: Date | number): string {
  return formatDate(toMs(date), 'date');
}

/** Seconds since the epoch (Werkzeug's unit) or a Date, as milliseconds; NaN for anything else. */
function toMs(date: Date | number): number {
  return typeof date === 'number' ? date * 1000 : date instanceof Date ? date.getTime() : Number.NaN;
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
  return formatDate(Math.min(toMs(expires), now + LIMIT_MS), 'expires');
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
