/**
 * Python's semantics where Jinja templates rely on them and JavaScript differs: truthiness,
 * how a value prints (`str()`), `repr()`, the `in` operator, and what a `for` loop iterates.
 */
import { isMarkupLike, Markup } from '../http/html.ts';

/**
 * A Python tuple: what `(a, b)`, `dict.items()`, `dictsort` and `groupby` give; it prints as
 * `('a', 1)`. Derived arrays (`map`, `slice`…) are lists.
 *
 * @example
 * ```ts
 * pyRepr(PyTuple.of('a', 1)); // "('a', 1)"
 * ```
 */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/**
 * Makes a {@link PyTuple} of the items.
 *
 * @example
 * ```ts
 * pair('a', 1); // PyTuple ['a', 1]
 * ```
 */
export function pair<T>(...items: T[]): PyTuple<T> {
  const result = new PyTuple<T>(items.length);
  for (let i = 0; i < items.length; i++) result[i] = items[i]!;
  return result;
}

/** Whether a value is a plain object (a Python dict), not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Python's truthiness: empty strings, lists, dicts, Maps, Sets and sized objects (a session, a
 * MultiDict) are false, as are `0`, `null`, `undefined` and `false`.
 *
 * @example
 * ```ts
 * truthy([]); // false
 * truthy({ a: 1 }); // true
 * ```
 */
export function truthy(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return Boolean(value);
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Markup) return value.html.length > 0;
  if (isPlainObject(value)) {
    for (const _ in value) return true;
    return false;
  }
  const size = (value as { size?: unknown }).size;
  if (typeof size === 'number') return size > 0;
  const length = (value as { length?: unknown }).length;
  return typeof length === 'number' ? length > 0 : true;
}

/**
 * How Python's `str()` prints a value: `None`, `True`, `False`, lists and dicts as their repr,
 * `inf` and `nan`. `undefined` (Jinja's Undefined) prints nothing.
 *
 * @example
 * ```ts
 * pyStr(true); // 'True'
 * pyStr(['a', 1]); // "['a', 1]"
 * ```
 */
export function pyStr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'undefined':
      return '';
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pyNumber(value);
    case 'object':
      if (value === null) return 'None';
      if (Array.isArray(value) || isPlainObject(value) || value instanceof Map || value instanceof Set) {
        return pyRepr(value);
      }
      return String(value);
    default:
      return String(value);
  }
}

function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

/**
 * Python's `round(x, n)`: the nearest value with `n` decimals, ties to even.
 *
 * @example
 * ```ts
 * pyRound(2.5, 0); // 2
 * pyRound(2.25, 1); // 2.2
 * ```
 */
export function pyRound(value: number, precision: number): number {
  const scale = 10 ** precision;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / scale;
  return precision === 0 ? Math.round(scaled) : Number(value.toFixed(precision));
}

const REPR_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A string as Python's `repr()` writes it: single quotes unless it holds one and no double. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: repr() escapes exactly the control characters.
  const body = text.replace(/[\\\n\r\t\x00-\x1f\x7f]|['"]/g, (c) => {
    if (c === '"' || c === "'") return c === quote ? `\\${c}` : c;
    return REPR_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return quote + body + quote;
}

/**
 * Python's `repr()`: strings quoted, lists `[…]`, tuples `(…)`, dicts `{'k': v}`, `None`, `True`.
 *
 * @example
 * ```ts
 * pyRepr({ a: [1, 'x'] }); // "{'a': [1, 'x']}"
 * ```
 */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pyStringRepr(value);
  if (value instanceof Markup || (typeof value === 'object' && value !== null && isMarkupLike(value))) {
    return `Markup(${pyStringRepr(String(value.__html__()))})`;
  }
  if (Array.isArray(value)) {
    const items = value.map(pyRepr).join(', ');
    // A PyTuple, or a session Tuple (an Array subclass of that name), prints as Python's tuple.
    if (value instanceof PyTuple || (value.constructor !== Array && value.constructor.name === 'Tuple')) {
      return value.length === 1 ? `(${items},)` : `(${items})`;
    }
    return `[${items}]`;
  }
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pyRepr).join(', ')}}`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return pyStr(value);
}

/**
 * Python's `item in container`: membership for lists and sets, keys for dicts, Maps and anything
 * with `has()` (a session, a MultiDict), substrings for strings.
 *
 * @example
 * ```ts
 * contains('b', { b: 1 }); // true
 * ```
 */
export function contains(item: unknown, container: unknown): boolean {
  if (typeof container === 'string') return container.includes(String(item));
  if (container instanceof Markup) return container.html.includes(String(item));
  if (Array.isArray(container)) return container.includes(item);
  if (typeof container !== 'object' || container === null) {
    throw new TypeError(
      `argument of type '${container === null ? 'None' : typeof container}' is not iterable`,
    );
  }
  const has = (container as { has?: unknown }).has;
  if (typeof has === 'function') return Boolean(has.call(container, item));
  return Object.hasOwn(container, String(item));
}

/**
 * What a `{% for %}` over one name iterates, as Python does: a dict's keys, an iterable's items,
 * nothing for `undefined` and `null`.
 *
 * @example
 * ```ts
 * iterable({ a: 1, b: 2 }); // ['a', 'b']
 * ```
 */
export function iterable(value: unknown): unknown {
  if (Array.isArray(value) || typeof value === 'string') return value;
  if (value === undefined || value === null) return [];
  if (isPlainObject(value)) return Object.keys(value);
  if (typeof value === 'object' && Symbol.iterator in value) {
    // A Map iterates its keys, as a dict does; a MultiDict or a Session gives its keys().
    const keys = (value as { keys?: unknown }).keys;
    if (typeof keys === 'function' && !(value instanceof Set))
      return Array.from(keys.call(value) as Iterable<unknown>);
    return Array.from(value as Iterable<unknown>);
  }
  return value;
}
