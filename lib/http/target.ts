/**
 * The request-target (RFC 9112 §3.2) and the pieces of `request.url` built from it: split with
 * `indexOf` (no `new URL` on the hot path), the host checked like Werkzeug's `get_host`, and the
 * path and query written back as an IRI like Werkzeug's `get_current_url`.
 */
import { decodePath, decodeUtf8KeepingInvalid, hexByte } from './percent.ts';

/** The parts of a request-target. */
export interface TargetParts {
  /** The authority of an absolute-form target (`http://host/p`), else `null`. */
  authority: string | null;
  /** The path as received, still percent-encoded; `''` when there is none. */
  rawPath: string;
  /** The query as received, without `?`; `''` when there is none. */
  query: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/i;

/**
 * Splits origin-form (`/p?q`), absolute-form (`http://host/p?q`) and asterisk-form (`*`) targets.
 * A fragment, which clients should not send, is dropped. `//a/b` is a path, as in Werkzeug.
 *
 * @example
 * ```ts
 * splitTarget('http://example.com:8080/a?b=1'); // { authority: 'example.com:8080', rawPath: '/a', query: 'b=1' }
 * ```
 */
export function splitTarget(target: string): TargetParts {
  let authority: string | null = null;
  let pathStart = 0;
  if (target.charCodeAt(0) !== 47) {
    // http and https, the schemes of every Web Request app.fetch sees, need no regex.
    const http = httpSchemeLength(target);
    const separator = http === -1 ? target.indexOf('://') : http;
    if (separator > 0 && (http !== -1 || SCHEME.test(target.slice(0, separator)))) {
      pathStart = target.indexOf('/', separator + 3);
      if (pathStart === -1) pathStart = target.length;
      // The authority ends at the first '/', '?' or '#'.
      for (let i = separator + 3; i < pathStart; i++) {
        if (isAuthorityEnd(target.charCodeAt(i))) {
          pathStart = i;
          break;
        }
      }
      authority = target.slice(separator + 3, pathStart);
    }
  }
  const hash = target.indexOf('#', pathStart);
  const end = hash === -1 ? target.length : hash;
  const question = target.indexOf('?', pathStart);
  if (question === -1 || question > end)
    return { authority, rawPath: target.slice(pathStart, end), query: '' };
  return { authority, rawPath: target.slice(pathStart, question), query: target.slice(question + 1, end) };
}

/** 4 for a target starting `http://`, 5 for `https://`, else -1. */
function httpSchemeLength(target: string): number {
  if (target.startsWith('http://')) return 4;
  return target.startsWith('https://') ? 5 : -1;
}

function isAuthorityEnd(code: number): boolean {
  return code === 47 || code === 63 || code === 35; // '/', '?', '#'
}

/**
 * The path a request is routed on: percent-decoded (invalid UTF-8 as U+FFFD) and, like Werkzeug's
 * `'/' + path.lstrip('/')`, starting with exactly one slash, so an empty path is `/`.
 *
 * @example
 * ```ts
 * requestPath('/caf%C3%A9'); // '/café'
 * requestPath('//a//b');     // '/a//b'
 * ```
 */
export function requestPath(rawPath: string): string {
  const path = decodePath(rawPath);
  if (path.charCodeAt(0) === 47 && path.charCodeAt(1) !== 47) return path;
  let start = 0;
  while (path.charCodeAt(start) === 47) start++;
  return '/' + path.slice(start);
}

// Werkzeug's host_is_trusted: a name or IPv4 address, or a bracketed IPv6 address, and a port.
const VALID_HOST = /^(?:[a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$/i;

/**
 * The `host[:port]` a request was made to: the default port for the scheme is dropped, and a value
 * with characters no host can have (a `/`, an `@`, a space…) reads as `''` so that it never reaches
 * a URL Phial builds. `null` (no Host header) reads as `localhost`.
 *
 * @example
 * ```ts
 * requestHost('Example.com:80', 'http'); // 'Example.com'
 * requestHost('evil.com/x', 'http');     // ''
 * ```
 */
export function requestHost(raw: string | null, scheme: string): string {
  if (raw === null) return 'localhost';
  let host = raw;
  if (scheme === 'http' && host.endsWith(':80')) host = host.slice(0, -3);
  else if (scheme === 'https' && host.endsWith(':443')) host = host.slice(0, -4);
  return VALID_HOST.test(host) ? host : '';
}

/**
 * A decoded path written for a URL as an IRI: non-ASCII stays readable, while controls, space,
 * `%`, `?` and `#` are percent-encoded so the path keeps its meaning.
 *
 * @example
 * ```ts
 * pathToIri('/café/a b?'); // '/café/a%20b%3F'
 * ```
 */
export function pathToIri(path: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || code === 0x25 || code === 0x3f || code === 0x23) {
      out += path.slice(copied, i) + percentByte(code);
      copied = i + 1;
    }
  }
  return copied === 0 ? path : out + path.slice(copied);
}

/**
 * A raw query written for a URL as an IRI, like Werkzeug's `uri_to_iri`: escapes of readable
 * characters are decoded, while escapes of controls, space, `%`, `&`, `=`, `+`, `#` and of bytes
 * that are not UTF-8 stay as they are, so `parseQuery` reads the result the same way.
 *
 * @example
 * ```ts
 * queryToIri('q=caf%C3%A9&x=%26%FF'); // 'q=café&x=%26%FF'
 * ```
 */
export function queryToIri(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const code = query.charCodeAt(i);
    if (code === 0x25 && hexByte(query, i + 1) !== -1) {
      i = decodeEscapes(query, i, (text) => {
        out += text;
      });
    } else {
      out += code <= 0x20 || code === 0x7f ? percentByte(code) : query[i];
      i += 1;
    }
  }
  return out;
}

// Space, '#', '%', '&', '+', '=' and DEL (controls below 0x20 too) keep their meaning only escaped.
const STAYS_ESCAPED = new Set([0x20, 0x23, 0x25, 0x26, 0x2b, 0x3d, 0x7f]);

/** Decodes the run of `%XX` escapes at `start`, passing the text to `emit`; returns the index after the run. */
function decodeEscapes(query: string, start: number, emit: (text: string) => void): number {
  const pending: number[] = [];
  const flush = (): void => {
    if (pending.length > 0) emit(decodeUtf8KeepingInvalid(Uint8Array.from(pending)));
    pending.length = 0;
  };
  let i = start;
  let byte = hexByte(query, i + 1);
  while (byte !== -1 && query.charCodeAt(i) === 0x25) {
    if (STAYS_ESCAPED.has(byte) || byte < 0x20) {
      flush();
      emit(query.slice(i, i + 3));
    } else pending.push(byte);
    i += 3;
    byte = hexByte(query, i + 1);
  }
  flush();
  return i;
}

function percentByte(code: number): string {
  return '%' + (code < 16 ? '0' : '') + code.toString(16).toUpperCase();
}
