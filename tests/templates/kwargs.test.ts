import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bindArguments, isKeywords, splitKeywords, withKeywords } from '../../lib/templates/kwargs.ts';

const Kwargs = suite('templates/kwargs');
const kw = (values: Record<string, unknown>) => ({ ...values, __keywords: true as const });

Kwargs('recognises and splits nunjucks keyword arguments', () => {
  assert.ok(isKeywords(kw({})));
  assert.not.ok(isKeywords({ a: 1 }));
  assert.equal(splitKeywords(['x', kw({ page: 2 })]), { args: ['x'], kwargs: { page: 2 } });
  assert.equal(splitKeywords(['x']), { args: ['x'], kwargs: {} });
});

Kwargs('binds positional and keyword arguments to names', () => {
  assert.equal(bindArguments('f', ['a', 'b', 'c'], [1, kw({ c: 3 })]), [1, undefined, 3]);
  assert.throws(
    () => bindArguments('f', ['a'], [kw({ z: 1 })]),
    /f\(\) got an unexpected keyword argument 'z'/,
  );
  assert.throws(() => bindArguments('f', ['a'], [1, kw({ a: 2 })]), /multiple values for argument 'a'/);
  assert.throws(() => bindArguments('f', ['a'], [1, 2]), /at most 1/);
});

Kwargs('withKeywords lets JavaScript defaults apply', () => {
  const greet = withKeywords(
    'greet',
    ['name', 'greeting'],
    (name: string, greeting = 'Hello') => `${greeting} ${name}`,
  );
  assert.is(greet('Ada'), 'Hello Ada');
  assert.is(greet('Ada', kw({ greeting: 'Hi' })), 'Hi Ada');
});

Kwargs.run();
