/**
 * Conditional and range requests (RFC 9110 §13 and §14), pure: the validators of a
 * representation against If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since,
 * Range and If-Range. Lenient in: a header that cannot be parsed is ignored, as the RFC allows,
 * so a client's odd header gets the full response rather than an error.
 */
import type { Headers } from './headers.ts';
import { parseHttpDate } from './http-date.ts';

/** What a response can be validated by. */
export interface Validators {
  /** The entity tag as sent in ETag (`"abc"` or `W/"abc"`), or null. */
  etag: string | null;
  /** Last-Modified in milliseconds since the epoch, whole seconds, or null. */
  lastModified: number | null;
}

/** The outcome of the preconditions: send the resource, answer 304, or answer 412. */
export type Precondition = 'proceed' | 'notModified' | 'preconditionFailed';

/** A single byte range, both ends inclusive as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

interface EntityTag {
  weak: boolean;
  opaque: string;
}

const RANGE = /^bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)$/i;

/**
 * Parses an If-Match or If-None-Match value: `'*'`, or the entity tags it lists. Members that are
 * not entity tags are skipped; unquoted tokens are read as strong tags, as Werkzeug does.
 */
function parseETags(header: string): '*' | EntityTag[] {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  const pattern = /(W\/)?(?:"([^"]*)"|([^\s,"]+))/g;
  for (let m = pattern.exec(header); m !== null; m = pattern.exec(header)) {
    tags.push({ weak: m[1] !== undefined, opaque: m[2] ?? m[3]! });
  }
  return tags;
}

/** The current entity tag, split; null when there is none. */
function ownTag(etag: string | null): EntityTag | null {
  if (etag === null) return null;
  const weak = etag.startsWith('W/');
  const quoted = weak ? etag.slice(2) : etag;
  return { weak, opaque: quoted.replace(/^"|"$/g, '') };
}

/** Strong comparison: both strong and the same (If-Match, If-Range). */
function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison: the same opaque tag, weak or not (If-None-Match). */
function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

function anyTagMatches(header: string, current: EntityTag | null, strong: boolean): boolean {
  const listed = parseETags(header);
  // `*` matches any current representation, and there is one: it is being sent.
  if (listed === '*') return true;
  if (current === null) return false;
  return listed.some((tag) => (strong ? strongMatch(tag, current) : weakMatch(tag, current)));
}

/**
 * Evaluates the preconditions of RFC 9110 §13.2.2 in their order: If-Match (strong), else
 * If-Unmodified-Since; then If-None-Match (weak), else If-Modified-Since for GET and HEAD.
 * A failing If-None-Match is a 304 for GET and HEAD, a 412 for other methods.
 *
 * @example
 * ```ts
 * const headers = new Headers({ 'If-None-Match': '"v1"' });
 * evaluatePreconditions('GET', headers, { etag: '"v1"', lastModified: null }); // 'notModified'
 * ```
 */
export function evaluatePreconditions(
  method: string,
  headers: Headers,
  validators: Validators,
): Precondition {
  const current = ownTag(validators.etag);
  const lastModified = validators.lastModified;
  const ifMatch = headers.get('if-match');
  if (ifMatch !== null) {
    if (!anyTagMatches(ifMatch, current, true)) return 'preconditionFailed';
  } else {
    const since = parseHttpDate(headers.get('if-unmodified-since'));
    if (since !== null && lastModified !== null && lastModified > since) return 'preconditionFailed';
  }
  const safe = method === 'GET' || method === 'HEAD';
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    if (anyTagMatches(ifNoneMatch, current, false)) return safe ? 'notModified' : 'preconditionFailed';
  } else if (safe) {
    const since = parseHttpDate(headers.get('if-modified-since'));
    if (since !== null && lastModified !== null && lastModified <= since) return 'notModified';
  }
  return 'proceed';
}

/**
 * Whether a Range request may be answered with a part (RFC 9110 §13.1.5): true without If-Range;
 * with one, only when it names the current strong entity tag, or the exact Last-Modified date.
 * Anything else (a weak tag, an older date, garbage) means "send the whole thing".
 *
 * @example
 * ```ts
 * ifRangeHolds('"v1"', { etag: '"v1"', lastModified: null }); // true
 * ifRangeHolds('W/"v1"', { etag: 'W/"v1"', lastModified: null }); // false
 * ```
 */
export function ifRangeHolds(ifRange: string | null, validators: Validators): boolean {
  if (ifRange === null) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    const current = ownTag(validators.etag);
    const given = parseETags(value);
    return current !== null && given !== '*' && given.length === 1 && strongMatch(given[0]!, current);
  }
  const date = parseHttpDate(value);
  return date !== null && validators.lastModified !== null && date === validators.lastModified;
}

/**
 * Reads a Range header against a representation of `size` bytes: the one byte range to send,
 * `'unsatisfiable'` for a range that starts past the end (a 416), or `null` to send the whole
 * representation: no header, another unit, a malformed value, several ranges (Phial does not send
 * multipart/byteranges; RFC 9110 lets a server ignore Range) or an empty representation.
 *
 * @example
 * ```ts
 * parseRange('bytes=0-99', 1000); // { start: 0, end: 99 }
 * parseRange('bytes=-100', 1000); // { start: 900, end: 999 }
 * parseRange('bytes=2000-', 1000); // 'unsatisfiable'
 * parseRange('bytes=0-1,5-6', 1000); // null
 * ```
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === null || size === 0) return null;
  const m = RANGE.exec(header.trim());
  if (m === null) return null;
  const [first, last] = [m[1]!, m[2]!];
  if (first === '') {
    if (last === '') return null;
    const suffix = Number(last);
    // A suffix longer than the representation is the whole of it (RFC 9110 §14.1.3).
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
