import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTemplate } from '../../lib/templates/parser.ts';

const Parse = suite('templates/parser');

const find = (node: any, type: string): any => {
  if (node?.typename === type) return node;
  for (const field of [...(node?.fields ?? []), 'children']) {
    const value = node?.[field];
    for (const child of Array.isArray(value) ? value : [value]) {
      const found = child && typeof child === 'object' ? find(child, type) : undefined;
      if (found) return found;
    }
  }
  return undefined;
};

Parse('with: names, values, body', () => {
  const node = find(parseTemplate('{% with a = 1, b = x %}{{ a }}{% endwith %}'), 'PhialWith');
  assert.equal(
    node.targets.map((t: any) => t.value),
    ['a', 'b'],
  );
  assert.is(node.values.length, 2);
  assert.ok(find(parseTemplate('{% with %}x{% endwith %}'), 'PhialWith'), 'with no names');
  assert.throws(() => parseTemplate('{% with a %}{% endwith %}'), /expected =/);
  assert.throws(() => parseTemplate('{% with a = 1 %}'), /endwith|expected/);
});

Parse('for ... if: the condition is the loop filter, not an inline if', () => {
  const node = find(parseTemplate('{% for x in xs if x %}{{ x }}{% endfor %}'), 'PhialFor');
  assert.is(node.arr.typename, 'Symbol');
  assert.is(node.cond.typename, 'Symbol');
  assert.is(find(parseTemplate('{% for x in xs %}{% endfor %}'), 'PhialFor').cond, null);
});

Parse('calls take *args, **kwargs and a trailing comma', () => {
  const call = find(parseTemplate('{{ f(a, *b, c=1, **d,) }}'), 'FunCall');
  const types = call.args.children.map((c: any) => c.typename);
  assert.equal(types, ['Symbol', 'PhialArgsSpread', 'KeywordArgs']);
  const kwargs = call.args.children[2].children.map((c: any) => c.typename);
  assert.equal(kwargs, ['Pair', 'PhialKwargsSpread']);
});

Parse('include accepts ignore missing and with/without context', () => {
  const node = find(parseTemplate('{% include "a.html" ignore missing without context %}'), 'Include');
  assert.ok(node.ignoreMissing);
  assert.throws(() => parseTemplate('{% include "a.html" with %}'), /context/);
});

Parse.run();
