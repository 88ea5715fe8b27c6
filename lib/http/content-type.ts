/**
 * `Content-Type` (and other "value; key=value" headers), read like Werkzeug's
 * `parse_options_header`.
 *
 * RFC 9110 §5.6.6:
 *   parameters      = *( OWS ";" OWS [ parameter ] )
 *   parameter       = parameter-name "=" parameter-value
 *   parameter-value = ( token / quoted-string )
 * plus RFC 8187's `name*=charset'lang'pct-encoded` for non-ASCII values.
 */
import { decodePath } from './percent.ts';

/** A parsed `Content-Type`: the lower-case mimetype and its parameters. */
export interface ContentType {
  /** `type/subtype`, lower-case; `''` when there is no header. */
  mimetype: string;
  /** Parameters on a null prototype, names lower-case, values unquoted. */
  params: Record<string, string>;
}

/**
 * Parses a `Content-Type` header. Never throws: a malformed parameter is skipped.
 *
 * @example
 * ```ts
 * parseContentType('Text/HTML; Charset="utf-8"'); // { mimetype: 'text/html', params: { charset: 'utf-8' } }
 * ```
 */
export function parseContentType(header: string | null | undefined): ContentType {
  const params = Object.create(null) as Record<string, string>;
  if (!header) return { mimetype: '', params };
  const semicolon = header.indexOf(';');
  const mimetype = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  let at = semicolon;
  while (at !== -1 && at < header.length) at = readParameter(header, at + 1, params);
  return { mimetype, params };
}

/** Reads one `name=value` starting at `at` into `params`; returns the index of the next `;` or -1. */
function readParameter(header: string, at: number, params: Record<string, string>): number {
  const semicolon = header.indexOf(';', at);
  // Searching only this parameter's text keeps 'a/b;;;;…' headers linear.
  const offset = header.slice(at, semicolon === -1 ? header.length : semicolon).indexOf('=');
  if (offset === -1) return semicolon;
  const equals = at + offset;
  const name = header.slice(at, equals).trim().toLowerCase();
  let start = equals + 1;
  while (header.charCodeAt(start) === 32 || header.charCodeAt(start) === 9) start++;
  let value: string;
  let next: number;
  if (header.charCodeAt(start) === 34) {
    [value, next] = readQuoted(header, start + 1);
    next = header.indexOf(';', next);
  } else {
    next = header.indexOf(';', start);
    value = header.slice(start, next === -1 ? header.length : next).trim();
  }
  if (name === '') return next;
  if (name.endsWith('*')) params[name.slice(0, -1)] = decodeExtended(value);
  else params[name] = value;
  return next;
}

/** Reads a quoted-string body starting after its opening quote; returns the text and the index after it. */
function readQuoted(header: string, at: number): [string, number] {
  let out = '';
  let i = at;
  while (i < header.length) {
    const char = header[i]!;
    if (char === '"') return [out, i + 1];
    if (char === '\\' && i + 1 < header.length) {
      out += header[i + 1];
      i += 2;
    } else {
      out += char;
      i += 1;
    }
  }
  // An unterminated quote runs to the end of the header rather than failing.
  return [out, i];
}

/** RFC 8187 `charset'language'value`; only UTF-8 and Latin-1 are honoured, anything else reads as UTF-8. */
function decodeExtended(value: string): string {
  const first = value.indexOf("'");
  const second = first === -1 ? -1 : value.indexOf("'", first + 1);
  if (second === -1) return value;
  const charset = value.slice(0, first).toLowerCase();
  const encoded = value.slice(second + 1);
  if (charset === 'iso-8859-1' || charset === 'latin1') {
    return encoded.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
  return decodePath(encoded);
}
