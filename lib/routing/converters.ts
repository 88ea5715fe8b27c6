/**
 * Converters: how a rule variable is matched (`regex`, `weight`) and turned into a value (`toValue`)
 * and back into URL text (`toUrl`). One definition serves matching and building, as in Werkzeug's
 * `routing/converters.py`.
 */
import { bindConverterArgs, booleanArg, integerArg, numberArg } from './args.ts';
import { quotePath } from './quote.ts';
import { escapeRegex } from './regex.ts';

/**
 * A converter for one rule variable.
 *
 * @example
 * ```ts
 * const upper: Converter<string> = {
 *   regex: '[A-Z]+',
 *   weight: 100,
 *   toValue: (raw) => raw.toLowerCase(),
 *   toUrl: (value) => value.toUpperCase(),
 * };
 * ```
 */
export interface Converter<T = unknown> {
  /** A regular expression source (no anchors) matched against the percent-decoded path. */
  readonly regex: string;
  /** Lower weights are tried first among variables at the same place: int 50, string 100, path 200. */
  readonly weight: number;
  /**
   * Whether the variable stays inside one path segment. Defaults to `true` unless `regex` contains
   * a `/` outside a negated class like `[^/]`. A variable that spans segments makes the rest of the
   * rule one regex.
   */
  readonly partIsolating?: boolean;
  /** Turns matched text into the value views receive; throw {@link ValidationError} to reject it (404). */
  toValue(raw: string): T;
  /** Turns a value into URL text, already percent-encoded (see `quotePath`). */
  toUrl(value: T): string;
}

/**
 * Makes a converter from the arguments written in a rule: `<name(1, max=5):var>` gives
 * `args = [1]`, `kwargs = { max: 5 }`.
 *
 * @example
 * ```ts
 * const hex: ConverterFactory = () => ({
 *   regex: '[0-9a-f]+', weight: 100,
 *   toValue: (raw) => Number.parseInt(raw, 16),
 *   toUrl: (value) => Number(value).toString(16),
 * });
 * ```
 */
export type ConverterFactory = (args: unknown[], kwargs: Record<string, unknown>) => Converter;

/**
 * Thrown by `toValue` when matched text is not acceptable (an int out of range): the request is a
 * 404 and no other rule is tried. Thrown by `toUrl`, it makes URL building try the next rule.
 *
 * @example
 * ```ts
 * toValue(raw) { if (raw.length > 10) throw new ValidationError(); return raw; }
 * ```
 */
export class ValidationError extends Error {
  constructor(message = 'The value is not valid for this converter.') {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * The `toValue` of the string and path converters: the matched text is the value. The compiled
 * matcher recognises it and assigns the text without a call.
 *
 * @example
 * ```ts
 * defaultConverters.path!([], {}).toValue === rawValue; // true
 * ```
 */
export function rawValue(raw: string): string {
  return raw;
}

function quoteAny(value: unknown): string {
  return quotePath(String(value));
}

/** string(minlength=1, maxlength=None, length=None): one path segment, the default converter. */
const stringConverter: ConverterFactory = (args, kwargs) => {
  const bound = bindConverterArgs('string', ['minlength', 'maxlength', 'length'], args, kwargs);
  const min = integerArg('string', 'minlength', bound['minlength'], 1) ?? 1;
  const max = integerArg('string', 'maxlength', bound['maxlength'], min);
  const length = integerArg('string', 'length', bound['length'], 1);
  const count = length !== null ? `{${length}}` : `{${min},${max ?? ''}}`;
  return { regex: `[^/]${count}`, weight: 100, partIsolating: true, toValue: rawValue, toUrl: quoteAny };
};

/** path: like string but spans slashes; the heaviest so it is tried last. */
const pathConverter: ConverterFactory = (args, kwargs) => {
  bindConverterArgs('path', [], args, kwargs);
  return { regex: '[^/].*?', weight: 200, partIsolating: false, toValue: rawValue, toUrl: quoteAny };
};

/** Python's `str.zfill`: pads with zeros after the sign. */
function zeroFill(text: string, width: number): string {
  const sign = text.startsWith('-') ? '-' : '';
  return sign + text.slice(sign.length).padStart(width - sign.length, '0');
}

interface NumberBounds {
  readonly min: number | null;
  readonly max: number | null;
}

function checkBounds(value: number, bounds: NumberBounds): number {
  if ((bounds.min !== null && value < bounds.min) || (bounds.max !== null && value > bounds.max)) {
    throw new ValidationError();
  }
  return value;
}

function integerText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim()).toString();
  throw new TypeError(
    `The int converter cannot build a URL from ${typeof value} ${String(value)}: expected an integer`,
  );
}

/** int(fixed_digits=0, min=None, max=None, signed=False) → number. */
const intConverter: ConverterFactory = (args, kwargs) => {
  const bound = bindConverterArgs('int', ['fixed_digits', 'min', 'max', 'signed'], args, kwargs);
  const fixedDigits = integerArg('int', 'fixed_digits', bound['fixed_digits'], 0) ?? 0;
  const bounds = { min: numberArg('int', 'min', bound['min']), max: numberArg('int', 'max', bound['max']) };
  const signed = booleanArg('int', 'signed', bound['signed']);
  return {
    regex: signed ? '-?\\d+' : '\\d+',
    weight: 50,
    toValue(raw) {
      if (fixedDigits !== 0 && raw.length !== fixedDigits) throw new ValidationError();
      const value = Number(raw);
      // A number past 2^53 cannot be represented exactly: refusing it beats routing to the wrong row.
      if (!Number.isSafeInteger(value)) throw new ValidationError();
      return checkBounds(value + 0, bounds); // + 0 turns -0 into 0
    },
    toUrl(value) {
      const text = integerText(value);
      return fixedDigits !== 0 ? zeroFill(text, fixedDigits) : text;
    },
  };
};

/** Writes a finite number as plain decimal with a fraction part (1 → '1.0', 1e21 → '1000…0.0'). */
export function plainDecimal(value: number): string {
  let text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt !== -1) {
    const mantissa = text.slice(0, exponentAt);
    const exponent = Number(text.slice(exponentAt + 1));
    const sign = mantissa.startsWith('-') ? '-' : '';
    const unsigned = mantissa.slice(sign.length);
    const dot = unsigned.indexOf('.');
    const digits = unsigned.replace('.', '');
    const point = (dot === -1 ? unsigned.length : dot) + exponent;
    text =
      point <= 0
        ? `${sign}0.${'0'.repeat(-point)}${digits}`
        : point >= digits.length
          ? `${sign}${digits}${'0'.repeat(point - digits.length)}`
          : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return text.includes('.') ? text : `${text}.0`;
}

function floatValue(value: unknown): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new TypeError(
      `The float converter cannot build a URL from ${typeof value} ${String(value)}: expected a finite number`,
    );
  }
  return number + 0;
}

/** float(min=None, max=None, signed=False) → number; the URL text needs a dot (`1.0`, not `1`). */
const floatConverter: ConverterFactory = (args, kwargs) => {
  const bound = bindConverterArgs('float', ['min', 'max', 'signed'], args, kwargs);
  const bounds = {
    min: numberArg('float', 'min', bound['min']),
    max: numberArg('float', 'max', bound['max']),
  };
  const signed = booleanArg('float', 'signed', bound['signed']);
  return {
    regex: signed ? '-?\\d+\\.\\d+' : '\\d+\\.\\d+',
    weight: 50,
    toValue: (raw) => checkBounds(Number(raw) + 0, bounds),
    toUrl: (value) => plainDecimal(floatValue(value)),
  };
};

const UUID_SOURCE = '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}';
const UUID_RE = new RegExp(`^${UUID_SOURCE}$`);

/** uuid → the UUID as a lower-case string. */
const uuidConverter: ConverterFactory = (args, kwargs) => {
  bindConverterArgs('uuid', [], args, kwargs);
  return {
    regex: UUID_SOURCE,
    weight: 100,
    toValue: (raw) => raw.toLowerCase(),
    toUrl(value) {
      const text = String(value);
      if (!UUID_RE.test(text)) {
        throw new TypeError(`The uuid converter cannot build a URL from '${text}': not a UUID`);
      }
      return text.toLowerCase();
    },
  };
};

/** any(a, b, …): exactly one of the items. */
const anyConverter: ConverterFactory = (args, kwargs) => {
  if (Object.keys(kwargs).length > 0) {
    throw new Error(`any() takes only positional items, got '${Object.keys(kwargs)[0]}='`);
  }
  if (args.length === 0) throw new Error('any() needs at least one item, as in any(about, help)');
  const items = args.map(String);
  const allowed = new Set(items);
  return {
    regex: `(?:${items.map(escapeRegex).join('|')})`,
    weight: 100,
    toValue: rawValue,
    toUrl(value) {
      const text = String(value);
      if (allowed.has(text)) return quotePath(text);
      const choices = [...allowed].sort().map((item) => `'${item}'`);
      throw new TypeError(`'${text}' is not one of ${choices.join(', ')}`);
    },
  };
};

/**
 * The converters every map starts with. `default` is what `<name>` uses; replace it in a map's
 * `converters` to change the default for that map.
 *
 * @example
 * ```ts
 * defaultConverters.int!([], { max: 5 }).toValue('3'); // 3
 * ```
 */
export const defaultConverters: Readonly<Record<string, ConverterFactory>> = Object.freeze({
  default: stringConverter,
  string: stringConverter,
  any: anyConverter,
  path: pathConverter,
  int: intConverter,
  float: floatConverter,
  uuid: uuidConverter,
});
