/**
 * The regex plumbing of the router: the flags every part regex is compiled with, escaping, a
 * compile cache shared by rules, capture-group counts, and Werkzeug's `part_isolating` test.
 */

/** The flags every part regex is compiled with: `.` matches newlines, lengths count code points. */
export const REGEX_FLAGS = 'su';

/**
 * Escapes text for use inside a regex compiled with the `u` flag.
 *
 * @example
 * ```ts
 * escapeRegex('a.b'); // 'a\\.b'
 * ```
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const compiled = new Map<string, RegExp>();

/**
 * Compiles a regex source with {@link REGEX_FLAGS}, once per source: rules share their part
 * regexes (safe, as without `g` or `y` a RegExp keeps no state), which makes adding many similar
 * rules cheaper. Throws a SyntaxError for an invalid source.
 *
 * @example
 * ```ts
 * compileRegex('^(\\d+)$') === compileRegex('^(\\d+)$'); // true
 * ```
 */
export function compileRegex(source: string): RegExp {
  let regex = compiled.get(source);
  if (regex === undefined) {
    regex = new RegExp(source, REGEX_FLAGS);
    compiled.set(source, regex);
  }
  return regex;
}

const groupCounts = new Map<string, number>();

/**
 * Counts the capture groups of a regex source (which must be valid). A regex that can match the
 * empty string reports every group in its result, so this needs no parsing of the source.
 *
 * @example
 * ```ts
 * countGroups('(a)(?:b)(c)'); // 2
 * ```
 */
export function countGroups(source: string): number {
  let count = groupCounts.get(source);
  if (count === undefined) {
    count = new RegExp(`(?:${source})|`, REGEX_FLAGS).exec('')!.length - 1;
    groupCounts.set(source, count);
  }
  return count;
}

/**
 * Werkzeug's default for `part_isolating`: a regex that can match `/` spans segments. A `/` inside
 * a negated class (`[^/]`) cannot match one, so those classes are ignored.
 *
 * @example
 * ```ts
 * isolatesPart('[^/]+\\.json'); // true
 * isolatesPart('.*?/edit');     // false
 * ```
 */
export function isolatesPart(regex: string): boolean {
  return !regex.replace(/\[\^(?:\\.|[^\]\\])*\]/g, '').includes('/');
}
