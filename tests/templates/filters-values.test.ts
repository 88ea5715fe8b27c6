import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { VALUE_FILTERS } from '../../lib/templates/filters-values.ts';

const Values = suite('templates/filters-values');
const f = VALUE_FILTERS;
const kw = (values: Record<string, unknown>) => ({ ...values, __keywords: true as const });

Values('default: only for undefined, unless boolean', () => {
  assert.is(f.default!(undefined, 'd'), 'd');
  assert.is(f.default!(null, 'd'), null);
  assert.is(f.default!('', 'd'), '');
  assert.is(f.default!('', 'd', true), 'd');
  assert.is(f.d!([], kw({ default_value: 'x', boolean: true })), 'x');
});

Values("int and float parse as Python's int() then float()", () => {
  assert.is(f.int!('42'), 42);
  assert.is(f.int!(' 1_000 '), 1000);
  assert.is(f.int!('12px'), 0);
  assert.is(f.int!('3.9'), 3);
  assert.is(f.int!(-3.7), -3);
  assert.is(f.int!('x', 7), 7);
  assert.is(f.int!('ff', 0, 16), 255);
  assert.is(f.int!(true), 1);
  assert.is(f.float!('2.5'), 2.5);
  assert.is(f.float!('1e3'), 1000);
  assert.is(f.float!('nope', 1.5), 1.5);
});

Values('round: half to even, ceil and floor', () => {
  assert.is(f.round!(2.5), 2);
  assert.is(f.round!(3.5), 4);
  assert.is(f.round!(2.567, 2), 2.57);
  assert.is(f.round!(1.21, 1, 'ceil'), 1.3);
  assert.is(f.round!(1.29, 1, 'floor'), 1.2);
});

Values('filesizeformat, xmlattr, abs, attr, pprint, tojson', () => {
  assert.is(f.filesizeformat!(1), '1 Byte');
  assert.is(f.filesizeformat!(999), '999 Bytes');
  assert.is(f.filesizeformat!(1_500_000), '1.5 MB');
  assert.is(f.filesizeformat!(2048, true), '2.0 KiB');
  const attrs = f.xmlattr!({ class: 'a', 'data-x': '<1>', skip: null });
  assert.instance(attrs, Markup);
  assert.is(String(attrs), ' class="a" data-x="&lt;1&gt;"');
  assert.is(f.abs!(-2), 2);
  assert.is(f.attr!({ a: 1 }, 'a'), 1);
  assert.is(f.pprint!({ a: [1] }), "{'a': [1]}");
  assert.is(String(f.tojson!({ b: 1, a: 2 })), '{"a": 2, "b": 1}');
});

Values.run();
