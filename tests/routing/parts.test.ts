/**
 * Tests for lib/routing/parts.ts: how rules are cut into matcher parts and weighed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConverterArgs } from '../../lib/routing/args.ts';
import { type Converter, defaultConverters } from '../../lib/routing/converters.ts';
import { parseRule } from '../../lib/routing/parse.ts';
import { compareWeighting, compileParts, type RulePart } from '../../lib/routing/parts.ts';

function partsOf(rule: string, custom: Record<string, Converter> = {}): RulePart[] {
  const tokens = parseRule(rule);
  const converters = new Map<string, Converter>();
  for (const token of tokens) {
    if (token.kind === 'variable') {
      const { args, kwargs } = parseConverterArgs(token.args ?? '');
      converters.set(token.name, custom[token.name] ?? defaultConverters[token.converter]!(args, kwargs));
    }
  }
  return compileParts(rule, tokens, converters);
}

const Compile = suite('compileParts');

Compile('one static part per segment; a branch rule ends with an empty part', () => {
  assert.equal(
    partsOf('/a/b/').map((part) => [part.static, part.content]),
    [
      [true, 'a'],
      [true, 'b'],
      [true, ''],
    ],
  );
  assert.equal(
    partsOf('/').map((part) => part.content),
    [''],
  );
});

Compile('a variable makes its segment a regex with a capture per converter', () => {
  const [first, second] = partsOf('/u/v<int:a>-<b>.html');
  assert.ok(first!.static);
  assert.not.ok(second!.static);
  assert.is(second!.content, '^v(\\d+)\\-([^/]{1,})\\.html$'.replace('\\-', '-'));
  assert.equal(second!.groups, [1, 2]);
  const match = second!.regex!.exec('v12-x.html');
  assert.is(match?.[1], '12');
  assert.is(match?.[2], 'x');
});

Compile('group indexes skip groups inside converter regexes', () => {
  const grouped: Converter = { regex: '(a)(b)?', weight: 100, toValue: String, toUrl: String };
  const [part] = partsOf('/<x>-<int:y>', { x: grouped });
  assert.equal(part!.groups, [1, 4]);
  const match = part!.regex!.exec('ab-5');
  assert.is(match?.[1], 'ab');
  assert.is(match?.[4], '5');
});

Compile('a path variable makes the rest of the rule one final part', () => {
  const parts = partsOf('/files/<path:p>/edit');
  assert.is(parts.length, 2);
  assert.ok(parts[1]!.final);
  assert.is(parts[1]!.content, '^([^/].*?)\\/edit$');
});

Compile('a final part ending in a slash is suffixed and followed by an empty static part', () => {
  const parts = partsOf('/x/<path:p>/');
  assert.is(parts.length, 3);
  assert.ok(parts[1]!.suffixed);
  assert.is(parts[1]!.content, '^([^/].*?)(?<!/)(/?)$');
  assert.equal([parts[2]!.static, parts[2]!.content], [true, '']);
  assert.is(parts[1]!.regex!.exec('a/b/')?.[2], '/');
  assert.is(parts[1]!.regex!.exec('a/b')?.[2], '');
});

Compile('weights follow Werkzeug: static pieces, static lengths, argument count, converter weights', () => {
  const [, lone] = partsOf('/u/<a>');
  const [, withStatic] = partsOf('/u/<a>.json');
  const [, number] = partsOf('/u/<int:a>');
  assert.equal(lone!.weight, [0, [], -1, [100]]);
  assert.equal(withStatic!.weight, [-1, [[0, -5]], -1, [100]]);
  assert.equal(number!.weight, [0, [], -1, [50]]);
});

Compile('shortcuts: lone default string is any, lone other converter is whole, else exec', () => {
  assert.is(partsOf('/<a>')[0]!.shortcut, 'any');
  assert.is(partsOf('/<int:a>')[0]!.shortcut, 'whole');
  assert.is(partsOf('/<path:a>')[0]!.shortcut, 'whole');
  assert.is(partsOf('/<string(length=2):a>')[0]!.shortcut, 'whole');
  assert.is(partsOf('/<a>.x')[0]!.shortcut, 'exec');
  assert.is(partsOf('/<path:a>/')[0]!.shortcut, 'exec');
});

Compile('a converter regex with a / outside a negated class spans segments', () => {
  const slashy: Converter = { regex: '[a-z]+/[a-z]+', weight: 100, toValue: String, toUrl: String };
  assert.ok(partsOf('/<a>', { a: slashy })[0]!.final);
  const classy: Converter = { regex: '[^/.]+\\.json', weight: 100, toValue: String, toUrl: String };
  assert.not.ok(partsOf('/<a>', { a: classy })[0]!.final);
  const explicit: Converter = { ...slashy, partIsolating: true };
  assert.not.ok(partsOf('/<a>', { a: explicit })[0]!.final);
});

Compile('equal parts have equal keys; different converters or weights do not', () => {
  assert.is(partsOf('/<int:a>')[0]!.key, partsOf('/<int(max=5):b>')[0]!.key);
  assert.is.not(partsOf('/<int:a>')[0]!.key, partsOf('/<a>')[0]!.key);
  const heavy: Converter = { regex: '\\d+', weight: 70, toValue: Number, toUrl: String };
  assert.is.not(partsOf('/<int:a>')[0]!.key, partsOf('/<a>', { a: heavy })[0]!.key);
});

Compile('parts are shared: the same text, or the same converter alone, gives the same part', () => {
  const int = defaultConverters.int!([], {});
  const tokens = (rule: string) => parseRule(rule);
  const one = compileParts('/a/<id>', tokens('/a/<id>'), new Map([['id', int]]));
  const two = compileParts('/a/x/<n>', tokens('/a/x/<n>'), new Map([['n', int]]));
  assert.is(one[0], two[0]);
  assert.is(one[1], two[2]);
  assert.is.not(one[1], partsOf('/a/<int:id>')[1]);
  assert.equal(one[1]!.key, partsOf('/a/<int:id>')[1]!.key);
});

Compile('an invalid combined regex is reported with the rule', () => {
  const named: Converter = { regex: '(?<n>a)', weight: 100, toValue: String, toUrl: String };
  assert.throws(
    () => partsOf('/<a>-<b>', { a: named, b: named }),
    /the converters of '\/<a>-<b>' combine into an invalid regex/,
  );
});

const Weighting = suite('compareWeighting');

Weighting('orders like Python tuples', () => {
  const sorted = [
    [0, [], -1, [200]],
    [0, [], -1, [50]],
    [-1, [[0, -3]], -1, [100]],
    [-1, [[0, -5]], -1, [100]],
    [0, [], -2, [100, 100]],
  ] as const;
  const order = [...sorted].sort(compareWeighting).map((weight) => JSON.stringify(weight));
  assert.equal(order, [
    '[-1,[[0,-5]],-1,[100]]',
    '[-1,[[0,-3]],-1,[100]]',
    '[0,[],-2,[100,100]]',
    '[0,[],-1,[50]]',
    '[0,[],-1,[200]]',
  ]);
});

Compile.run();
Weighting.run();
