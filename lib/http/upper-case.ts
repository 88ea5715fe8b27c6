/** Upper-casing request methods, on the hot path of every request and every match. */

/**
 * `text.toUpperCase()`, without the copy V8 makes even of a string that is upper-case already
 * (a method almost always is).
 *
 * @example
 * ```ts
 * upperCase('GET'); // 'GET', the same string
 * upperCase('get'); // 'GET'
 * ```
 */
export function upperCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || code > 0x7f) return text.toUpperCase();
  }
  return text;
}
