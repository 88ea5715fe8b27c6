/**
 * Percent-encoding for URL building and for redirect locations. (Decoding the request path is the
 * request's job: the map matches `request.path`, already decoded.)
 *
 * The safe sets are Werkzeug's, taken from the WHATWG URL spec: what a browser leaves alone in a
 * path segment, a query and a fragment. Letters, digits and `-._~` are always left alone.
 */

/** Characters kept as they are in a path (Werkzeug's `to_url` and redirect paths). */
export const PATH_SAFE = "!$&'()*+,/:;=@";
/** Characters kept as they are in query keys and values (Werkzeug's `_urlencode`). */
export const QUERY_SAFE = "!$'()*,/:;?@";
/** Characters kept as they are in a fragment (Flask's `_anchor`); `%` stays so encoded text passes. */
export const FRAGMENT_SAFE = "%!#$&'()*+,/:;=?@";

/** The characters `encodeURIComponent` never escapes besides letters, digits and `-_.~`. */
const URI_COMPONENT_MARKS = "!'()*";

function escapeForCharClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

function percentByte(char: string): string {
  return '%' + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

/** Replaces lone surrogates (which `encodeURIComponent` refuses) with U+FFFD, as TextEncoder does. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function encodeComponent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(toWellFormed(text));
  }
}

/**
 * Makes a quoting function like Python's `urllib.parse.quote(text, safe)` (UTF-8, upper-case hex).
 * `plus` gives `quote_plus`: spaces become `+`.
 */
function makeQuoter(safe: string, plus: boolean): (text: string) => string {
  // Most values (ids, slugs) need no escaping: one regex test then returns the input as is.
  const allSafe = new RegExp(`^[A-Za-z0-9_.~${escapeForCharClass(safe)}-]*$`);
  const restorable = [...safe].filter((char) => encodeURIComponent(char) !== char);
  const restore = new Map(restorable.map((char) => [percentByte(char), char]));
  const restoreRe =
    restorable.length > 0
      ? new RegExp(`%(?:${[...restore.keys()].map((code) => code.slice(1)).join('|')})`, 'g')
      : null;
  const unsafeMarks = [...URI_COMPONENT_MARKS].filter((char) => !safe.includes(char));
  const marksRe =
    unsafeMarks.length > 0 ? new RegExp(`[${escapeForCharClass(unsafeMarks.join(''))}]`, 'g') : null;
  return (text) => {
    if (allSafe.test(text) && !(plus && text.includes(' '))) return text;
    let out = encodeComponent(text);
    if (restoreRe !== null) out = out.replace(restoreRe, (code) => restore.get(code) ?? code);
    if (marksRe !== null) out = out.replace(marksRe, percentByte);
    return plus ? out.replace(/%20/g, '+') : out;
  };
}

/**
 * Percent-encodes text for a URL path; `/` and the sub-delimiters stay readable.
 *
 * @example
 * ```ts
 * quotePath('a b/c?d'); // 'a%20b/c%3Fd'
 * ```
 */
export const quotePath: (text: string) => string = makeQuoter(PATH_SAFE, false);

/**
 * Percent-encodes a query key or value the way HTML forms do (space → `+`).
 *
 * @example
 * ```ts
 * quoteQuery('a b&c'); // 'a+b%26c'
 * ```
 */
export const quoteQuery: (text: string) => string = makeQuoter(QUERY_SAFE, true);

/**
 * Percent-encodes a fragment (the part after `#`); existing `%XX` escapes are kept.
 *
 * @example
 * ```ts
 * quoteFragment('top of page'); // 'top%20of%20page'
 * ```
 */
export const quoteFragment: (text: string) => string = makeQuoter(FRAGMENT_SAFE, false);

/**
 * Encodes pairs as a query string (no leading `?`). An array value repeats its key; `null` and
 * `undefined` values (also inside arrays) are left out, as Werkzeug's `url_encode` does.
 *
 * @example
 * ```ts
 * urlEncode([['q', 'a b'], ['tag', ['x', 'y']], ['skip', null]]); // 'q=a+b&tag=x&tag=y'
 * ```
 */
export function urlEncode(pairs: Iterable<readonly [string, unknown]>): string {
  let out = '';
  for (const [key, value] of pairs) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      out += (out === '' ? '' : '&') + quoteQuery(key) + '=' + quoteQuery(String(item));
    }
  }
  return out;
}
