/**
 * Query strings and `application/x-www-form-urlencoded` bodies, read and written the way Werkzeug
 * does (Python's `parse_qsl(keep_blank_values=True)` and `urlencode`).
 */
import { HttpError } from './errors.ts';
import { MultiDict } from './multidict.ts';
import { decodeQueryComponent } from './percent.ts';

/** Options of {@link parseQuery}. */
export interface ParseQueryOptions {
  /** The most pairs accepted; one more is a 413 (Flask's `MAX_FORM_PARTS`). `null`: no limit. */
  maxParts?: number | null | undefined;
}

/**
 * Parses a query string (without its `?`) or a urlencoded body into a {@link MultiDict}.
 *
 * Pairs are separated by `&` only; an empty pair is skipped; a pair without `=` has the value `""`;
 * `+` is a space; percent-escapes are UTF-8 and invalid bytes stay percent-encoded. Never throws on
 * malformed input; throws a 413 {@link HttpError} when there are more than `maxParts` pairs. Linear
 * in the length of the input, however the pairs are shaped.
 *
 * @example
 * ```ts
 * const args = parseQuery('tag=a&tag=b&q=caf%C3%A9+noir&flag');
 * args.getAll('tag'); // ['a', 'b']
 * args.get('q');      // 'café noir'
 * args.get('flag');   // ''
 * ```
 */
export function parseQuery(query: string, options?: ParseQueryOptions): MultiDict {
  const maxParts = options?.maxParts ?? Number.POSITIVE_INFINITY;
  const dict = new MultiDict();
  const length = query.length;
  let parts = 0;
  let start = 0;
  // The next '=' is remembered across pairs: searching for it afresh in every pair would be
  // quadratic on 'a&a&a&…' bodies that have none.
  let equals = query.indexOf('=');
  while (start <= length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      if (++parts > maxParts) throw tooManyParts(maxParts);
      if (equals !== -1 && equals < start) equals = query.indexOf('=', start);
      const hasValue = equals !== -1 && equals < end;
      const key = query.slice(start, hasValue ? equals : end);
      const value = hasValue ? query.slice(equals + 1, end) : '';
      dict.append(decodeQueryComponent(key), decodeQueryComponent(value));
    }
    start = end + 1;
  }
  return dict;
}

/** Limits on form bodies (Flask 3.1's config); `null` or absent turns one off. */
export interface FormLimits {
  /** `MAX_FORM_MEMORY_SIZE`: the largest urlencoded body, or multipart field, in bytes. */
  maxFormMemorySize?: number | null;
  /** `MAX_FORM_PARTS`: the most fields (multipart: fields and files) in a form. */
  maxFormParts?: number | null;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Parses an `application/x-www-form-urlencoded` body. Throws a 413 {@link HttpError} when the body
 * is larger than `maxFormMemorySize` (as Werkzeug does) or has more than `maxFormParts` pairs (as
 * Werkzeug does for multipart only: the encoding a form picks should not change what it may send).
 *
 * @example
 * ```ts
 * parseUrlencodedForm(new TextEncoder().encode('name=Zo%C3%AB'), { maxFormParts: 1000 }).get('name'); // 'Zoë'
 * ```
 */
export function parseUrlencodedForm(body: Uint8Array, limits: FormLimits = {}): MultiDict {
  const { maxFormMemorySize, maxFormParts } = limits;
  if (maxFormMemorySize != null && body.byteLength > maxFormMemorySize) {
    throw new HttpError(413, undefined, {
      cause: new RangeError(`urlencoded form larger than ${maxFormMemorySize} bytes`),
    });
  }
  return parseQuery(utf8.decode(body), { maxParts: maxFormParts });
}

function tooManyParts(maxParts: number): HttpError {
  return new HttpError(413, undefined, { cause: new RangeError(`more than ${maxParts} form parts`) });
}

/** A query or form value, as `encodeQuery` writes it; `null` and `undefined` are left out, like Werkzeug's `None`. */
export type QueryValue = string | number | boolean | bigint | null | undefined;

/** A query or form (the test client's `query` and `form`), as `encodeQuery` accepts it: pairs (a {@link MultiDict} is one) or an object whose arrays repeat the key. */
export type QueryInit =
  | Iterable<readonly [string, QueryValue]>
  | Readonly<Record<string, QueryValue | readonly QueryValue[]>>;

/**
 * Writes a query string (without `?`): keys in order, arrays repeat their key, spaces become `+`,
 * everything but letters, digits and `_.-~` is percent-encoded as UTF-8 (Python's `urlencode`).
 *
 * @example
 * ```ts
 * encodeQuery({ q: 'café noir', tag: ['a', 'b'], page: 2, draft: null }); // 'q=caf%C3%A9+noir&tag=a&tag=b&page=2'
 * ```
 */
export function encodeQuery(values: QueryInit): string {
  const parts: string[] = [];
  const add = (key: string, value: QueryValue): void => {
    if (value === null || value === undefined) return;
    parts.push(encodeQueryComponent(key) + '=' + encodeQueryComponent(String(value)));
  };
  if (isPairs(values)) {
    for (const [key, value] of values) add(key, value);
  } else {
    for (const key of Object.keys(values)) {
      const value = values[key];
      if (Array.isArray(value)) for (const item of value as readonly QueryValue[]) add(key, item);
      else add(key, value as QueryValue);
    }
  }
  return parts.join('&');
}

/**
 * Percent-encodes one key or value for a query string, a space as `+` (Python's `quote_plus`).
 * Unpaired surrogates, which have no UTF-8 form, become U+FFFD.
 *
 * @example
 * ```ts
 * encodeQueryComponent("a b&c/d'"); // 'a+b%26c%2Fd%27'
 * ```
 */
export function encodeQueryComponent(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    encoded = encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(STILL_RESERVED, escapeChar).replaceAll('%20', '+');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// encodeURIComponent leaves these alone; Python's quote_plus does not.
const STILL_RESERVED = /[!'()*]/g;

function escapeChar(char: string): string {
  return '%' + char.charCodeAt(0).toString(16).toUpperCase();
}

function isPairs(values: QueryInit): values is Iterable<readonly [string, QueryValue]> {
  return typeof (values as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}
