/**
 * `Set-Cookie` header values read the way a browser reads them (RFC 6265 §5.2), for the test
 * client: leniently, so a malformed attribute is ignored, a malformed cookie is dropped, and nothing
 * throws.
 */
import { unquoteCookieValue } from './cookies.ts';
import type { CookieOptions } from './set-cookie.ts';

/**
 * One `Set-Cookie` header value, read: the name, the value unquoted, its wire form, and the attributes
 * that were present and well formed.
 *
 * @example
 * ```ts
 * const cookie: SetCookie = parseSetCookie('username="John Doe"; Path=/')!;
 * cookie.value;        // 'John Doe'
 * cookie.options.path; // '/'
 * ```
 */
export interface SetCookie {
  name: string;
  /** The value as the application set it: quotes and escapes undone. */
  value: string;
  /** The value as it travels in `Set-Cookie` and `Cookie` headers. */
  rawValue: string;
  /** The attributes, in {@link CookieOptions} terms; `expires` is a Date. */
  options: SetCookieOptions;
}

/** The attributes of a `Set-Cookie` header; only those present and valid are set. */
export interface SetCookieOptions extends Omit<CookieOptions, 'expires' | 'sameSite'> {
  expires?: Date;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * Reads one `Set-Cookie` value leniently: `null` when it has no `=` or an empty name; attributes
 * that are unknown or malformed are left out. Never throws.
 *
 * @example
 * ```ts
 * parseSetCookie('theme=dark; Max-Age=3600; HttpOnly')?.options; // { maxAge: 3600, httpOnly: true }
 * ```
 */
export function parseSetCookie(header: string): SetCookie | null {
  const semicolon = header.indexOf(';');
  const pair = semicolon === -1 ? header : header.slice(0, semicolon);
  const equals = pair.indexOf('=');
  if (equals === -1) return null;
  const name = pair.slice(0, equals).trim();
  if (name === '') return null;
  const rawValue = pair.slice(equals + 1).trim();
  const options: SetCookieOptions = {};
  if (semicolon !== -1) {
    for (const attribute of header.slice(semicolon + 1).split(';')) readAttribute(attribute, options);
  }
  return { name, value: unquoteCookieValue(rawValue), rawValue, options };
}

/** RFC 6265 §5.2.1-§5.2.6, plus SameSite and Partitioned; the last occurrence of an attribute wins. */
function readAttribute(attribute: string, options: SetCookieOptions): void {
  const equals = attribute.indexOf('=');
  const key = (equals === -1 ? attribute : attribute.slice(0, equals)).trim().toLowerCase();
  const value = equals === -1 ? '' : attribute.slice(equals + 1).trim();
  switch (key) {
    case 'expires': {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) options.expires = new Date(ms);
      break;
    }
    case 'max-age':
      if (/^-?\d+$/.test(value)) options.maxAge = Number(value);
      break;
    case 'domain': {
      const domain = value.replace(/^\.+/, '').toLowerCase();
      if (domain !== '') options.domain = domain;
      break;
    }
    case 'path':
      // §5.2.4: a path that does not start with '/' means "use the default path".
      if (value.startsWith('/')) options.path = value;
      else delete options.path;
      break;
    case 'secure':
      options.secure = true;
      break;
    case 'httponly':
      options.httpOnly = true;
      break;
    case 'samesite': {
      const sameSite = SAME_SITE[value.toLowerCase()];
      if (sameSite !== undefined) options.sameSite = sameSite;
      break;
    }
    case 'partitioned':
      options.partitioned = true;
      break;
  }
}

const SAME_SITE: Readonly<Record<string, 'Strict' | 'Lax' | 'None'>> = {
  strict: 'Strict',
  lax: 'Lax',
  none: 'None',
};
