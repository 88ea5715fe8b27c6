/**
 * Flask's TaggedJSONSerializer (`flask/json/tag.py`): the session as compact, key-sorted, ASCII-only
 * JSON, with the values JSON lacks wrapped in one-key "tag" objects.
 *
 * | JavaScript                      | JSON                      | Python             |
 * | ------------------------------- | ------------------------- | ------------------ |
 * | plain object                    | object, keys sorted       | dict               |
 * | Array                           | array                     | list               |
 * | {@link Tuple}                   | `{" t": [...]}`           | tuple              |
 * | Uint8Array (reads as Buffer)    | `{" b": "<base64>"}`      | bytes              |
 * | {@link Markup} / `__html__()`   | `{" m": "<html>"}`        | Markup             |
 * | {@link UUID}                    | `{" u": "<32 hex>"}`      | uuid.UUID          |
 * | Date (whole seconds, UTC)       | `{" d": "<HTTP date>"}`   | datetime (aware)   |
 * | `{" t": 1}` (a tag-like key)    | `{" di": {" t__": 1}}`    | dict               |
 * | integral number / bigint        | `1`                       | int                |
 * | other finite number             | `0.5`, `1e-05`            | float              |
 */
import { compareCodePoints, pythonNumber, pythonString } from '../utils/python-json.ts';
import { isMarkupLike, Markup, Tuple, UUID } from './python-types.ts';

/** The tag keys Flask registers; a one-key object using one of them must be escaped with `" di"`. */
const TAG_KEYS: ReadonlySet<string> = new Set([' di', ' t', ' b', ' m', ' u', ' d']);

/**
 * Serializes session data exactly as Flask's `session_json_serializer.dumps` does (inside an app
 * context, where keys are sorted and output is ASCII). Object properties that are `undefined` are
 * left out and array holes become `null`, as with `JSON.stringify`; an object with a `toJSON()`
 * method (a Session, for one) is written as what that returns.
 * Throws a TypeError for what Python could not read back: functions, symbols, NaN, Infinity,
 * invalid Dates, circular data, and class instances without `toJSON()` (Map, Set…).
 *
 * @example
 * ```ts
 * dumpSessionJson({ user: 'Иван', ids: tuple(1, 2) }); // '{"ids":{" t":[1,2]},"user":"\\u0418\\u0432\\u0430\\u043d"}'
 * ```
 */
export function dumpSessionJson(value: unknown): string {
  const json = encode(value, new Set());
  if (json === undefined) throw new TypeError('session data must not be undefined');
  return json;
}

/**
 * Parses what {@link dumpSessionJson} (or Flask) wrote and turns tags back into their types,
 * innermost first as Flask does. Objects are ordinary JSON.parse objects, so a `"__proto__"` key
 * stays an own property and never reaches a prototype.
 * Throws a SyntaxError for malformed JSON or a malformed tag (a RangeError for absurd nesting):
 * callers reading untrusted input catch it.
 *
 * @example
 * ```ts
 * loadSessionJson('{"_flashes":[{" t":["message","Hi"]}]}'); // { _flashes: [Tuple ['message', 'Hi']] }
 * ```
 */
export function loadSessionJson(text: string): unknown {
  return untagTree(JSON.parse(text));
}

function encode(value: unknown, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'number':
      return pythonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'object':
      return value === null ? 'null' : encodeObject(value, ancestors);
    default:
      throw new TypeError(`session data must not contain a ${typeof value}`);
  }
}

function encodeObject(value: object, ancestors: Set<object>): string | undefined {
  if (ancestors.has(value)) throw new TypeError('session data must not be circular');
  ancestors.add(value);
  try {
    return encodeContainer(value, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

// The checks run in Flask's tag order: dict, tuple, list, bytes, markup, UUID, datetime.
function encodeContainer(value: object, ancestors: Set<object>): string | undefined {
  if (isPlainObject(value)) return encodeDict(value, ancestors);
  if (value instanceof Tuple) return tagged(' t', encodeList(value, ancestors));
  if (Array.isArray(value)) return encodeList(value, ancestors);
  if (value instanceof Uint8Array) return tagged(' b', `"${base64(value)}"`);
  if (isMarkupLike(value)) return tagged(' m', pythonString(String(value.__html__())));
  if (value instanceof UUID) return tagged(' u', `"${value.hex}"`);
  if (value instanceof Date) return tagged(' d', `"${httpDate(value)}"`);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return encode(toJSON.call(value, ''), ancestors);
  throw new TypeError(
    `session data must not contain a ${value.constructor?.name ?? 'class instance'}: use plain objects, arrays, ` +
      'Tuple, Uint8Array, Date, UUID or Markup',
  );
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encodeDict(dict: Record<string, unknown>, ancestors: Set<object>): string {
  let body = '';
  let count = 0;
  let onlyKey = '';
  let onlyItem = '';
  for (const key of Object.keys(dict).sort(compareCodePoints)) {
    const item = encode(dict[key], ancestors);
    if (item === undefined) continue;
    body += (count++ === 0 ? '' : ',') + pythonString(key) + ':' + item;
    onlyKey = key;
    onlyItem = item;
  }
  // A lone key that looks like a tag would be untagged on the way back: Flask escapes it.
  if (count === 1 && TAG_KEYS.has(onlyKey))
    return tagged(' di', `{${pythonString(onlyKey + '__')}:${onlyItem}}`);
  return '{' + body + '}';
}

function encodeList(list: readonly unknown[], ancestors: Set<object>): string {
  let body = '';
  for (let i = 0; i < list.length; i++) {
    body += (i === 0 ? '' : ',') + (encode(list[i], ancestors) ?? 'null');
  }
  return '[' + body + ']';
}

function tagged(key: string, json: string): string {
  return `{"${key}":${json}}`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function httpDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year)) throw new TypeError('session data must not contain an invalid Date');
  if (year < 1 || year > 9999)
    throw new TypeError('session dates must fall in years 1 to 9999 (Python datetime)');
  // toUTCString is the IMF-fixdate Werkzeug's http_date writes: "Sun, 06 Nov 1994 08:49:37 GMT".
  return date.toUTCString();
}

// Bottom-up, like Flask's object_hook: children are untagged before their parent is looked at.
// Replacing a child by assignment is safe even for a "__proto__" key: JSON.parse made it an own
// data property, and assigning to an own data property never reaches the prototype's setter.
function untagTree(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = untagTree(item);
    }
    return value;
  }
  const dict = value as Record<string, unknown>;
  const keys = Object.keys(dict);
  for (const key of keys) {
    const item = dict[key];
    if (typeof item === 'object' && item !== null) {
      const untagged = untagTree(item);
      if (untagged !== item) dict[key] = untagged;
    }
  }
  return keys.length === 1 && TAG_KEYS.has(keys[0]!) ? untag(keys[0]!, dict[keys[0]!]) : dict;
}

function untag(tag: string, inner: unknown): unknown {
  switch (tag) {
    case ' t':
      if (Array.isArray(inner)) return toTuple(inner);
      break;
    case ' b':
      if (typeof inner === 'string' && BASE64.test(inner)) return Buffer.from(inner, 'base64');
      break;
    case ' m':
      if (typeof inner === 'string') return new Markup(inner);
      break;
    case ' u':
      if (typeof inner === 'string') return parseUuid(inner);
      break;
    case ' d':
      // Werkzeug's parse_date gives None for an unreadable date rather than failing.
      if (typeof inner === 'string') return parseHttpDate(inner);
      break;
    case ' di':
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return unescapeDict(inner);
      break;
  }
  throw new SyntaxError(`session JSON has a malformed "${tag}" tag`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toTuple(items: readonly unknown[]): Tuple {
  // Sized up front: push() on an Array subclass takes V8's slow path.
  const result = new Tuple(items.length);
  for (let i = 0; i < items.length; i++) result[i] = items[i];
  return result;
}

function parseUuid(text: string): UUID {
  try {
    return new UUID(text);
  } catch {
    throw new SyntaxError('session JSON has a malformed " u" tag');
  }
}

function unescapeDict(inner: object): Record<string, unknown> {
  const key = Object.keys(inner)[0];
  if (key === undefined) throw new SyntaxError('session JSON has a malformed " di" tag');
  // A computed key defines an own property, even for "__proto__".
  return { [key.slice(0, -2)]: (inner as Record<string, unknown>)[key] };
}

// RFC 2822 dates as Werkzeug writes them ("Sun, 06 Nov 1994 08:49:37 GMT") and Python's email
// parser reads them: the weekday and seconds are optional, the zone may be a numeric offset.
const HTTP_DATE =
  /^\s*(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:gmt|utc|ut|z|([+-])(\d{2})(\d{2}))?\s*$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function parseHttpDate(text: string): Date | null {
  const match = HTTP_DATE.exec(text);
  if (match === null) return null;
  const [, day, monthName, year, hour, minute, second = '0', sign, offsetHours, offsetMinutes] = match;
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  if (month === -1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, leaves years below 100 alone.
  date.setUTCFullYear(Number(year), month, Number(day));
  if (date.getUTCDate() !== Number(day) || date.getUTCFullYear() < 1) return null;
  const offset =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  date.setUTCHours(Number(hour), Number(minute) - offset, Number(second), 0);
  return date;
}
