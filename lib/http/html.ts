/** HTML escaping, for views that echo input and for Phial's own error pages. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

const NEEDS_ESCAPE = /[&<>"']/;

/**
 * Escapes `& < > " '` for HTML text and attribute values, as MarkupSafe does.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"hi"</b>'); // '&lt;b&gt;&#34;hi&#34;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
}
