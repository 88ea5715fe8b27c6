/**
 * MultiDict: Werkzeug's dictionary with several values per key, the shape of `request.args`,
 * `request.form`, `request.files` and `request.cookies`.
 *
 * Keys live in a `Map`, so `__proto__`, `constructor` or `prototype` sent by a client are ordinary
 * keys that pollute nothing, and keys keep the order they arrived in (a plain object would move
 * integer-like keys such as `"10"` to the front).
 */
import { HttpError } from './errors.ts';

/**
 * The error of {@link MultiDict.require} for a missing key: a 400 whose client-facing description
 * is Werkzeug's generic one, while `message` and `key` name the key for logs and the debug page
 * (Werkzeug's `BadRequestKeyError`).
 *
 * @example
 * ```ts
 * try { request.form.require('email'); } catch (error) {
 *   if (error instanceof BadRequestKeyError) console.warn(error.key); // 'email'
 * }
 * ```
 */
export class BadRequestKeyError extends HttpError {
  /** The key that was missing. */
  readonly key: string;

  constructor(key: string) {
    super(400);
    this.name = 'BadRequestKeyError';
    this.key = key;
    // JSON-escaping keeps a hostile key from forging extra log lines.
    this.message = `${this.description} KeyError: '${JSON.stringify(key).slice(1, -1)}'`;
  }
}

/**
 * A read-only dictionary that keeps every value sent for a key. `get` returns the first value,
 * like Werkzeug; `getAll` returns them all.
 *
 * @example
 * ```ts
 * // ?tag=a&tag=b&page=2
 * request.args.get('page');    // '2'
 * request.args.getAll('tag');  // ['a', 'b']
 * request.args.get('q', '');   // '' (fallback)
 * ```
 */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  readonly #store = new Map<string, V[]>();

  /** Builds a MultiDict from `[key, value]` pairs, keeping repeated keys. */
  constructor(pairs?: Iterable<readonly [string, V]>) {
    if (pairs !== undefined) for (const [key, value] of pairs) this.append(key, value);
  }

  /**
   * Adds a value under a key. For parsers building the dictionary; views treat it as read-only.
   * @internal
   */
  append(key: string, value: V): void {
    const values = this.#store.get(key);
    if (values === undefined) this.#store.set(key, [value]);
    else values.push(value);
  }

  /** The first value of `key`, or `fallback` (default `undefined`) when absent. */
  get(key: string): V | undefined;
  get<F>(key: string, fallback: F): V | F;
  get<F>(key: string, fallback?: F): V | F | undefined {
    const values = this.#store.get(key);
    return values === undefined ? fallback : values[0];
  }

  /**
   * The first value of `key`, or a 400 {@link BadRequestKeyError} when absent: Flask's
   * `request.form['key']`.
   */
  require(key: string): V {
    const values = this.#store.get(key);
    if (values === undefined) throw new BadRequestKeyError(key);
    return values[0]!;
  }

  /** Every value of `key`, in order; an empty array when absent. */
  getAll(key: string): V[] {
    const values = this.#store.get(key);
    return values === undefined ? [] : values.slice();
  }

  /** Whether `key` has at least one value. */
  has(key: string): boolean {
    return this.#store.has(key);
  }

  /** The number of distinct keys. */
  get size(): number {
    return this.#store.size;
  }

  /** The distinct keys, in arrival order. */
  keys(): IterableIterator<string> {
    return this.#store.keys();
  }

  /** The first value of each key. */
  *values(): IterableIterator<V> {
    for (const values of this.#store.values()) yield values[0]!;
  }

  /** `[key, value]` pairs, one per value; the values of a key come together, like Werkzeug's `items(multi=True)`. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, values] of this.#store) {
      for (const value of values) yield [key, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** First values on a null-prototype object, where a `__proto__` key is just a key. */
  toObject(): Record<string, V> {
    const out = Object.create(null) as Record<string, V>;
    for (const [key, values] of this.#store) out[key] = values[0]!;
    return out;
  }

  /** First values, like Flask's `jsonify(request.args)`; use `getAll` to keep every value. */
  toJSON(): Record<string, V> {
    return this.toObject();
  }
}
