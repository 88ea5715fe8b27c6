/**
 * Percent-decoding that never throws, the two ways Werkzeug 3 does it:
 * - query strings and urlencoded forms keep bytes that are not UTF-8 percent-encoded
 *   (`%C3%A4%FF` → `ä%FF`), so nothing the client sent is lost;
 * - the path replaces them with U+FFFD, as the WSGI layer decodes `PATH_INFO`.
 *
 * A `%` not followed by two hex digits is kept as it is, like Python's `unquote`.
 */

const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes one key or value of a query string or urlencoded body: `+` is a space, `%XX` sequences
 * are UTF-8, and bytes that are not valid UTF-8 stay percent-encoded (upper-case hex).
 *
 * @example
 * ```ts
 * decodeQueryComponent('caf%C3%A9+au+lait'); // 'café au lait'
 * decodeQueryComponent('%FF%zz');            // '%FF%zz'
 * ```
 */
export function decodeQueryComponent(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  return percentDecode(spaced, true);
}

/**
 * Decodes a URL path: `%XX` sequences are UTF-8, invalid UTF-8 becomes U+FFFD, `+` stays `+`.
 *
 * @example
 * ```ts
 * decodePath('/caf%C3%A9/a+b'); // '/café/a+b'
 * decodePath('/%FF');           // '/\uFFFD'
 * ```
 */
export function decodePath(text: string): string {
  return percentDecode(text, false);
}

/** Replaces every run of `%XX` escapes with the text its bytes decode to. */
function percentDecode(text: string, keepInvalid: boolean): string {
  let percent = text.indexOf('%');
  if (percent === -1) return text;
  let out = '';
  let copied = 0;
  while (percent !== -1) {
    if (hexByte(text, percent + 1) === -1) {
      percent = text.indexOf('%', percent + 1);
      continue;
    }
    let end = percent + 3;
    while (text.charCodeAt(end) === 37 && hexByte(text, end + 1) !== -1) end += 3;
    out += text.slice(copied, percent) + decodeRun(text, percent, end, keepInvalid);
    copied = end;
    percent = text.indexOf('%', end);
  }
  return out + text.slice(copied);
}

/** Decodes the escapes in `text[start, end)`, a run of `%XX` and nothing else. */
function decodeRun(text: string, start: number, end: number, keepInvalid: boolean): string {
  const bytes = new Uint8Array((end - start) / 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = hexByte(text, start + i * 3 + 1);
  return keepInvalid ? decodeUtf8KeepingInvalid(bytes) : lenientUtf8.decode(bytes);
}

/**
 * Decodes UTF-8 bytes; each byte that does not start or continue a valid sequence comes out as
 * `%XX` (Werkzeug's `werkzeug.url_quote` codec error handler). Ranges follow RFC 3629 §4, so
 * overlong forms and surrogates are invalid.
 *
 * @example
 * ```ts
 * decodeUtf8KeepingInvalid(new Uint8Array([0xc3, 0xa4, 0xff])); // 'ä%FF'
 * ```
 */
export function decodeUtf8KeepingInvalid(bytes: Uint8Array): string {
  // Decoding by hand is cheaper than a fatal TextDecoder that throws on every hostile value.
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = sequenceLength(bytes, i);
    if (length === 0) out += '%' + HEX[lead >> 4] + HEX[lead & 15];
    else out += String.fromCodePoint(codePoint(bytes, i, length));
    i += length || 1;
  }
  return out;
}

function codePoint(bytes: Uint8Array, i: number, length: number): number {
  const lead = bytes[i]!;
  if (length === 1) return lead;
  let value = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) value = (value << 6) | (bytes[i + k]! & 0x3f);
  return value;
}

const HEX = '0123456789ABCDEF';

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  const second = bytes[i + 1];
  if (second === undefined || second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k];
    if (next === undefined || next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/**
 * The byte written as two hex digits at `text[at]`, or -1.
 *
 * @example
 * ```ts
 * hexByte('%2F', 1); // 47
 * ```
 */
export function hexByte(text: string, at: number): number {
  const high = hexDigit(text.charCodeAt(at));
  if (high === -1) return -1;
  const low = hexDigit(text.charCodeAt(at + 1));
  return low === -1 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}
