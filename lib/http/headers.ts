/**
 * A small, fast, case-insensitive header map: the `Headers` of requests and responses.
 *
 * It follows the WHATWG `Headers` interface where it matters (`get` joins repeated values with
 * `, `, `getSetCookie()` keeps Set-Cookie values apart) but stores values in a plain object shaped
 * like `IncomingMessage.headers`, with nothing inherited, so a response can hand its store to
 * `writeHead` as it is.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { inertClass } from '../utils/inert-object.ts';

/** A header value as Node stores it: one string, or several for repeated headers. */
export type HeaderValue = string | string[];

/** Anything a {@link Headers} can be built from. */
export type HeadersInit =
  | Headers
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | readonly string[] | undefined>>;

/** The store's shape: lower-case names to values, with nothing inherited. */
export type HeaderStore = Record<string, HeaderValue>;

/** Makes the stores: objects that inherit nothing, with fast properties (see inert-object.ts). */
const StoreObject = inertClass<HeaderStore>();

function emptyStore(): HeaderStore {
  // `new` of a plain function is allocated inline by V8, cheaper than a call to Object.create.
  return new StoreObject();
}

/**
 * Case-insensitive headers. Names and values are validated on the way in: a CR, LF or other
 * character that is not allowed in a header throws a TypeError before anything is written.
 *
 * @example
 * ```ts
 * const headers = new Headers({ 'Content-Type': 'text/plain' });
 * headers.append('Set-Cookie', 'a=1');
 * headers.get('content-type'); // 'text/plain'
 * ```
 */
export class Headers implements Iterable<[string, string]> {
  /** @internal the store, keyed by lower-case name. */
  readonly store: HeaderStore;

  /** `adopted` is internal: a store taken as it is (see `Headers.adopt`). */
  constructor(init?: HeadersInit, adopted?: HeaderStore) {
    this.store = adopted ?? emptyStore();
    if (init !== undefined) this.extend(init);
  }

  /**
   * Wraps an existing store, one that inherits nothing, without copying or validating it.
   * @internal
   */
  static adopt(store: HeaderStore): Headers {
    return new Headers(undefined, store);
  }

  /**
   * Copies Node's `IncomingMessage.headers` without validating it again: node:http has already
   * checked every name and value, lower-cased the names and joined repeated headers. The copy
   * drops Object.prototype, which Node's object has.
   * @internal
   *
   * @example
   * ```ts
   * const headers = Headers.fromNode(req.headers as HeaderStore);
   * ```
   */
  static fromNode(incoming: Readonly<Record<string, HeaderValue | undefined>>): Headers {
    // Own enumerable properties only, and no key array made: half the cost of a keys() loop.
    return new Headers(undefined, Object.assign(emptyStore(), incoming) as HeaderStore);
  }

  /**
   * Copies the headers of a WHATWG `Headers` (a Web `Request`'s) without validating them again:
   * its iterator has already lower-cased the names and joined repeated values, and the runtime
   * that received them has checked them. A name seen twice (only Set-Cookie) keeps both values.
   * @internal
   *
   * @example
   * ```ts
   * const headers = Headers.fromPairs(webRequest.headers);
   * ```
   */
  static fromPairs(pairs: Iterable<[string, string]>): Headers {
    const store = emptyStore();
    for (const [name, value] of pairs) {
      const current = store[name];
      if (current === undefined) store[name] = value;
      else if (typeof current === 'string') store[name] = [current, value];
      else current.push(value);
    }
    return new Headers(undefined, store);
  }

  /** The value of a header, repeated values joined with `, `; `null` when absent. */
  get(name: string): string | null {
    const value = this.store[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }

  /** Every value of a header, in order. */
  getAll(name: string): string[] {
    const value = this.store[name.toLowerCase()];
    if (value === undefined) return [];
    return typeof value === 'string' ? [value] : [...value];
  }

  /** The Set-Cookie values, each on its own. */
  getSetCookie(): string[] {
    return this.getAll('set-cookie');
  }

  /** Whether the header is present. */
  has(name: string): boolean {
    return this.store[name.toLowerCase()] !== undefined;
  }

  /** Replaces every value of a header. */
  set(name: string, value: string | number): this {
    const text = String(value);
    checkHeader(name, text);
    this.store[name.toLowerCase()] = text;
    return this;
  }

  /** Adds a value, keeping the ones already there. */
  append(name: string, value: string | number): this {
    const text = String(value);
    checkHeader(name, text);
    const key = name.toLowerCase();
    const current = this.store[key];
    if (current === undefined) this.store[key] = text;
    else if (typeof current === 'string') this.store[key] = [current, text];
    else current.push(text);
    return this;
  }

  /** Sets a header only when it is absent (Werkzeug's `setdefault`). */
  setDefault(name: string, value: string | number): this {
    if (!this.has(name)) this.set(name, value);
    return this;
  }

  /** Removes a header. */
  delete(name: string): this {
    delete this.store[name.toLowerCase()];
    return this;
  }

  /** Adds every header of `init`; repeated names are appended. */
  extend(init: HeadersInit): this {
    if (init instanceof Headers) {
      for (const [name, value] of init) this.append(name, value);
    } else if (isIterable(init)) {
      for (const [name, value] of init) this.append(name, value);
    } else {
      for (const name of Object.keys(init)) {
        const value = init[name];
        if (value === undefined) continue;
        if (typeof value === 'string' || typeof value === 'number') this.append(name, value);
        else for (const item of value) this.append(name, item);
      }
    }
    return this;
  }

  /** The lower-case names present. */
  keys(): string[] {
    return Object.keys(this.store);
  }

  /** `[name, value]` pairs, one per value (so several Set-Cookie values stay apart). */
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.store)) {
      const value = this.store[name]!;
      if (typeof value === 'string') yield [name, value];
      else for (const item of value) yield [name, item];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Calls `fn(value, name)` for each value, like WHATWG Headers. */
  forEach(fn: (value: string, name: string, headers: this) => void): void {
    for (const [name, value] of this) fn(value, name, this);
  }

  /** The number of distinct header names. */
  get size(): number {
    return Object.keys(this.store).length;
  }

  /** A plain object, repeated values joined with `, ` (Set-Cookie kept as an array). */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const name of Object.keys(this.store)) {
      out[name] = name === 'set-cookie' ? this.getAll(name) : this.get(name)!;
    }
    return out;
  }
}

/**
 * Throws a TypeError naming the header when its name is not a token or its value holds CR, LF
 * or another character HTTP forbids (Node's own validators).
 */
function checkHeader(name: string, value: string): void {
  validateHeaderName(name);
  validateHeaderValue(name, value);
}

function isIterable(value: unknown): value is Iterable<readonly [string, string]> {
  return typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}
