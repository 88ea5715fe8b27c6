/** Tests for lib/routing/rule-builder.ts: a rule's builder steps, and running them on values. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Converter, defaultConverters, ValidationError } from '../../lib/routing/converters.ts';
import { parseRule } from '../../lib/routing/parse.ts';
import { buildPath, compileBuildOps } from '../../lib/routing/rule-builder.ts';

const int = defaultConverters['int']!([], {});
const string = defaultConverters['default']!([], {});

/** A converter whose toUrl refuses odd numbers with a ValidationError and 13 with another error. */
const even: Converter<number> = {
  regex: '\\d+',
  weight: 50,
  toValue: Number,
  toUrl(value) {
    if (value === 13) throw new RangeError('unlucky');
    if (Number(value) % 2 !== 0) throw new ValidationError();
    return String(value);
  },
};

const Compile = suite('compileBuildOps');

Compile('joins static text and slashes into one pre-quoted step', () => {
  const ops = compileBuildOps(parseRule('/a b/ü/<int:id>/x y'), new Map([['id', int]]), undefined);
  assert.equal(ops.length, 3);
  assert.is(ops[0], '/a%20b/%C3%BC/');
  assert.equal(typeof ops[1] === 'object' && ops[1].name, 'id');
  assert.is(ops[2], '/x%20y');
});

Compile('a variable with a default becomes its URL text', () => {
  const converters = new Map([
    ['lang', string],
    ['page', int],
  ]);
  const ops = compileBuildOps(parseRule('/<lang>/<int:page>'), converters, { page: 2 });
  assert.is(ops.length, 3);
  assert.is(ops[2], '/2');
});

const Build = suite('buildPath');

Build('converts each variable with its converter', () => {
  const ops = compileBuildOps(
    parseRule('/user/<int:id>/<name>'),
    new Map([
      ['id', int],
      ['name', string],
    ]),
    undefined,
  );
  // Werkzeug's to_url keeps '/' (and other sub-delims) unquoted, even for the default converter.
  assert.is(buildPath(ops, { id: 42, name: 'a/b c' }), '/user/42/a/b%20c');
});

Build("a converter's ValidationError is null; any other error propagates", () => {
  const ops = compileBuildOps(parseRule('/n/<even:n>'), new Map([['n', even as Converter]]), undefined);
  assert.is(buildPath(ops, { n: 4 }), '/n/4');
  assert.is(buildPath(ops, { n: 3 }), null);
  assert.throws(
    () => buildPath(ops, { n: 13 }),
    (error: unknown) => error instanceof RangeError,
  );
});

Compile.run();
Build.run();
