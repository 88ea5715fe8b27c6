/**
 * JavaScript stand-ins for the Python types Flask's session serializer tags: `tuple`, `uuid.UUID` and
 * `markupsafe.Markup`. Bytes are `Uint8Array` (reading gives a `Buffer`) and datetimes are `Date`, so
 * those two need no class here.
 */

/**
 * A Python tuple: an array that is written to the session as a tuple (`{" t": [...]}`) rather than
 * a list, and that reading a tuple gives back, so Flask sees a tuple again after a round trip.
 * `map`, `filter` and `slice` give plain arrays, as a list comprehension over a tuple gives a list.
 *
 * @example
 * ```ts
 * const pair = Tuple.from(['message', 'Saved.']);
 * pair instanceof Array; // true
 * ```
 */
export class Tuple<T = unknown> extends Array<T> {
  // Derived arrays (map, filter, slice…) are lists, and `new Tuple(n)` is never called behind our back.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/**
 * Builds a {@link Tuple} from its items: Python's `(a, b)`.
 *
 * @example
 * ```ts
 * session.set('_flashes', [tuple('error', 'Wrong password.')]);
 * ```
 */
export function tuple<T extends unknown[]>(...items: T): Tuple<T[number]> {
  // Sized up front: push() on an Array subclass takes V8's slow path.
  const result = new Tuple<T[number]>(items.length);
  for (let i = 0; i < items.length; i++) result[i] = items[i];
  return result;
}

// Python's UUID() accepts these decorations around the 32 hex digits.
const UUID_DECORATIONS =
  /^(?:urn:)?(?:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/**
 * A Python `uuid.UUID`, written to the session as `{" u": "<32 hex digits>"}`.
 * Accepts the same spellings as Python (`{…}`, `urn:uuid:…`, with or without dashes) and throws a
 * TypeError for anything else.
 *
 * @example
 * ```ts
 * const id = new UUID('12345678-1234-5678-1234-567812345678');
 * id.hex; // '12345678123456781234567812345678'
 * String(id); // '12345678-1234-5678-1234-567812345678'
 * ```
 */
export class UUID {
  /** The 32 lower-case hex digits, as Python's `UUID.hex`. */
  readonly hex: string;

  constructor(value: string) {
    const parts = typeof value === 'string' ? UUID_DECORATIONS.exec(value.trim()) : null;
    if (parts === null)
      throw new TypeError('UUID value must be 32 hex digits, optionally with dashes or braces');
    this.hex = parts.slice(1).join('').toLowerCase();
  }

  /** The canonical dashed form, as Python's `str(uuid)`. */
  toString(): string {
    const h = this.hex;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** `JSON.stringify` gives the dashed form, as Flask's JSON provider does for a UUID. */
  toJSON(): string {
    return this.toString();
  }
}

export { isMarkupLike, Markup } from '../http/html.ts';
