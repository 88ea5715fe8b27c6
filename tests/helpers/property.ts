/**
 * Shared pieces of the property tests (tests/property): a fixed seed, so a failure reproduces
 * (fast-check prints the seed and the counterexample's path; PROPERTY_SEED=<n> replays another),
 * and the single-character and single-bit changes a tampered cookie is made with.
 */
import fc from 'fast-check';

/** The seed every property runs with; override with PROPERTY_SEED to explore other cases. */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20_241_125);

/**
 * Runs a property with the fixed seed. fast-check's error names the seed, the counterexample and
 * its path (for `{ seed, path }` replay), so a failure here is reproducible as it is printed.
 */
export function check<T>(property: fc.IProperty<T>, numRuns: number): void;
export function check<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void>;
export function check<T>(
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  numRuns: number,
): void | Promise<void> {
  return fc.assert(property as fc.IProperty<T>, { seed: SEED, numRuns });
}

/** One change to a cookie value: the forms a client (or a bit error) can tamper with it. */
export type Mutation =
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'insert'; at: number; char: string }
  | { kind: 'delete'; at: number }
  | { kind: 'flipCharBit'; at: number; bit: number }
  | { kind: 'flipByteBit'; segment: number; at: number; bit: number }
  | { kind: 'replaceSegmentEnd'; segment: number; char: string };

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A character to put in a cookie: mostly base64url and the separators (the changes most likely to
 * slip through a parser), sometimes printable ASCII or any code point.
 */
export function cookieChar(printableOnly = false): fc.Arbitrary<string> {
  const likely = fc.constantFrom(...BASE64URL, '.', '=', '+', '/');
  const printable = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
  if (printableOnly) return fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: printable });
  const any = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
  return fc.oneof(
    { weight: 4, arbitrary: likely },
    { weight: 1, arbitrary: printable },
    { weight: 1, arbitrary: any },
  );
}

/**
 * Single changes: replace, insert or delete one character, flip one bit of one character's code,
 * flip one bit of the bytes a base64url segment decodes to (re-encoded canonically, so only the
 * cryptography can notice), or replace the last character of a segment with another base64url
 * character (often another spelling of the same bytes: the unused low bits). Positions are reduced
 * modulo the value's length when applied.
 */
export function mutation(printableOnly = false): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at, char: cookieChar(printableOnly) }),
    fc.record({ kind: fc.constant('insert' as const), at, char: cookieChar(printableOnly) }),
    fc.record({ kind: fc.constant('delete' as const), at }),
    // Bits 0–6 keep an ASCII character ASCII; printable-only callers drop what is not printable.
    fc.record({ kind: fc.constant('flipCharBit' as const), at, bit: fc.integer({ min: 0, max: 6 }) }),
    fc.record({
      kind: fc.constant('flipByteBit' as const),
      segment: fc.nat(),
      at,
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    fc.record({
      kind: fc.constant('replaceSegmentEnd' as const),
      segment: fc.nat(),
      char: fc.constantFrom(...BASE64URL),
    }),
  );
}

/**
 * Applies a mutation to a cookie value whose base64url segments are separated by dots (`skip`
 * leading segments, such as an encrypted cookie's `v1`, are not decoded). Returns null when the
 * change is no change (the same character put back), so the caller can skip that case.
 */
export function applyMutation(value: string, change: Mutation, skip = 0): string | null {
  const at = (n: number) => ('at' in change ? change.at % n : 0);
  let result: string;
  switch (change.kind) {
    case 'replace': {
      const i = at(value.length);
      result = value.slice(0, i) + change.char + value.slice(i + 1);
      break;
    }
    case 'insert': {
      const i = at(value.length + 1);
      result = value.slice(0, i) + change.char + value.slice(i);
      break;
    }
    case 'delete': {
      const i = at(value.length);
      result = value.slice(0, i) + value.slice(i + 1);
      break;
    }
    case 'flipCharBit': {
      const i = at(value.length);
      result =
        value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ (1 << change.bit)) + value.slice(i + 1);
      break;
    }
    case 'flipByteBit':
      result = flipSegmentBit(value, change, skip);
      break;
    case 'replaceSegmentEnd':
      result = replaceSegmentEnd(value, change, skip);
      break;
  }
  return result === value ? null : result;
}

/** The segments of a dotted value, and the index of the non-empty one `choice` picks after `skip`. */
function pickSegment(value: string, choice: number, skip: number): { parts: string[]; index: number } {
  const parts = value.split('.');
  const candidates = parts.map((_, i) => i).filter((i) => i >= skip && parts[i] !== '');
  return { parts, index: candidates[choice % candidates.length]! };
}

function replaceSegmentEnd(
  value: string,
  change: Mutation & { kind: 'replaceSegmentEnd' },
  skip: number,
): string {
  const { parts, index } = pickSegment(value, change.segment, skip);
  parts[index] = parts[index]!.slice(0, -1) + change.char;
  return parts.join('.');
}

function flipSegmentBit(value: string, change: Mutation & { kind: 'flipByteBit' }, skip: number): string {
  const { parts, index } = pickSegment(value, change.segment, skip);
  const bytes = Buffer.from(parts[index]!, 'base64url');
  if (bytes.length === 0) return value;
  const byte = change.at % bytes.length;
  bytes[byte] = (bytes[byte] ?? 0) ^ (1 << change.bit);
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

/** Session data as an app stores it: short keys, strings (any code point), numbers, lists. */
export function sessionData(): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.string({ unit: 'binary', maxLength: 16 });
  const value = fc.oneof(
    text,
    // Repetitive text compresses, so the signed cookie's `.`-prefixed zlib form is covered too.
    text.map((s) => `${s}abc`.repeat(12)),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 4 }),
  );
  return fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), value, {
    maxKeys: 4,
    noNullPrototype: true,
  });
}
