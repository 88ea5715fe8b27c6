/**
 * Seeded randomness for tests that try many inputs: the same cases on every run, so a failure
 * replays.
 */

/**
 * mulberry32: a small seeded PRNG returning numbers in [0, 1).
 *
 * @example
 * ```ts
 * const random = prng(7);
 * random(); // the same number on every run
 * ```
 */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random well-formed string of up to 24 characters: ASCII, controls, Latin-1, other BMP characters
 * and astral ones.
 *
 * @example
 * ```ts
 * randomString(prng(99));
 * ```
 */
export function randomString(random: () => number): string {
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from));
  let text = '';
  const length = pick(0, 24);
  for (let i = 0; i < length; i++) {
    const kind = random();
    if (kind < 0.4) text += String.fromCharCode(pick(0x20, 0x7f));
    else if (kind < 0.5) text += String.fromCharCode(pick(0, 0x20));
    else if (kind < 0.6) text += String.fromCharCode(pick(0x7f, 0x100));
    else if (kind < 0.8) text += String.fromCharCode(pick(0x100, 0xd800));
    else if (kind < 0.85) text += String.fromCharCode(pick(0xe000, 0x10000));
    else text += String.fromCodePoint(pick(0x10000, 0x110000));
  }
  return text;
}
