/**
 * Flask's return conventions: what a view may return, and how it becomes a Response.
 *
 * - a string or {@link Markup} (the `html` tag's result) → `text/html; charset=utf-8`; bytes → the same, as bytes;
 * - a plain object or an array → JSON (see {@link isTuple} for the arrays that are tuples);
 * - `[body, status]`, `[body, headers]`, `[body, status, headers]` → Flask's tuples;
 * - a Response → itself; a stream, a generator or an async iterable → a streamed response.
 */
import { Headers } from './http/headers.ts';
import { Markup } from './http/html.ts';
import { jsonify, Response, type ResponseBody, type StreamBody } from './http/response.ts';

/** Headers as a view may give them in a tuple. */
export type HeadersLike =
  | Headers
  | Record<string, string | number | readonly string[]>
  | Array<[string, string]>;

/** The body part of a view's return value. */
export type BodyLike = ResponseBody | Markup | Response | Record<string, unknown> | unknown[];

/** Everything a view may return. */
export type ViewReturn =
  | BodyLike
  | [BodyLike, number]
  | [BodyLike, HeadersLike]
  | [BodyLike, number, HeadersLike]
  | undefined
  | void;

function isStream(value: object): value is StreamBody {
  if (Symbol.asyncIterator in value) return true;
  // A generator object: iterable and an iterator itself; arrays, maps and sets are data.
  return (
    Symbol.iterator in value &&
    typeof (value as unknown as Iterator<unknown>).next === 'function' &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  );
}

function isBodyPart(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    value instanceof Markup ||
    value instanceof Response ||
    (typeof value === 'object' && isStream(value))
  );
}

function isHeadersLike(value: unknown): value is HeadersLike {
  return value instanceof Headers || (typeof value === 'object' && value !== null);
}

function isStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;
}

/**
 * Whether an array is a Flask tuple rather than a JSON list: `[body, status]`,
 * `[body, headers]` or `[body, status, headers]`. With a status, the body may be anything a view
 * returns (`[{ error: 'no' }, 400]` is JSON with a 400, as `return {...}, 400` is in Flask);
 * with headers only, the body must be text, bytes, a Response or a stream, so that a list of two
 * objects stays a list. A JSON list that happens to look like a tuple goes through `jsonify()`.
 */
export function isTuple(value: readonly unknown[]): boolean {
  if (value.length !== 2 && value.length !== 3) return false;
  const [body, second, third] = value;
  if (value.length === 3) return isStatus(second) && isHeadersLike(third) && body !== undefined;
  if (isStatus(second)) return body !== undefined && typeof body !== 'number';
  return isBodyPart(body) && isHeadersLike(second);
}

function applyHeaders(response: Response, headers: HeadersLike): void {
  const pairs: Iterable<readonly [string, string | number | readonly string[]]> =
    headers instanceof Headers || Array.isArray(headers) ? headers : Object.entries(headers);
  const seen = new Set<string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (!seen.has(key)) response.headers.delete(key);
    seen.add(key);
    if (typeof value === 'string' || typeof value === 'number') response.headers.append(name, value);
    else for (const item of value) response.headers.append(name, item);
  }
}

function bodyToResponse(body: unknown, viewName: string): Response {
  if (body instanceof Response) return body;
  if (typeof body === 'string' || body instanceof Uint8Array) return new Response(body);
  if (body instanceof Markup) return new Response(body.html);
  if (body === undefined || body === null) {
    throw new TypeError(
      `The view function for '${viewName}' did not return a valid response. ` +
        'The function either returned undefined or ended without a return statement.',
    );
  }
  if (typeof body === 'object') {
    if (isStream(body)) return new Response(body);
    return jsonify(body);
  }
  throw new TypeError(
    `The view function for '${viewName}' did not return a valid response. The return type must be ` +
      `a string, an object, an array, a tuple with headers or status, a Response or a stream, but it was a ${typeof body}.`,
  );
}

/**
 * Turns a view's return value into a Response (Flask's `app.make_response`). Throws a TypeError
 * naming the view when the value is not a valid response.
 */
export function toResponse(rv: unknown, viewName = 'view'): Response {
  if (!Array.isArray(rv) || !isTuple(rv)) return bodyToResponse(rv, viewName);
  const response = bodyToResponse(rv[0], viewName);
  const [, second, third] = rv;
  if (typeof second === 'number') response.status = second;
  else applyHeaders(response, second as HeadersLike);
  if (third !== undefined) applyHeaders(response, third as HeadersLike);
  return response;
}

/**
 * Makes a Response from what a view could return, so that headers and cookies can be added
 * before returning it: Flask's `make_response`.
 *
 * @example
 * ```ts
 * const response = makeResponse('Куки установлены!');
 * response.setCookie('username', 'John Doe');
 * return response;
 * ```
 */
export function makeResponse(body?: BodyLike, status?: number, headers?: HeadersLike): Response {
  if (body === undefined) return new Response('', status === undefined ? {} : { status });
  const response = toResponse(body, 'makeResponse');
  if (status !== undefined) response.status = status;
  if (headers !== undefined) applyHeaders(response, headers);
  return response;
}
