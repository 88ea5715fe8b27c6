/**
 * Jinja's filters of single values as Flask's Jinja runs them: `default` (undefined only, unless
 * `boolean`), `int` and `float` with Python's parsing, `round` with Python's half-to-even,
 * `tojson` as Flask writes it, `filesizeformat`, `xmlattr`, `attr`, `pprint`.
 */
import { escapeHtml, Markup } from '../http/html.ts';
import { withKeywords } from './kwargs.ts';
import { member } from './members.ts';
import { isPlainObject, pyRepr, pyRound, pyStr, truthy } from './python.ts';
import { tojson } from './tojson.ts';

type Filter = (...args: any[]) => unknown;

const PY_INT = /^[+-]?\d+(?:_\d+)*$/;
const PY_FLOAT =
  /^[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+(?:_\d+)*\.|inf(?:inity)?|nan)$/i;

/** Python's `float(text)`, or undefined where Python raises ValueError. */
function parseFloatText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!PY_FLOAT.test(trimmed)) return undefined;
  const lower = trimmed.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(lower);
}

/** Jinja's `int`: `int(value, base)`, else `int(float(value))`, else the default. */
function toInt(value: unknown, fallback: unknown = 0, base = 10): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value === 'string' || value instanceof Markup) {
    const text = String(value).trim();
    if (base === 10 && PY_INT.test(text)) return Number(text.replace(/_/g, ''));
    if (base !== 10) {
      const parsed = Number.parseInt(text.replace(/^([+-]?)0[xob]/i, '$1'), base);
      if (!Number.isNaN(parsed)) return parsed;
    }
    const float = parseFloatText(text);
    return float !== undefined && Number.isFinite(float) ? Math.trunc(float) : fallback;
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown = 0): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || value instanceof Markup) return parseFloatText(String(value)) ?? fallback;
  return fallback;
}

function round(value: unknown, precision = 0, method = 'common'): number {
  const number = Number(value);
  if (method === 'common') return pyRound(number, precision);
  const scale = 10 ** precision;
  if (method === 'ceil') return Math.ceil(number * scale) / scale;
  if (method === 'floor') return Math.floor(number * scale) / scale;
  throw new Error('method must be common, ceil or floor');
}

const DECIMAL_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function filesizeformat(value: unknown, binary = false): string {
  const bytes = Number(value);
  const base = binary ? 1024 : 1000;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  const units = binary ? BINARY_UNITS : DECIMAL_UNITS;
  let unit = base;
  for (let i = 0; i < units.length; i++) {
    unit = base ** (i + 2);
    if (bytes < unit || i === units.length - 1) return `${((base * bytes) / unit).toFixed(1)} ${units[i]}`;
  }
  return `${bytes} Bytes`;
}

function xmlattr(value: unknown, autospace = true): Markup {
  const pairs = isPlainObject(value) ? Object.entries(value) : [];
  const attributes = pairs
    .filter(([, item]) => item !== null && item !== undefined)
    .map(([key, item]) => `${escapeHtml(key)}="${Markup.escape(pyStr(item)).html}"`)
    .join(' ');
  return new Markup(autospace && attributes ? ` ${attributes}` : attributes);
}

function byDefault(value: unknown, fallback: unknown = '', boolean = false): unknown {
  if (value === undefined || (boolean && !truthy(value))) return fallback;
  return value;
}

/** The value filters, by name. */
export const VALUE_FILTERS: Readonly<Record<string, Filter>> = {
  default: withKeywords('default', ['value', 'default_value', 'boolean'], byDefault),
  d: withKeywords('default', ['value', 'default_value', 'boolean'], byDefault),
  int: withKeywords('int', ['value', 'default', 'base'], toInt),
  float: withKeywords('float', ['value', 'default'], toFloat),
  abs: (value: unknown) => Math.abs(Number(value)),
  round: withKeywords('round', ['value', 'precision', 'method'], round),
  tojson: withKeywords('tojson', ['value', 'indent'], tojson),
  filesizeformat: withKeywords('filesizeformat', ['value', 'binary'], filesizeformat),
  xmlattr: withKeywords('xmlattr', ['d', 'autospace'], xmlattr),
  attr: (value: unknown, name: unknown) => member(value, name),
  pprint: (value: unknown) => pyRepr(value),
};
