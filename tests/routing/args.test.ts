/**
 * Tests for lib/routing/args.ts: converter arguments as Werkzeug's `parse_converter_args` reads them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bindConverterArgs,
  booleanArg,
  integerArg,
  numberArg,
  parseConverterArgs,
} from '../../lib/routing/args.ts';

function parsed(text: string): { args: unknown[]; kwargs: Record<string, unknown> } {
  const { args, kwargs } = parseConverterArgs(text);
  return { args, kwargs: { ...kwargs } };
}

const Parse = suite('parseConverterArgs');

Parse('empty text gives no arguments', () => {
  assert.equal(parsed(''), { args: [], kwargs: {} });
  assert.equal(parsed('   '), { args: [], kwargs: {} });
});

Parse('numbers: ints, floats, negatives, exponents', () => {
  assert.equal(parsed('4, 2.5, -3, 1e3, .5, 7.').args, [4, 2.5, -3, 1000, 0.5, 7]);
});

Parse('Python constants', () => {
  assert.equal(parsed('True, False, None').args, [true, false, null]);
});

Parse('quoted strings with either quote, u/r prefixes, no escapes', () => {
  assert.equal(parsed(`"a, b", 'c"d', u"x", r'y', ""`).args, ['a, b', 'c"d', 'x', 'y', '']);
});

Parse('bare words are strings', () => {
  assert.equal(parsed('about, help, class, v1.2, 5abc, été').args, [
    'about',
    'help',
    'class',
    'v1.2',
    '5abc',
    'été',
  ]);
});

Parse('keyword arguments after positional ones', () => {
  assert.equal(parsed('4, max = 99, signed=True'), { args: [4], kwargs: { max: 99, signed: true } });
});

Parse('a trailing comma is allowed', () => {
  assert.equal(parsed('a, b,').args, ['a', 'b']);
});

Parse('kwargs has a null prototype', () => {
  assert.is(Object.getPrototypeOf(parseConverterArgs('a=1').kwargs), null);
});

Parse('rejects a positional argument after a keyword', () => {
  assert.throws(() => parseConverterArgs('min=1, 5'), /positional argument follows a keyword argument/);
});

Parse('rejects a keyword given twice', () => {
  assert.throws(() => parseConverterArgs('min=1, min=2'), /argument 'min' is given twice/);
});

Parse('rejects an empty item, an unclosed string and garbage', () => {
  assert.throws(() => parseConverterArgs('a,,b'), /expected a value/);
  assert.throws(() => parseConverterArgs('"abc'), /expected a value/);
  assert.throws(() => parseConverterArgs('a b'), /expected ','/);
  assert.throws(() => parseConverterArgs('min=-'), /expected a value .* at '-'/);
});

Parse('the error quotes the whole argument text', () => {
  assert.throws(() => parseConverterArgs('1, @'), /in converter arguments '1, @'/);
});

const Bind = suite('bindConverterArgs');

Bind('binds positional then keyword arguments', () => {
  assert.equal(
    { ...bindConverterArgs('int', ['fixed_digits', 'min', 'max'], [4], { max: 9 }) },
    { fixed_digits: 4, max: 9 },
  );
});

Bind('reports unknown, doubled and extra arguments', () => {
  assert.throws(
    () => bindConverterArgs('x', [], [], { a: 1 }),
    /x\(\) got an unexpected argument 'a' \(it takes none\)/,
  );
  assert.throws(() => bindConverterArgs('x', ['a'], [1], { a: 2 }), /multiple values for argument 'a'/);
  assert.throws(() => bindConverterArgs('x', ['a'], [1, 2], {}), /takes at most 1 argument/);
});

const Checks = suite('integerArg, numberArg, booleanArg');

Checks('absent arguments read as null, or false for booleans', () => {
  assert.is(integerArg('int', 'min', undefined, 0), null);
  assert.is(integerArg('int', 'min', null, 0), null);
  assert.is(numberArg('float', 'max', undefined), null);
  assert.is(booleanArg('int', 'signed', undefined), false);
});

Checks('values of the right kind pass through', () => {
  assert.is(integerArg('int', 'fixed_digits', 4, 1), 4);
  assert.is(numberArg('float', 'max', -2.5), -2.5);
  assert.is(booleanArg('int', 'signed', true), true);
});

Checks('wrong values are errors that name the converter and the argument', () => {
  assert.throws(
    () => integerArg('int', 'fixed_digits', 0, 1),
    /int\(\): fixed_digits must be an integer ≥ 1, got 0/,
  );
  assert.throws(() => integerArg('int', 'min', 1.5, 0), /must be an integer/);
  assert.throws(() => integerArg('int', 'min', '3', 0), /must be an integer/);
  assert.throws(() => numberArg('float', 'max', Number.NaN), /float\(\): max must be a number, got NaN/);
  assert.throws(() => numberArg('float', 'max', '1'), /must be a number/);
  assert.throws(() => booleanArg('int', 'signed', 1), /int\(\): signed must be True or False, got 1/);
});

Parse.run();
Bind.run();
Checks.run();
