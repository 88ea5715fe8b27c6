/**
 * What counts as already-safe HTML inside templates: Markup (and the `html` tag's results),
 * any `__html__()` object, and nunjucks' SafeString, which its macros, `caller()` and `super()`
 * return.
 */
import { isMarkupLike, Markup } from '../http/html.ts';
import { loadedSafeString } from './nunjucks.ts';

/**
 * The HTML of a safe value (Markup, an `__html__()` object, nunjucks' SafeString from a macro,
 * `caller()` or `super()`), or undefined for a value that still needs escaping.
 *
 * @example
 * ```ts
 * safeHtml(new Markup('<b>')); // '<b>'
 * safeHtml('<b>'); // undefined
 * ```
 */
export function safeHtml(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (value instanceof Markup) return value.html;
  const SafeString = loadedSafeString();
  if (SafeString !== null && value instanceof SafeString) return value.val;
  if (isMarkupLike(value)) return String(value.__html__());
  return undefined;
}
