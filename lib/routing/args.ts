/**
 * Converter arguments as written in a rule, `<int(4, max=99):id>`: Python-style literals,
 * positional then `key=value`, as Werkzeug's `parse_converter_args` reads them; then bound to a
 * converter's parameter names and checked, as Python binds a call.
 */

/** Positional and keyword arguments for a converter factory. */
export interface ConverterArgs {
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
}

const SPACE = /\s*/y;
const KEYWORD = /([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/y;
// u/r prefixes are accepted (and ignored) because Werkzeug accepts them; there are no escapes.
const STRING = /[uUrR]?(?:"([^"]*)"|'([^']*)')/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\p{L}\p{N}_.])/uy;
const WORD = /[\p{L}\p{N}_.]+/uy;
const CONSTANTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['True', true],
  ['False', false],
  ['None', null],
]);

class Scanner {
  readonly text: string;
  at = 0;

  constructor(text: string) {
    this.text = text;
  }

  get done(): boolean {
    return this.at >= this.text.length;
  }

  take(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (match !== null) this.at = pattern.lastIndex;
    return match;
  }

  skipSpace(): void {
    this.take(SPACE);
  }

  fail(what: string): never {
    const rest = this.text.slice(this.at);
    throw new Error(
      `${what} at '${rest.length > 20 ? rest.slice(0, 20) + '…' : rest}' in converter arguments '${this.text}'`,
    );
  }
}

function readValue(scanner: Scanner): unknown {
  const string = scanner.take(STRING);
  if (string !== null) return string[1] ?? string[2] ?? '';
  const number = scanner.take(NUMBER);
  if (number !== null) return Number(number[0]);
  const word = scanner.take(WORD);
  if (word !== null) return CONSTANTS.has(word[0]) ? CONSTANTS.get(word[0]) : word[0];
  return scanner.fail('expected a value (a number, a quoted string, True, False, None or a word)');
}

/**
 * Parses the text between the parentheses of `<converter(…):name>`. Values are numbers, quoted
 * strings (no escapes), `True`, `False`, `None`, or bare words (read as strings). Throws an Error
 * saying where the text cannot be read.
 *
 * @example
 * ```ts
 * parseConverterArgs("4, max=99, name='x y'"); // { args: [4], kwargs: { max: 99, name: 'x y' } }
 * ```
 */
export function parseConverterArgs(text: string): ConverterArgs {
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = Object.create(null);
  const scanner = new Scanner(text);
  scanner.skipSpace();
  while (!scanner.done) {
    const keyword = scanner.take(KEYWORD);
    scanner.skipSpace();
    const value = readValue(scanner);
    if (keyword === null) {
      if (Object.keys(kwargs).length > 0) scanner.fail('a positional argument follows a keyword argument');
      args.push(value);
    } else {
      const name = keyword[1]!;
      if (name in kwargs) {
        throw new Error(`argument '${name}' is given twice in converter arguments '${text}'`);
      }
      kwargs[name] = value;
    }
    scanner.skipSpace();
    if (scanner.done) break;
    if (scanner.text[scanner.at] !== ',') scanner.fail("expected ','");
    scanner.at += 1;
    scanner.skipSpace();
  }
  return { args, kwargs };
}

/**
 * Binds converter arguments to parameter names the way Python binds a call: positional first,
 * then keywords; unknown names, extra positionals and doubled names are errors.
 *
 * @example
 * ```ts
 * bindConverterArgs('int', ['fixed_digits', 'min'], [4], { min: 1 }); // { fixed_digits: 4, min: 1 }
 * ```
 */
export function bindConverterArgs(
  converter: string,
  params: readonly string[],
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (args.length > params.length) {
    throw new Error(`${converter}() takes at most ${params.length} argument(s) (${args.length} given)`);
  }
  const bound: Record<string, unknown> = Object.create(null);
  args.forEach((value, index) => {
    bound[params[index]!] = value;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    if (!params.includes(name)) {
      const known = params.length > 0 ? ` (it takes ${params.join(', ')})` : ' (it takes none)';
      throw new Error(`${converter}() got an unexpected argument '${name}'${known}`);
    }
    if (name in bound) throw new Error(`${converter}() got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  return bound;
}

/**
 * A bound integer argument: null when absent, else an integer of at least `least`, or an error
 * naming the converter and the argument.
 *
 * @example
 * ```ts
 * integerArg('int', 'min', 1, 0); // 1
 * ```
 * @internal
 */
export function integerArg(converter: string, name: string, value: unknown, least: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new Error(`${converter}(): ${name} must be an integer ≥ ${least}, got ${String(value)}`);
  }
  return value;
}

/**
 * A bound number argument: null when absent, else any number but NaN.
 *
 * @example
 * ```ts
 * numberArg('float', 'max', 2.5); // 2.5
 * ```
 * @internal
 */
export function numberArg(converter: string, name: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new Error(`${converter}(): ${name} must be a number, got ${String(value)}`);
  }
  return value;
}

/**
 * A bound boolean argument (`True` or `False` in the rule): false when absent.
 *
 * @example
 * ```ts
 * booleanArg('int', 'signed', true); // true
 * ```
 * @internal
 */
export function booleanArg(converter: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new Error(`${converter}(): ${name} must be True or False, got ${String(value)}`);
  }
  return value;
}
