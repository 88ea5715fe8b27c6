/**
 * HTML that is safe by construction: MarkupSafe's escaping, its `Markup` class (HTML that is
 * already safe), and the `html` tagged template that escapes every interpolation.
 */

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

/**
 * HTML that is already safe: MarkupSafe's `Markup`. Templates and the `html` tag insert it as it
 * is, a view may return it (`text/html`), and the session serializer writes it as `{" m": "<html>"}`.
 * Anything with an `__html__()` method is treated the same way.
 *
 * @example
 * ```ts
 * const banner = new Markup('<b>Welcome back!</b>');
 * html`<p>${banner}</p>`.html; // '<p><b>Welcome back!</b></p>'
 * ```
 */
export class Markup {
  /** The HTML text. */
  readonly html: string;

  constructor(html: string) {
    if (typeof html !== 'string') throw new TypeError('Markup html must be a string');
    this.html = html;
  }

  /**
   * Escapes a value into Markup; Markup (and `__html__()` objects) pass through unchanged.
   *
   * @example
   * ```ts
   * Markup.escape('<i>').html; // '&lt;i&gt;'
   * ```
   */
  static escape(value: unknown): Markup {
    if (value instanceof Markup) return value;
    return new Markup(htmlOf(value) ?? escapeHtml(value));
  }

  /** The HTML text: the protocol that template engines and the serializer look for. */
  __html__(): string {
    return this.html;
  }

  /** The number of characters of the HTML text. */
  get length(): number {
    return this.html.length;
  }

  toString(): string {
    return this.html;
  }

  toJSON(): string {
    return this.html;
  }
}

/**
 * Whether a value follows the `__html__()` protocol (Markup, or another library's safe string).
 *
 * @example
 * ```ts
 * isMarkupLike(new Markup('<b>')); // true
 * ```
 */
export function isMarkupLike(value: object): value is { __html__(): unknown } {
  return typeof (value as { __html__?: unknown }).__html__ === 'function';
}

/** The HTML of a safe value, or undefined for anything that still needs escaping. */
function htmlOf(value: unknown): string | undefined {
  if (value instanceof Markup) return value.html;
  if (typeof value === 'object' && value !== null && isMarkupLike(value)) return String(value.__html__());
  return undefined;
}

/** One interpolated value of the `html` tag, as HTML. */
function interpolate(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) {
    let joined = '';
    for (const item of value) joined += interpolate(item);
    return joined;
  }
  return htmlOf(value) ?? escapeHtml(value);
}

/**
 * The safe HTML tagged template: every interpolation is escaped, except Markup (so `html`
 * inside `html` is not escaped twice); arrays are joined without separator; `null`, `undefined`
 * and `false` write nothing. Returns a {@link Markup}, which a view may return as it is.
 *
 * @example
 * ```ts
 * const name = '<script>';
 * const items = ['a', 'b'].map((item) => html`<li>${item}</li>`);
 * html`<p>Hi ${name}</p><ul>${items}</ul>`.html;
 * // '<p>Hi &lt;script&gt;</p><ul><li>a</li><li>b</li></ul>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]) + strings[i + 1]!;
  return new Markup(out);
}
