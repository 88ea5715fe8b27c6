/**
 * The scalar pieces of Python's `json.dumps(…, ensure_ascii=True, sort_keys=True)`, so that a
 * session Phial writes is byte-for-byte the one Flask writes for the same data.
 */

// Python's ensure_ascii keeps only printable ASCII (space to tilde) other than `"` and `\`.
const NEEDS_ESCAPE = /[^\x20-\x7e]|["\\]/;
const ESCAPABLE = /[^\x20-\x7e]|["\\]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(char: string): string {
  // JS strings are UTF-16, so an astral character arrives as two units and becomes the same
  // surrogate-pair escapes Python writes. Python uses lower-case hex.
  return SHORT_ESCAPES[char] ?? '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * A string as Python's `json.dumps` writes it with `ensure_ascii=True`: everything outside printable
 * ASCII as `\uXXXX` (lower-case hex, surrogate pairs for astral characters).
 *
 * @example
 * ```ts
 * pythonString('Привет 😀'); // '"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\ud83d\\ude00"'
 * ```
 */
export function pythonString(text: string): string {
  return '"' + (NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, escapeChar) : text) + '"';
}

/**
 * A finite number as Python's `json.dumps` writes it. JavaScript has one number type, so an integral
 * value is written as a Python int (`1`, never `1.0`) and any other as Python's float repr, which
 * switches to exponent notation below 1e-4 (`1e-05`) where JavaScript waits until 1e-7.
 * Throws a TypeError for NaN and ±Infinity: Python would write `NaN`, which JSON.parse cannot read.
 *
 * @example
 * ```ts
 * pythonNumber(3); // '3'
 * pythonNumber(0.00001); // '1e-05'
 * ```
 */
export function pythonNumber(value: number): string {
  if (!Number.isFinite(value))
    throw new TypeError(`session data must not contain ${value}: JSON cannot hold it`);
  if (Number.isInteger(value)) {
    // Above 1e21 JS switches to exponent notation; Python ints are always written in full.
    return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  }
  if (Math.abs(value) >= 1e-4) return String(value);
  // Both languages print the shortest digits that round-trip; only the layout differs.
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const power = Number(exponent);
  return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
}

/**
 * Orders strings by Unicode code point, as Python sorts `str` keys. JavaScript's default sort
 * compares UTF-16 code units, which puts emoji before U+E000–U+FFFF.
 *
 * @example
 * ```ts
 * Object.keys(data).sort(compareCodePoints);
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < 0xd800 && y < 0xd800 ? x - y : compareCodePointsAt(a, b, i);
  }
  return a.length - b.length;
}

// At the first differing unit where a surrogate is involved: compare whole code points. A pair may
// have begun one unit earlier, on the high surrogate both strings share; a lone surrogate (which
// Python strings can hold too) counts as its own code point.
function compareCodePointsAt(a: string, b: string, i: number): number {
  const previous = i > 0 ? a.charCodeAt(i - 1) : 0;
  if (previous >= 0xd800 && previous < 0xdc00) {
    const difference = a.codePointAt(i - 1)! - b.codePointAt(i - 1)!;
    if (difference !== 0) return difference;
  }
  return a.codePointAt(i)! - b.codePointAt(i)!;
}
