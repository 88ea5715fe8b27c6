/**
 * Flask's `tojson` filter: `json.dumps` with sorted keys, ASCII only, `", "` and `": "` between
 * items, then `<`, `>`, `&` and `'` written as `\u003c`, `\u003e`, `\u0026` and `\u0027`, so the
 * result is safe inside a `<script>` element and a single-quoted attribute.
 */
import { isMarkupLike, Markup } from '../http/html.ts';
import { pythonString } from '../utils/python-json.ts';
import { isPlainObject } from './python.ts';

// Flask runs json.dumps (ensure_ascii), then writes the HTML-significant four as \u escapes.
const HTML_UNSAFE = /[<>&']/g;

function escapeHtmlChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function jsonString(text: string): string {
  return pythonString(text).replace(HTML_UNSAFE, escapeHtmlChar);
}

function jsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** Flask's JSON provider: dates as HTTP dates, Markup as its HTML, UUIDs and others by toJSON. */
function toJsonable(value: object): unknown {
  if (value instanceof Date) return value.toUTCString();
  if (value instanceof Markup || isMarkupLike(value)) return String(value.__html__());
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON(): unknown }).toJSON();
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
    return [...(value as Iterable<unknown>)];
  if (isPlainObject(value)) return value;
  throw new TypeError(`Object of type ${value.constructor?.name ?? 'object'} is not JSON serializable`);
}

function dump(value: unknown, indent: string | null, depth: number): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return jsonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      return dumpObject(value, indent, depth);
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}

function dumpObject(value: object, indent: string | null, depth: number): string {
  const plain = Array.isArray(value) || isPlainObject(value) ? value : toJsonable(value);
  if (typeof plain !== 'object' || plain === null) return dump(plain, indent, depth);
  const items = Array.isArray(plain)
    ? plain.map((item) => dump(item, indent, depth + 1))
    : Object.keys(plain)
        .sort()
        .map(
          (key) => `${jsonString(key)}: ${dump((plain as Record<string, unknown>)[key], indent, depth + 1)}`,
        );
  const [open, close] = Array.isArray(plain) ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (indent === null) return open + items.join(', ') + close;
  const inner = `\n${indent.repeat(depth + 1)}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${indent.repeat(depth)}${close}`;
}

/**
 * Flask's `tojson`: the value as HTML-safe JSON, as Markup.
 *
 * @example
 * ```ts
 * tojson({ b: 1, a: "<x> & 'y'" }).html; // '{"a": "\\u003cx\\u003e \\u0026 \\u0027y\\u0027", "b": 1}'
 * ```
 */
export function tojson(value: unknown, indent?: number | string | null): Markup {
  const step = typeof indent === 'number' ? ' '.repeat(indent) : typeof indent === 'string' ? indent : null;
  return new Markup(dump(value, step, 0));
}
