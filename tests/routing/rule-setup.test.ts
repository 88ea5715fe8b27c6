/**
 * Tests for lib/routing/rule-setup.ts: a rule's methods and converters, checked, and shared between
 * rules where that is safe (the values are the same, and nothing can change them).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type ConverterFactory, defaultConverters } from '../../lib/routing/converters.ts';
import { parseRule, RuleError, type RuleToken } from '../../lib/routing/parse.ts';
import { makeConverter, normalizeMethods } from '../../lib/routing/rule-setup.ts';

type Variable = RuleToken & { kind: 'variable' };

/** The first variable token of a rule. */
function variable(rule: string): Variable {
  return parseRule(rule).find((token): token is Variable => token.kind === 'variable')!;
}

const isRuleError = (error: unknown) => error instanceof RuleError;

const Methods = suite('normalizeMethods');

Methods('upper-cases, adds HEAD to GET, defaults to GET and HEAD', () => {
  assert.equal([...normalizeMethods('/x', ['get', 'post'])].sort(), ['GET', 'HEAD', 'POST']);
  assert.equal([...normalizeMethods('/x', ['PUT'])], ['PUT']);
  assert.equal([...normalizeMethods('/x', undefined)].sort(), ['GET', 'HEAD']);
});

Methods('rules with the same single method share one set', () => {
  assert.is(normalizeMethods('/a', ['PATCH']), normalizeMethods('/b', ['PATCH']));
  assert.is.not(normalizeMethods('/a', ['PATCH']), normalizeMethods('/a', ['PATCH', 'PUT']));
});

Methods('refuses what is not a list of method names, even after sharing', () => {
  normalizeMethods('/x', ['GET']);
  assert.throws(() => normalizeMethods('/x', 'GET' as unknown as string[]), isRuleError);
  assert.throws(() => normalizeMethods('/x', []), /must not be empty/);
  assert.throws(() => normalizeMethods('/x', ['G T']), /is not an HTTP method/);
  assert.throws(
    () => normalizeMethods('/x', [{ toString: () => 'GET' }] as unknown as string[]),
    isRuleError,
  );
});

Methods.run();

const Converters = suite('makeConverter');

Converters('a built-in converter without arguments is made once, frozen', () => {
  const first = makeConverter('/a/<int:id>', variable('/a/<int:id>'), defaultConverters);
  const second = makeConverter('/b/<int:n>', variable('/b/<int:n>'), defaultConverters);
  assert.is(first, second);
  assert.ok(Object.isFrozen(first));
  assert.is(first.toValue('7'), 7);
});

Converters('arguments and custom factories make a converter per variable', () => {
  const bounded = (rule: string) => makeConverter(rule, variable(rule), defaultConverters);
  assert.is.not(bounded('/a/<int(max=5):id>'), bounded('/b/<int(max=5):id>'));
  assert.is(bounded('/a/<int(max=5):id>').toValue('3'), 3);
  const custom: ConverterFactory = () => ({ regex: '[a-z]+', weight: 100, toValue: String, toUrl: String });
  const factories = { ...defaultConverters, custom };
  const one = makeConverter('/a/<custom:x>', variable('/a/<custom:x>'), factories);
  assert.is.not(one, makeConverter('/b/<custom:x>', variable('/b/<custom:x>'), factories));
  assert.not.ok(Object.isFrozen(one));
});

Converters('a replaced default converter is not the shared built-in one', () => {
  const upper: ConverterFactory = () => ({ regex: '[A-Z]+', weight: 100, toValue: String, toUrl: String });
  const converter = makeConverter('/<x>', variable('/<x>'), { ...defaultConverters, default: upper });
  assert.is(converter.regex, '[A-Z]+');
});

Converters('errors name the variable and what is wrong', () => {
  assert.throws(
    () => makeConverter('/<nope:x>', variable('/<nope:x>'), defaultConverters),
    /unknown converter 'nope'/,
  );
  assert.throws(
    () => makeConverter('/<int(bad=1):x>', variable('/<int(bad=1):x>'), defaultConverters),
    /bad converter arguments in <int\(bad=1\):x>/,
  );
  const broken = (() => ({ regex: '(', weight: 1, toValue: String, toUrl: String })) as ConverterFactory;
  assert.throws(
    () => makeConverter('/<b:x>', variable('/<b:x>'), { b: broken }),
    /converter 'b' in <b:x> has an invalid regex/,
  );
});

Converters.run();
