/**
 * Jinja's string filters as Flask's Jinja runs them, where nunjucks' own differ: `title`,
 * `capitalize`, `striptags`, `urlencode`, `escape`, `truncate`, `wordcount`, `indent`, `center`,
 * `format`. Markup stays Markup through the filters that only change case or spacing.
 */
import { escapeHtml, Markup } from '../http/html.ts';
import { withKeywords } from './kwargs.ts';
import { isPlainObject, pyRepr, pyRound, pyStr } from './python.ts';
import { safeHtml } from './safe.ts';

type Filter = (...args: any[]) => unknown;

/** The text of a value, and whether it was Markup (so the result can be Markup again). */
function textOf(value: unknown): [text: string, safe: boolean] {
  const html = safeHtml(value);
  return html === undefined ? [pyStr(value), false] : [html, true];
}

/** Applies a text transformation, keeping Markup as Markup (MarkupSafe's methods do the same). */
function keepSafe(value: unknown, change: (text: string) => string): string | Markup {
  const [text, safe] = textOf(value);
  const changed = change(text);
  return safe ? new Markup(changed) : changed;
}

function capitalizeText(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

// Jinja's _word_beginning_split_re: a word starts after whitespace, `-`, `(`, `{`, `[` or `<`.
const WORD_BEGINNING = /([-\s({[<]+)/;

function titleText(text: string): string {
  return text
    .split(WORD_BEGINNING)
    .filter(Boolean)
    .map((piece) => piece.charAt(0).toUpperCase() + piece.slice(1).toLowerCase())
    .join('');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  euro: '€',
};

/** html.unescape for numeric references and the common named ones. */
function unescapeHtml(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code =
      ref[1] === 'x' || ref[1] === 'X'
        ? Number.parseInt(ref.slice(2), 16)
        : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** MarkupSafe's `striptags`: drop comments and tags, squash whitespace, decode entities. */
function striptags(value: unknown): string {
  const [text] = textOf(value);
  const stripped = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<[\s\S]*?>/g, '');
  return unescapeHtml(stripped.split(/\s+/).filter(Boolean).join(' '));
}

const UNRESERVED = /[A-Za-z0-9_.~-]/;

/** Werkzeug's url_quote: UTF-8 percent-encoding; `/` kept unless for a query string, where spaces are `+`. */
function urlQuote(value: unknown, forQuery: boolean): string {
  let out = '';
  for (const byte of Buffer.from(pyStr(value), 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && (UNRESERVED.test(char) || (!forQuery && char === '/'))) out += char;
    else if (forQuery && char === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Jinja's `urlencode`: a string is quoted keeping `/`; a dict or pairs become `k=v&…` with `+` for spaces. */
function urlencode(value: unknown): string {
  if (typeof value === 'string' || value instanceof Markup || typeof value !== 'object' || value === null) {
    return urlQuote(value instanceof Markup ? value.html : value, false);
  }
  const pairs = isPlainObject(value)
    ? Object.entries(value)
    : Array.from(value as Iterable<[unknown, unknown]>);
  return pairs.map(([k, v]) => `${urlQuote(k, true)}=${urlQuote(v, true)}`).join('&');
}

function truncate(value: unknown, length = 255, killwords = false, end = '...', leeway = 5): string {
  const [text] = textOf(value);
  if (text.length <= length + leeway) return text;
  if (killwords) return text.slice(0, length - end.length) + end;
  const cut = text.slice(0, length - end.length);
  const space = cut.lastIndexOf(' ');
  return (space === -1 ? cut : cut.slice(0, space)) + end;
}

/** Jinja's `indent`: every line but the first (and blank ones unless `blank`) gets the indentation. */
function indent(value: unknown, width: number | string = 4, first = false, blank = false): string | Markup {
  const pad = typeof width === 'string' ? width : ' '.repeat(width);
  return keepSafe(value, (text) => {
    const lines = `${text}\n`.split('\n');
    lines.pop();
    let out: string;
    if (blank) out = lines.join(`\n${pad}`);
    else {
      out = lines.shift() ?? '';
      if (lines.length > 0) out += `\n${lines.map((line) => (line ? pad + line : line)).join('\n')}`;
    }
    return first ? pad + out : out;
  });
}

/** Python's `str.replace(old, new, count)`. */
function replaceText(text: string, old: string, replacement: string, count: number): string {
  const parts = text.split(old);
  if (count < 0 || parts.length <= count + 1) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

function isSafe(value: unknown): boolean {
  return safeHtml(value) !== undefined;
}

/** Jinja's `replace` under autoescape: plain text stays plain; with Markup around, MarkupSafe's rules. */
function replace(value: unknown, old: unknown, replacement: unknown, count?: number | null): string | Markup {
  const limit = count ?? -1;
  if (!isSafe(value) && !isSafe(old) && !isSafe(replacement)) {
    return replaceText(pyStr(value), pyStr(old), pyStr(replacement), limit);
  }
  const html = (part: unknown) => (isSafe(part) ? textOf(part)[0] : escapeHtml(pyStr(part)));
  return new Markup(replaceText(html(value), html(old), html(replacement), limit));
}

function center(value: unknown, width = 80): string {
  const [text] = textOf(value);
  const total = width - text.length;
  if (total <= 0) return text;
  // Python's str.center puts the odd space on the left when the width is odd.
  const left = Math.floor(total / 2) + (total & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(total - left);
}

/** printf-style `%s %d %i %f %.2f %r %%`, as Python's `format % args`. */
function format(value: unknown, ...args: unknown[]): string {
  const [text] = textOf(value);
  let next = 0;
  return text.replace(/%(\.\d+)?([sdifr%])/g, (_whole, precision: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    const arg = args[next++];
    if (kind === 's') return pyStr(arg);
    if (kind === 'r') return pyRepr(arg);
    if (kind === 'f') {
      const digits = precision ? Number(precision.slice(1)) : 6;
      return pyRound(Number(arg), digits).toFixed(digits);
    }
    return String(Math.trunc(Number(arg)));
  });
}

/** The string filters, by name. */
export const TEXT_FILTERS: Readonly<Record<string, Filter>> = {
  capitalize: (value: unknown) => keepSafe(value, capitalizeText),
  title: (value: unknown) => keepSafe(value, titleText),
  upper: (value: unknown) => keepSafe(value, (text) => text.toUpperCase()),
  lower: (value: unknown) => keepSafe(value, (text) => text.toLowerCase()),
  trim: withKeywords('trim', ['value', 'chars'], (value: unknown, chars?: string) =>
    keepSafe(value, (text) => {
      if (chars == null) return text.trim();
      const set = chars.replace(/[\\\]^-]/g, '\\$&');
      return text.replace(new RegExp(`^[${set}]+|[${set}]+$`, 'g'), '');
    }),
  ),
  replace: withKeywords('replace', ['s', 'old', 'new', 'count'], replace),
  striptags,
  urlencode,
  escape: (value: unknown) => Markup.escape(value),
  e: (value: unknown) => Markup.escape(value),
  forceescape: (value: unknown) => new Markup(escapeHtml(textOf(value)[0])),
  safe: (value: unknown) => (value instanceof Markup ? value : new Markup(safeHtml(value) ?? pyStr(value))),
  string: (value: unknown) => (value instanceof Markup ? value : pyStr(value)),
  truncate: withKeywords('truncate', ['s', 'length', 'killwords', 'end', 'leeway'], truncate),
  wordcount: (value: unknown) => (textOf(value)[0].match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  indent: withKeywords('indent', ['s', 'width', 'first', 'blank'], indent),
  center: withKeywords('center', ['value', 'width'], center),
  format,
};
