/**
 * Tests for lib/routing/converters.ts: each default converter read both ways, with its arguments.
 * (Matching inside whole rules is tested in map.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type Converter,
  defaultConverters,
  plainDecimal,
  ValidationError,
} from '../../lib/routing/converters.ts';

function make(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Converter {
  return defaultConverters[name]!(args, kwargs);
}

/** Whether the converter's regex matches all of `text`, as a rule part would. */
function matches(converter: Converter, text: string): boolean {
  return new RegExp(`^(?:${converter.regex})$`, 'su').test(text);
}

function rejects(converter: Converter, raw: string): void {
  assert.throws(
    () => converter.toValue(raw),
    (error: unknown) => error instanceof ValidationError,
  );
}

const Defaults = suite('defaultConverters');

Defaults('has Werkzeug converters, default being string', () => {
  assert.equal(Object.keys(defaultConverters).sort(), [
    'any',
    'default',
    'float',
    'int',
    'path',
    'string',
    'uuid',
  ]);
  assert.is(defaultConverters.default, defaultConverters.string);
  assert.ok(Object.isFrozen(defaultConverters));
});

Defaults('weights: int/float 50 < string/uuid/any 100 < path 200', () => {
  assert.is(make('int').weight, 50);
  assert.is(make('float').weight, 50);
  assert.is(make('string').weight, 100);
  assert.is(make('uuid').weight, 100);
  assert.is(make('any', ['a']).weight, 100);
  assert.is(make('path').weight, 200);
});

const StringConverter = suite('string converter');

StringConverter('matches one non-empty segment', () => {
  const converter = make('string');
  assert.ok(matches(converter, 'hello world'));
  assert.ok(matches(converter, 'é'));
  assert.not.ok(matches(converter, ''));
  assert.not.ok(matches(converter, 'a/b'));
  assert.is(converter.toValue('x y'), 'x y');
});

StringConverter('minlength, maxlength and length count code points', () => {
  const bounded = make('string', [], { minlength: 2, maxlength: 3 });
  assert.not.ok(matches(bounded, 'a'));
  assert.ok(matches(bounded, 'ab'));
  assert.ok(matches(bounded, 'abc'));
  assert.not.ok(matches(bounded, 'abcd'));
  const exact = make('string', [], { length: 2 });
  assert.ok(matches(exact, '😀😀'));
  assert.not.ok(matches(exact, '😀'));
  assert.not.ok(matches(exact, 'abc'));
  assert.ok(matches(make('string', [3]), 'abcdef'), 'positional minlength');
  assert.not.ok(matches(make('string', [3]), 'ab'));
});

StringConverter('toUrl percent-encodes like Werkzeug, keeping / and sub-delimiters', () => {
  const converter = make('string');
  assert.is(converter.toUrl('a b?c#d'), 'a%20b%3Fc%23d');
  assert.is(converter.toUrl("a/b!$&'()*+,:;=@"), "a/b!$&'()*+,:;=@");
  assert.is(converter.toUrl(5), '5');
  assert.is(converter.toUrl('é'), '%C3%A9');
});

StringConverter('rejects bad arguments', () => {
  assert.throws(() => make('string', [], { minlength: 0 }), /minlength must be an integer ≥ 1, got 0/);
  assert.throws(() => make('string', [], { minlength: 3, maxlength: 2 }), /maxlength must be an integer ≥ 3/);
  assert.throws(() => make('string', [], { length: 'x' }), /length must be an integer/);
  assert.throws(
    () => make('string', [], { size: 2 }),
    /unexpected argument 'size' \(it takes minlength, maxlength, length\)/,
  );
  assert.throws(() => make('string', [1, 2, 3, 4]), /takes at most 3 argument\(s\) \(4 given\)/);
});

const IntConverter = suite('int converter');

IntConverter('matches digits and gives a number', () => {
  const converter = make('int');
  assert.ok(matches(converter, '42'));
  assert.not.ok(matches(converter, '-1'));
  assert.not.ok(matches(converter, '1.5'));
  assert.not.ok(matches(converter, '٣'), 'only ASCII digits');
  assert.is(converter.toValue('042'), 42);
  assert.is(converter.toUrl(42), '42');
});

IntConverter('signed accepts a minus sign; -0 reads as 0', () => {
  const converter = make('int', [], { signed: true });
  assert.ok(matches(converter, '-12'));
  assert.is(converter.toValue('-12'), -12);
  assert.ok(Object.is(converter.toValue('-0'), 0));
  assert.is(converter.toUrl(-12), '-12');
});

IntConverter('min and max reject with ValidationError', () => {
  const converter = make('int', [], { min: 1, max: 5 });
  assert.is(converter.toValue('1'), 1);
  assert.is(converter.toValue('5'), 5);
  rejects(converter, '0');
  rejects(converter, '6');
});

IntConverter('fixed_digits requires the exact length and pads when building', () => {
  const converter = make('int', [4]);
  assert.is(converter.toValue('0042'), 42);
  rejects(converter, '42');
  rejects(converter, '00042');
  assert.is(converter.toUrl(42), '0042');
  assert.is(converter.toUrl(123456), '123456');
  assert.is(make('int', [], { fixed_digits: 3, signed: true }).toUrl(-5), '-05');
});

IntConverter('numbers past 2^53 are rejected rather than rounded', () => {
  rejects(make('int'), '9007199254740993');
  assert.is(make('int').toValue('9007199254740991'), 9007199254740991);
});

IntConverter('toUrl accepts integers, bigints and digit strings; rejects the rest', () => {
  const converter = make('int');
  assert.is(converter.toUrl(12345678901234567890n), '12345678901234567890');
  assert.is(converter.toUrl(' 7 '), '7');
  assert.throws(
    () => converter.toUrl(1.5),
    (error: unknown) => error instanceof TypeError,
  );
  assert.throws(() => converter.toUrl('abc'), /int converter cannot build a URL from string abc/);
  assert.throws(
    () => converter.toUrl(Number.NaN),
    (error: unknown) => error instanceof TypeError,
  );
});

IntConverter('round trip', () => {
  const converter = make('int', [], { signed: true, fixed_digits: 3 });
  for (const value of [0, 7, 42, 999, -5]) assert.is(converter.toValue(converter.toUrl(value)), value);
});

IntConverter('rejects bad arguments', () => {
  assert.throws(() => make('int', [], { signed: 'yes' }), /signed must be True or False/);
  assert.throws(() => make('int', [], { min: 'a' }), /min must be a number/);
  assert.throws(() => make('int', [-1]), /fixed_digits must be an integer ≥ 0/);
  assert.throws(() => make('int', [4], { fixed_digits: 3 }), /multiple values for argument 'fixed_digits'/);
});

const FloatConverter = suite('float converter');

FloatConverter('needs a dot; gives a number', () => {
  const converter = make('float');
  assert.ok(matches(converter, '1.5'));
  assert.not.ok(matches(converter, '1'));
  assert.not.ok(matches(converter, '.5'));
  assert.not.ok(matches(converter, '-1.5'));
  assert.is(converter.toValue('01.50'), 1.5);
});

FloatConverter('signed, min and max', () => {
  const converter = make('float', [], { signed: true, min: -1, max: 1 });
  assert.ok(matches(converter, '-0.5'));
  assert.is(converter.toValue('-0.5'), -0.5);
  rejects(converter, '1.5');
  rejects(converter, '-1.5');
  assert.is(make('float', [0.5]).toValue('0.5'), 0.5, 'positional min');
  rejects(make('float', [0.5]), '0.25');
});

FloatConverter('toUrl always writes a fraction and never an exponent', () => {
  const converter = make('float');
  assert.is(converter.toUrl(1), '1.0');
  assert.is(converter.toUrl(1.5), '1.5');
  assert.is(converter.toUrl(-2.25), '-2.25');
  assert.is(converter.toUrl(1e21), '1000000000000000000000.0');
  assert.is(converter.toUrl(1.5e-7), '0.00000015');
  assert.is(converter.toUrl('2.5'), '2.5');
  assert.throws(() => converter.toUrl(Number.POSITIVE_INFINITY), /expected a finite number/);
  assert.throws(
    () => converter.toUrl('x'),
    (error: unknown) => error instanceof TypeError,
  );
});

FloatConverter('round trip', () => {
  const converter = make('float', [], { signed: true });
  for (const value of [0, 1, 0.1, 3.25, -2.5, 1e21, 1.5e-7, 123456.789]) {
    const text = converter.toUrl(value);
    assert.ok(matches(converter, text), text);
    assert.is(converter.toValue(text), value);
  }
});

FloatConverter('rejects fixed_digits (not a float argument)', () => {
  assert.throws(() => make('float', [], { fixed_digits: 2 }), /unexpected argument 'fixed_digits'/);
});

const PlainDecimal = suite('plainDecimal');

PlainDecimal('expands exponents', () => {
  assert.is(plainDecimal(1.2345e21), '1234500000000000000000.0');
  assert.is(plainDecimal(-1e-7), '-0.0000001');
  assert.is(plainDecimal(5), '5.0');
  assert.is(plainDecimal(0.5), '0.5');
});

const PathConverter = suite('path converter');

PathConverter('spans slashes, is not part-isolating', () => {
  const converter = make('path');
  assert.ok(matches(converter, 'a/b/c.txt'));
  assert.ok(matches(converter, 'a'));
  assert.not.ok(matches(converter, '/a'), 'cannot start with a slash');
  assert.not.ok(matches(converter, ''));
  assert.is(converter.partIsolating, false);
  assert.is(converter.toValue('a/b'), 'a/b');
  assert.is(converter.toUrl('a b/c?'), 'a%20b/c%3F');
  assert.throws(() => make('path', [1]), /path\(\) takes at most 0/);
});

const UuidConverter = suite('uuid converter');

UuidConverter('matches any case, gives lower case', () => {
  const converter = make('uuid');
  const upper = '550E8400-E29B-41D4-A716-446655440000';
  assert.ok(matches(converter, upper));
  assert.not.ok(matches(converter, '550e8400e29b41d4a716446655440000'));
  assert.is(converter.toValue(upper), upper.toLowerCase());
  assert.is(converter.toUrl(upper), upper.toLowerCase());
  assert.throws(() => converter.toUrl('not-a-uuid'), /not a UUID/);
});

const AnyConverter = suite('any converter');

AnyConverter('matches exactly one item, escaped', () => {
  const converter = make('any', ['about', 'help', 'a.b', 'foo,bar']);
  assert.ok(matches(converter, 'about'));
  assert.ok(matches(converter, 'a.b'));
  assert.ok(matches(converter, 'foo,bar'));
  assert.not.ok(matches(converter, 'axb'), 'the dot is literal');
  assert.not.ok(matches(converter, 'abouts'));
  assert.is(converter.toValue('help'), 'help');
});

AnyConverter('toUrl validates and quotes', () => {
  const converter = make('any', ['a b', 'c']);
  assert.is(converter.toUrl('a b'), 'a%20b');
  assert.throws(() => converter.toUrl('d'), /'d' is not one of 'a b', 'c'/);
});

AnyConverter('items are stringified; needs one; no keywords', () => {
  assert.ok(matches(make('any', [1, 2]), '2'));
  assert.throws(() => make('any'), /at least one item/);
  assert.throws(() => make('any', ['a'], { x: 1 }), /only positional items/);
});

const Validation = suite('ValidationError');

Validation('is an Error with a name', () => {
  const error = new ValidationError();
  assert.instance(error, Error);
  assert.is(error.name, 'ValidationError');
  assert.ok(error.message.length > 0);
});

Defaults.run();
StringConverter.run();
IntConverter.run();
FloatConverter.run();
PlainDecimal.run();
PathConverter.run();
UuidConverter.run();
AnyConverter.run();
Validation.run();
