/**
 * Converter arguments as written in a rule, `<int(4, max=99):id>`: Python-style literals,
 * positional then `key=value`, as Werkzeug's `parse_converter_args` reads them.
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
