/**
 * Attribute and item lookup as a Jinja template sees it (`obj.name`, `obj['name']`, `list[-1]`):
 * Python's names for the methods of strings, lists and dicts, Werkzeug's names for Phial's
 * objects (`request.args.getlist`, `request.full_path`), and keys of anything with `has()` and
 * `get()` (a session, a MultiDict, a Map), so a Flask app's templates read Phial's objects.
 */
import { Markup } from '../http/html.ts';
import { isKeywords } from './kwargs.ts';
import { isPlainObject, pair } from './python.ts';

type Method = (this: any, ...args: any[]) => unknown;

/** Names that would reach JavaScript's machinery rather than data: never looked up. */
const BLOCKED = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__']);

/** Werkzeug's method names mapped to Phial's. */
const ALIASES: Readonly<Record<string, string>> = { getlist: 'getAll', to_dict: 'toObject' };

/** Python's strip family: whitespace, or any of `chars`, at the start, the end or both. */
function stripper(side: 'both' | 'start' | 'end', chars?: string | null): RegExp {
  const set = chars == null ? '\\s' : chars.replace(/[\\\]^-]/g, '\\$&');
  const start = `^[${set}]+`;
  const end = `[${set}]+$`;
  return new RegExp(side === 'both' ? `${start}|${end}` : side === 'start' ? start : end, 'g');
}

const STRING_METHODS: Readonly<Record<string, Method>> = {
  upper(this: string) {
    return this.toUpperCase();
  },
  lower(this: string) {
    return this.toLowerCase();
  },
  strip(this: string, chars?: string) {
    return this.replace(stripper('both', chars), '');
  },
  lstrip(this: string, chars?: string) {
    return this.replace(stripper('start', chars), '');
  },
  rstrip(this: string, chars?: string) {
    return this.replace(stripper('end', chars), '');
  },
  startswith(this: string, prefix: string | string[]) {
    return (Array.isArray(prefix) ? prefix : [prefix]).some((p) => this.startsWith(p));
  },
  endswith(this: string, suffix: string | string[]) {
    return (Array.isArray(suffix) ? suffix : [suffix]).some((s) => this.endsWith(s));
  },
  split(this: string, separator?: string | null, maxsplit = -1) {
    const parts = separator == null ? this.trim().split(/\s+/).filter(Boolean) : this.split(separator);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator ?? ' ')];
  },
  replace(this: string, old: string, replacement: string, count = -1) {
    if (count < 0) return this.split(old).join(replacement);
    const parts = this.split(old);
    return (
      parts.slice(0, count + 1).join(replacement) +
      (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '')
    );
  },
  join(this: string, items: unknown[]) {
    return Array.from(items, String).join(this);
  },
  count(this: string, sub: string) {
    return sub === '' ? this.length + 1 : this.split(sub).length - 1;
  },
  find(this: string, sub: string) {
    return this.indexOf(sub);
  },
  isdigit(this: string) {
    return /^\d+$/.test(this);
  },
};

const LIST_METHODS: Readonly<Record<string, Method>> = {
  append(this: unknown[], item: unknown) {
    this.push(item);
  },
  index(this: unknown[], item: unknown) {
    const index = this.indexOf(item);
    if (index === -1) throw new Error(`ValueError: ${String(item)} is not in list`);
    return index;
  },
  count(this: unknown[], item: unknown) {
    return this.filter((x) => x === item).length;
  },
};

const DICT_METHODS: Readonly<Record<string, Method>> = {
  items(this: Record<string, unknown>) {
    return Object.entries(this).map(([key, value]) => pair(key, value));
  },
  keys(this: Record<string, unknown>) {
    return Object.keys(this);
  },
  values(this: Record<string, unknown>) {
    return Object.values(this);
  },
  get(this: Record<string, unknown>, key: string, fallback: unknown = null) {
    return Object.hasOwn(this, key) ? this[key] : fallback;
  },
};

function bound(obj: unknown, fn: Method): Method {
  return (...args: unknown[]) => {
    // A method written for JavaScript never sees nunjucks' keyword-argument marker.
    const last = args[args.length - 1];
    if (isKeywords(last)) args = args.slice(0, -1);
    return fn.apply(obj, args);
  };
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function listItem(list: readonly unknown[], key: unknown): unknown {
  if (typeof key === 'number') return list[key < 0 ? list.length + key : key];
  if (typeof key === 'string' && Object.hasOwn(LIST_METHODS, key)) return bound(list, LIST_METHODS[key]!);
  // groupby's pairs also answer .grouper and .list.
  if (typeof key === 'string' && Object.hasOwn(list, key) && !/^\d+$/.test(key)) return (list as any)[key];
  return key === 'length' ? list.length : undefined;
}

function stringItem(text: string, key: unknown): unknown {
  if (typeof key === 'number') return text[key < 0 ? text.length + key : key];
  if (typeof key === 'string' && Object.hasOwn(STRING_METHODS, key)) return bound(text, STRING_METHODS[key]!);
  return key === 'length' ? text.length : undefined;
}

function objectItem(obj: Record<string, unknown>, key: string): unknown {
  if (isPlainObject(obj)) {
    if (Object.hasOwn(obj, key)) return obj[key];
    return Object.hasOwn(DICT_METHODS, key) ? bound(obj, DICT_METHODS[key]!) : undefined;
  }
  if (key in obj) {
    const value = obj[key];
    return typeof value === 'function' ? bound(obj, value as Method) : value;
  }
  const alias = ALIASES[key] ?? camelCase(key);
  if (alias !== key && alias in obj) return objectItem(obj, alias);
  const { has, get } = obj as { has?: unknown; get?: unknown };
  if (typeof has === 'function' && typeof get === 'function') {
    return has.call(obj, key) ? get.call(obj, key) : undefined;
  }
  return undefined;
}

/**
 * `obj.key` / `obj[key]` in a template. Missing things are `undefined` (Jinja's Undefined),
 * never an error; `constructor`, `__proto__` and `prototype` are never reached.
 *
 * @example
 * ```ts
 * member([1, 2, 3], -1); // 3
 * member(request, 'full_path'); // request.fullPath
 * ```
 */
export function member(obj: unknown, key: unknown): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof key === 'string' && BLOCKED.has(key)) return undefined;
  if (typeof obj === 'string') return stringItem(obj, key);
  if (Array.isArray(obj)) return listItem(obj, key);
  if (obj instanceof Markup) return stringItem(obj.html, key);
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  return objectItem(obj as Record<string, unknown>, String(key));
}
