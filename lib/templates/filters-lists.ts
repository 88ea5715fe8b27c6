/**
 * Jinja's filters over sequences and dicts as Flask's Jinja runs them: `sort` and `dictsort`
 * ignore case by default, `join` escapes its items when one of them is Markup, `map`, `select`
 * and friends take Jinja's arguments, `groupby` gives `(grouper, list)` pairs.
 */
import { escapeHtml, Markup } from '../http/html.ts';
import { splitKeywords, withKeywords } from './kwargs.ts';
import { member } from './members.ts';
import { isPlainObject, iterable, pair, pyStr, truthy } from './python.ts';
import { safeHtml } from './safe.ts';

type Filter = (...args: any[]) => unknown;

/** What a filter receives as `this`: the nunjucks context, whose `env` has the tests and filters. */
interface FilterThis {
  env: { getTest(name: string): (...args: unknown[]) => unknown; getFilter(name: string): Filter };
}

/** A list of the items of any iterable value (a dict gives its keys, as in Python). */
export function toList(value: unknown): unknown[] {
  const items = iterable(value);
  if (Array.isArray(items)) return items;
  if (typeof items === 'string') return Array.from(items);
  throw new TypeError(`'${pyStr(value)}' object is not iterable`);
}

/** Jinja's make_attrgetter: `a.b.0` looks up each part, numbers as indexes. */
export function attrGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = String(attribute)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return (item) => {
    let value = item;
    for (const part of parts) value = member(value, part);
    return value === undefined ? fallback : value;
  };
}

function sortKey(value: unknown, caseSensitive: boolean): unknown {
  if (value instanceof Markup) value = value.html;
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

/** Python's ordering for the values templates sort: numbers, strings, and lists of them. */
export function pyCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = pyCompare(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

function keyed(attribute: unknown, caseSensitive: boolean): (item: unknown) => unknown {
  const get = attribute === undefined || attribute === null ? (item: unknown) => item : attrGetter(attribute);
  return (item) => sortKey(get(item), caseSensitive);
}

function sort(value: unknown, reverse = false, caseSensitive = false, attribute?: unknown): unknown[] {
  const key = keyed(attribute, caseSensitive);
  // Python's reverse=True keeps equal items in their order: the comparison flips, not the result.
  const sign = reverse ? -1 : 1;
  return toList(value)
    .map((item) => [key(item), item] as const)
    .sort((a, b) => sign * pyCompare(a[0], b[0]))
    .map(([, item]) => item);
}

function dictItems(value: unknown): Array<[unknown, unknown]> {
  let entries: Iterable<[unknown, unknown]>;
  if (value === undefined || value === null) return [];
  if (value instanceof Map || isPlainObject(value))
    entries = value instanceof Map ? value : Object.entries(value);
  else {
    const method = (value as { entries?: () => Iterable<[unknown, unknown]> }).entries;
    if (typeof method !== 'function') throw new TypeError('can only iterate over the items of a dict');
    entries = method.call(value);
  }
  return Array.from(entries, ([key, item]) => pair(key, item) as unknown as [unknown, unknown]);
}

function dictsort(
  value: unknown,
  caseSensitive = false,
  by = 'key',
  reverse = false,
): Array<[unknown, unknown]> {
  if (by !== 'key' && by !== 'value') throw new Error("You can only sort by either 'key' or 'value'");
  const pos = by === 'key' ? 0 : 1;
  const sorted = dictItems(value).sort((a, b) =>
    pyCompare(sortKey(a[pos], caseSensitive), sortKey(b[pos], caseSensitive)),
  );
  return reverse ? sorted.reverse() : sorted;
}

function join(value: unknown, separator: unknown = '', attribute?: unknown): string | Markup {
  let items = toList(value);
  if (attribute !== undefined && attribute !== null) items = items.map(attrGetter(attribute));
  const safe = (item: unknown) => safeHtml(item) !== undefined;
  if (![separator, ...items].some(safe)) return items.map(pyStr).join(pyStr(separator));
  const html = (item: unknown) => safeHtml(item) ?? escapeHtml(pyStr(item));
  return new Markup(items.map(html).join(html(separator)));
}

function unique(value: unknown, caseSensitive = false, attribute?: unknown): unknown[] {
  const key = keyed(attribute, caseSensitive);
  const seen = new Set<unknown>();
  return toList(value).filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function extreme(sign: 1 | -1): Filter {
  return (value: unknown, caseSensitive = false, attribute?: unknown) => {
    const key = keyed(attribute, caseSensitive);
    let best: unknown;
    let bestKey: unknown;
    for (const item of toList(value)) {
      const k = key(item);
      if (best === undefined || pyCompare(k, bestKey) * sign > 0) [best, bestKey] = [item, k];
    }
    return best;
  };
}

function length(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Markup) return value.html.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  const size = (value as { size?: unknown } | null)?.size;
  if (typeof size === 'number') return size;
  return toList(value).length;
}

function batch(value: unknown, linecount: number, fillWith: unknown = null): unknown[][] {
  const rows: unknown[][] = [];
  let row: unknown[] = [];
  for (const item of toList(value)) {
    if (row.length === linecount) {
      rows.push(row);
      row = [];
    }
    row.push(item);
  }
  if (row.length > 0) {
    if (fillWith !== null && fillWith !== undefined) while (row.length < linecount) row.push(fillWith);
    rows.push(row);
  }
  return rows;
}

function slice(value: unknown, slices: number, fillWith: unknown = null): unknown[][] {
  const items = toList(value);
  const perSlice = Math.floor(items.length / slices);
  const withExtra = items.length % slices;
  const result: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < slices; i++) {
    const start = offset + i * perSlice;
    if (i < withExtra) offset++;
    const part = items.slice(start, offset + (i + 1) * perSlice);
    if (fillWith !== null && fillWith !== undefined && i >= withExtra) part.push(fillWith);
    result.push(part);
  }
  return result;
}

function sum(value: unknown, attribute?: unknown, start = 0): number {
  const get = attribute === undefined || attribute === null ? (item: unknown) => item : attrGetter(attribute);
  return toList(value).reduce<number>((total, item) => total + (get(item) as number), start);
}

/** A `(grouper, list)` pair that also answers `.grouper` and `.list`, as Jinja's namedtuple. */
function group(grouper: unknown, list: unknown[]): unknown[] {
  return Object.assign(pair(grouper, list), { grouper, list });
}

function groupby(value: unknown, attribute: unknown, fallback?: unknown, caseSensitive = false): unknown[] {
  const get = attrGetter(attribute, fallback);
  const groups: Array<{ key: unknown; grouper: unknown; items: unknown[] }> = [];
  let current: (typeof groups)[number] | null = null;
  const sorted = toList(value)
    .map((item) => [sortKey(get(item), caseSensitive), get(item), item] as const)
    .sort((a, b) => pyCompare(a[0], b[0]));
  for (const [key, grouper, item] of sorted) {
    if (current === null || pyCompare(current.key, key) !== 0) {
      current = { key, grouper, items: [] };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups.map((g) => group(g.grouper, g.items));
}

/** `select`/`reject` and their `attr` forms: keep the items whose test (or truthiness) is `keep`. */
function selectOrReject(keep: boolean, byAttribute: boolean): Filter {
  return function choose(this: FilterThis, value: unknown, ...rest: unknown[]): unknown[] {
    const { args } = splitKeywords(rest);
    const get = byAttribute ? attrGetter(args.shift()) : (item: unknown) => item;
    const testName = args.shift();
    const test = testName === undefined ? truthy : this.env.getTest(String(testName));
    return toList(value).filter((item) => Boolean(test(get(item), ...args)) === keep);
  };
}

function map(this: FilterThis, value: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKeywords(rest);
  if (kwargs.attribute !== undefined) return toList(value).map(attrGetter(kwargs.attribute, kwargs.default));
  const filter = this.env.getFilter(String(args.shift()));
  return toList(value).map((item) => filter.call(this, item, ...args));
}

/** The list filters, by name. */
export const LIST_FILTERS: Readonly<Record<string, Filter>> = {
  sort: withKeywords('sort', ['value', 'reverse', 'case_sensitive', 'attribute'], sort),
  dictsort: withKeywords('dictsort', ['value', 'case_sensitive', 'by', 'reverse'], dictsort),
  items: (value: unknown) => dictItems(value),
  join: withKeywords('join', ['value', 'd', 'attribute'], join),
  unique: withKeywords('unique', ['value', 'case_sensitive', 'attribute'], unique),
  min: withKeywords('min', ['value', 'case_sensitive', 'attribute'], extreme(-1)),
  max: withKeywords('max', ['value', 'case_sensitive', 'attribute'], extreme(1)),
  length,
  count: length,
  first: (value: unknown) => toList(value)[0],
  last: (value: unknown) => toList(value).at(-1),
  list: (value: unknown) => [...toList(value)],
  reverse: (value: unknown) =>
    typeof value === 'string' ? Array.from(value).reverse().join('') : [...toList(value)].reverse(),
  batch: withKeywords('batch', ['value', 'linecount', 'fill_with'], batch),
  slice: withKeywords('slice', ['value', 'slices', 'fill_with'], slice),
  sum: withKeywords('sum', ['iterable', 'attribute', 'start'], sum),
  groupby: withKeywords('groupby', ['value', 'attribute', 'default', 'case_sensitive'], groupby),
  select: selectOrReject(true, false),
  reject: selectOrReject(false, false),
  selectattr: selectOrReject(true, true),
  rejectattr: selectOrReject(false, true),
  map,
};
