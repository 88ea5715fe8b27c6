/**
 * The session a view sees: a typed, dict-like object with Flask's `SecureCookieSession` bookkeeping.
 * `modified` decides whether a Set-Cookie is sent; `accessed` whether the response gets `Vary: Cookie`.
 */

/** What the session interface must do besides saving: nothing, a new identity, or an ending. */
export type SessionRenewal = null | 'regenerate' | 'destroy';

/** The string keys of the session data type. */
export type SessionKey<T> = Extract<keyof T, string>;

/**
 * Decodes the stored session (for example: verify and parse the cookie). Called at most once, on
 * first use; a plain object becomes the session data, anything else (undefined for a missing or
 * bad cookie) an empty, new session.
 */
export type SessionLoader = () => unknown;

/**
 * A session: Flask's `session`, with Map-style method names and types from its data shape.
 *
 * - Writes (`set`, `delete`, `pop`, `clear`, `update`, `setDefault`) mark it {@link modified}, as
 *   Flask does; like Flask, `delete`, `pop` and `setDefault` only do when they change something.
 * - Every read and write marks it {@link accessed}.
 * - Changing a nested value in place (`session.get('cart')!.push(item)`) is not seen: set
 *   `session.modified = true` afterwards, or set the key again.
 * - Storage is a Map, so `__proto__` and `constructor` are ordinary keys.
 * - Built with a {@link SessionLoader}, it decodes on first use, so a request that never touches the
 *   session never verifies its cookie.
 *
 * @example
 * ```ts
 * const session = new Session<{ username?: string; visits: number }>({ visits: 1 });
 * session.set('visits', (session.get('visits') ?? 0) + 1);
 * session.get('username'); // string | undefined
 * session.modified; // true
 * ```
 */
export class Session<T extends object = Record<string, unknown>> {
  // Made on first use: most requests carry no session, and an empty Map costs as much as the rest.
  #data: Map<string, unknown> | null;
  /** Decodes the stored session; null once run (or when there was none). */
  #loader: SessionLoader | null;
  #isNew: boolean;
  #modified = false;
  #accessed = false;
  #renewal: SessionRenewal = null;

  /** Starts from initial data, from nothing (a new session), or from a loader run on first use. */
  constructor(source?: Partial<T> | SessionLoader | null) {
    if (typeof source === 'function') {
      this.#data = null;
      this.#loader = source;
      this.#isNew = true;
    } else {
      this.#data = toMapOrNull(source);
      this.#loader = null;
      this.#isNew = source === undefined || source === null;
    }
  }

  /** The value under `key`, or `fallback` (undefined by default) when there is none. */
  get<K extends SessionKey<T>>(key: K): T[K] | undefined;
  get<K extends SessionKey<T>, F>(key: K, fallback: F): Exclude<T[K], undefined> | F;
  get(key: string, fallback?: unknown): unknown {
    const data = this.#read();
    return data.has(key) ? data.get(key) : fallback;
  }

  /** Stores a value. */
  set<K extends SessionKey<T>>(key: K, value: T[K]): this {
    this.#write().set(key, value);
    return this;
  }

  /** Whether `key` is in the session. */
  has(key: SessionKey<T>): boolean {
    return this.#read().has(key);
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: SessionKey<T>): boolean {
    const data = this.#read();
    if (!data.delete(key)) return false;
    this.#modified = true;
    return true;
  }

  /** Removes `key` and returns its value, or `fallback` when it was not there. */
  pop<K extends SessionKey<T>>(key: K): T[K] | undefined;
  pop<K extends SessionKey<T>, F>(key: K, fallback: F): Exclude<T[K], undefined> | F;
  pop(key: string, fallback?: unknown): unknown {
    const data = this.#read();
    if (!data.has(key)) return fallback;
    const value = data.get(key);
    data.delete(key);
    this.#modified = true;
    return value;
  }

  /** Empties the session (log out); a modified empty session deletes the cookie. */
  clear(): void {
    this.#write().clear();
  }

  /** Returns the value under `key`, first storing `value` there when there is none. */
  setDefault<K extends SessionKey<T>>(key: K, value: T[K]): T[K] {
    const data = this.#read();
    if (data.has(key)) return data.get(key) as T[K];
    data.set(key, value);
    this.#modified = true;
    return value;
  }

  /** Stores every own enumerable property of `values`. */
  update(values: Partial<T>): void {
    const data = this.#write();
    for (const [key, value] of Object.entries(values)) data.set(key, value);
  }

  /** The keys, in insertion order. */
  keys(): IterableIterator<SessionKey<T>> {
    return this.#read().keys() as IterableIterator<SessionKey<T>>;
  }

  /** The values, in insertion order. */
  values(): IterableIterator<T[SessionKey<T>]> {
    return this.#read().values() as IterableIterator<T[SessionKey<T>]>;
  }

  /** The `[key, value]` pairs, in insertion order. */
  entries(): IterableIterator<[SessionKey<T>, T[SessionKey<T>]]> {
    return this.#read().entries() as IterableIterator<[SessionKey<T>, T[SessionKey<T>]]>;
  }

  /** Iterates over the keys, as iterating a Python dict does. */
  [Symbol.iterator](): IterableIterator<SessionKey<T>> {
    return this.keys();
  }

  /** The number of keys. */
  get size(): number {
    return this.#read().size;
  }

  /**
   * Whether the cookie outlives the browser session (for PERMANENT_SESSION_LIFETIME). Stored in the
   * session under `_permanent`, where Flask keeps it.
   */
  get permanent(): boolean {
    return Boolean(this.#read().get('_permanent'));
  }

  set permanent(value: boolean) {
    this.#write().set('_permanent', Boolean(value));
  }

  /** Whether the session changed, so the cookie must be written. Set it after changing nested data. */
  get modified(): boolean {
    return this.#modified;
  }

  set modified(value: boolean) {
    this.#modified = Boolean(value);
  }

  /** Whether the session was read or written: the response then varies by Cookie. */
  get accessed(): boolean {
    return this.#accessed;
  }

  /** Whether no stored session was found (no cookie, or one that did not verify). */
  get isNew(): boolean {
    this.#read();
    return this.#isNew;
  }

  /**
   * Asks for a new session identity that keeps the data: call it at login, against session
   * fixation. A server-side session gets a new id (the old one is destroyed in the store); a
   * cookie session gets a freshly signed cookie.
   */
  regenerate(): void {
    this.#read();
    this.#modified = true;
    if (this.#renewal !== 'destroy') this.#renewal = 'regenerate';
  }

  /**
   * Ends the session: the data is cleared, a server-side session is removed from its store and
   * the cookie is deleted. A write after it starts a new session.
   */
  destroy(): void {
    this.#write().clear();
    this.#renewal = 'destroy';
  }

  /** What {@link regenerate} or {@link destroy} asked the session interface to do on save. */
  get renewal(): SessionRenewal {
    return this.#renewal;
  }

  /** Whether the stored session has been decoded yet; reading this changes nothing. */
  get loaded(): boolean {
    return this.#loader === null;
  }

  /**
   * The size and permanence, for a session interface deciding what to save: decodes the stored
   * session if needed but, unlike `size` and `permanent`, does not mark it accessed.
   *
   * @example
   * ```ts
   * const { size, permanent } = session.peek();
   * ```
   */
  peek(): { size: number; permanent: boolean } {
    if (this.#loader === null && this.#data === null) return { size: 0, permanent: false };
    const data = this.#storage();
    return { size: data.size, permanent: Boolean(data.get('_permanent')) };
  }

  /** A shallow copy of the data as a plain object (what gets saved). */
  get data(): Partial<T> {
    // fromEntries defines properties, so a "__proto__" key stays an own property.
    return Object.fromEntries(this.#read()) as Partial<T>;
  }

  /** The data, so `JSON.stringify(session)` and the session serializer see a plain object. */
  toJSON(): Partial<T> {
    return this.data;
  }

  #storage(): Map<string, unknown> {
    if (this.#loader !== null) {
      const stored = this.#loader();
      this.#isNew = !isPlainObject(stored);
      this.#data = toMapOrNull(stored);
      this.#loader = null;
    }
    this.#data ??= new Map();
    return this.#data;
  }

  #read(): Map<string, unknown> {
    const data = this.#storage();
    this.#accessed = true;
    return data;
  }

  #write(): Map<string, unknown> {
    const data = this.#read();
    this.#modified = true;
    return data;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function toMapOrNull(value: unknown): Map<string, unknown> | null {
  return isPlainObject(value) ? new Map(Object.entries(value)) : null;
}
