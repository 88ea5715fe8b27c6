/**
 * Tests for lib/routing/parse.ts: rule syntax and the messages for rules that cannot be read.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRule, RuleError, respelledVariable } from '../../lib/routing/parse.ts';

function throwsRuleError(rule: string, message: RegExp): void {
  try {
    parseRule(rule);
  } catch (error) {
    assert.instance(error, RuleError);
    assert.is((error as RuleError).rule, rule);
    assert.match((error as Error).message, message);
    return;
  }
  assert.unreachable(`${rule} should not parse`);
}

const Parse = suite('parseRule');

Parse('static text and slashes', () => {
  assert.equal(parseRule('/a/bc/'), [
    { kind: 'slash' },
    { kind: 'static', text: 'a' },
    { kind: 'slash' },
    { kind: 'static', text: 'bc' },
    { kind: 'slash' },
  ]);
});

Parse('a plain variable uses the default converter', () => {
  assert.equal(parseRule('/<name>')[1], {
    kind: 'variable',
    name: 'name',
    converter: 'default',
    args: null,
    source: '<name>',
  });
});

Parse('converter, converter with arguments, empty arguments', () => {
  assert.equal(parseRule('/<int:id>')[1], {
    kind: 'variable',
    name: 'id',
    converter: 'int',
    args: null,
    source: '<int:id>',
  });
  assert.equal(parseRule('/<int(max=5, min=1):id>')[1], {
    kind: 'variable',
    name: 'id',
    converter: 'int',
    args: 'max=5, min=1',
    source: '<int(max=5, min=1):id>',
  });
  assert.equal(parseRule('/<string():s>')[1], {
    kind: 'variable',
    name: 's',
    converter: 'string',
    args: '',
    source: '<string():s>',
  });
});

Parse('arguments may contain ) > : and / inside quotes', () => {
  const token = parseRule('/<any("a)b", \'c>d:/e\'):x>')[1];
  assert.equal(token, {
    kind: 'variable',
    name: 'x',
    converter: 'any',
    args: `"a)b", 'c>d:/e'`,
    source: `<any("a)b", 'c>d:/e'):x>`,
  });
});

Parse('variables mixed with static text in one segment', () => {
  assert.equal(
    parseRule('/v<int:n>.<fmt>').map((token) => token.kind),
    ['slash', 'static', 'variable', 'static', 'variable'],
  );
});

Parse('static text keeps any character but / < >', () => {
  assert.equal(parseRule('/a b%20?#é')[1], { kind: 'static', text: 'a b%20?#é' });
});

Parse('must start with a slash', () => {
  throwsRuleError(
    'user/<id>',
    /^Invalid URL rule 'user\/<id>': it must start with a slash \(did you mean '\/user\/<id>'\?\)$/,
  );
  throwsRuleError('', /must start with a slash/);
});

Parse('unbalanced < and stray >', () => {
  throwsRuleError('/a/<id', /'<' at position 3 is never closed with '>'/);
  throwsRuleError('/a/<id/b>', /'<' at position 3 is never closed with '>'/);
  throwsRuleError('/<a<b>', /'<' at position 1 is never closed/);
  throwsRuleError('/a/id>', /'>' at position 5 has no opening '<'/);
  throwsRuleError('/<int(max=5:id>', /'\(' at position 5 is never closed with '\)'/);
});

Parse('malformed variables', () => {
  throwsRuleError('/<int(max=5)>', /expected ':' and a variable name after the converter arguments/);
  throwsRuleError('/<a:b:c>', /unexpected ':' at position 5 inside a variable/);
  throwsRuleError('/<int)x>', /unexpected '\)'/);
});

Parse('names that are not identifiers', () => {
  throwsRuleError('/<1x>', /variable name '1x' in <1x> is not an identifier/);
  throwsRuleError('/<a-b>', /variable name 'a-b' in <a-b> is not an identifier/);
  throwsRuleError('/<1 x>', /variable name '1 x' in <1 x> is not an identifier/);
  throwsRuleError('/<int:>', /<int:> has no variable name/);
  throwsRuleError('/<>', /<> has no variable name/);
  throwsRuleError('/<:id>', /<:id> has no converter name/);
  throwsRuleError('/<in-t:id>', /converter name 'in-t' in <in-t:id> is not an identifier/);
});

Parse('a variable written with spaces suggests the well-formed one', () => {
  throwsRuleError(
    '/<int id>',
    /<int id> is not a variable: did you mean <int:id>\? \(<converter:name>, no spaces\)$/,
  );
  throwsRuleError('/u/<int  id>/x', /<int {2}id> is not a variable: did you mean <int:id>\?/);
  throwsRuleError('/<int: id>', /did you mean <int:id>\?/);
  throwsRuleError('/<int:id >', /did you mean <int:id>\?/);
  throwsRuleError('/< id >', /< id > is not a variable: did you mean <id>\?/);
  throwsRuleError('/<int(min=1) id>', /did you mean <int\(min=1\):id>\?/);
  throwsRuleError('/<int(min=1)>', /expected ':' and a variable name after the converter arguments/);
});

Parse('respelledVariable', () => {
  assert.is(respelledVariable('<int id>'), '<int:id>');
  assert.is(respelledVariable('<string(length=2) lang>'), '<string(length=2):lang>');
  assert.is(respelledVariable('<int:id>'), null, 'already well formed');
  assert.is(respelledVariable('<a b c>'), null, 'three words are not a converter and a name');
  assert.is(respelledVariable('<my-id>'), null);
  assert.is(respelledVariable('<1 x>'), null);
});

Parse('duplicate variable names', () => {
  throwsRuleError('/<a>/<int:a>', /variable name 'a' is used twice/);
});

Parse('names reserved for urlFor', () => {
  throwsRuleError('/<_anchor>', /variable name '_anchor' is reserved for urlFor options/);
  throwsRuleError('/<int:_method>', /reserved/);
});

Parse.run();
