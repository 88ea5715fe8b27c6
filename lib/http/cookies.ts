/**
 * Cookies read the way Werkzeug reads them: `parseCookie` reads a request's `Cookie` header, and
 * `quoteCookieValue` / `unquoteCookieValue` are the value quoting both directions share. Writing a
 * `Set-Cookie` header is set-cookie.ts.
 *
 * Pure: no Phial imports, no I/O. Nothing here throws, except `quoteCookieValue` on a lone surrogate.
 */
import { Buffer } from 'node:buffer';

const NON_ASCII = /[\u0080-\uffff]/;
const LATIN1_HIGH = /[\u0080-\u00ff]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const LONE_SURROGATE = /\p{Surrogate}/u;
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
