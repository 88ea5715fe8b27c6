import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { TemplateEnvironment } from '../../lib/templates/environment.ts';
import { LIST_FILTERS, pyCompare } from '../../lib/templates/filters-lists.ts';

const Lists = suite('templates/filters-lists');
const f = LIST_FILTERS;
const kw = (values: Record<string, unknown>) => ({ ...values, __keywords: true as const });
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
// Filters get the nunjucks context as `this`; its env has the tests and filters by name.
const context = { env: new TemplateEnvironment().nunjucks };

Lists('sort ignores case by default and keeps ties in order, reversed too', () => {
  const words = ['banana', 'Apple', 'cherry', 'apple'];
  assert.equal(f.sort!(words), ['Apple', 'apple', 'banana', 'cherry']);
  assert.equal(f.sort!(words, kw({ reverse: true })), ['cherry', 'banana', 'Apple', 'apple']);
  assert.equal(f.sort!(words, kw({ case_sensitive: true })), ['Apple', 'apple', 'banana', 'cherry']);
  assert.equal(f.sort!([{ p: 2 }, { p: 1 }], kw({ attribute: 'p' })), [{ p: 1 }, { p: 2 }]);
  assert.ok(pyCompare([1, 2], [1, 3]) < 0);
});

Lists('dictsort by key or value gives tuples', () => {
  assert.equal(plain(f.dictsort!({ b: 1, A: 2 })), [
    ['A', 2],
    ['b', 1],
  ]);
  assert.equal(plain(f.dictsort!({ b: 1, a: 2 }, kw({ by: 'value', reverse: true }))), [
    ['a', 2],
    ['b', 1],
  ]);
  assert.throws(() => f.dictsort!({}, false, 'nope'), /key.*value/);
});

Lists('join escapes its items once one of them is Markup', () => {
  assert.is(f.join!(['<a>', 1], ', '), '<a>, 1');
  const joined = f.join!(['<a>', new Markup('<b>')], '|');
  assert.instance(joined, Markup);
  assert.is(String(joined), '&lt;a&gt;|<b>');
  assert.is(f.join!([{ n: 'x' }, { n: 'y' }], '-', 'n'), 'x-y');
});

Lists('first, last, length, list, reverse, unique, min, max, sum', () => {
  assert.is(f.first!([3, 4]), 3);
  assert.is(f.last!('xyz'), 'z');
  assert.is(f.length!({ a: 1, b: 2 }), 2);
  assert.equal(f.list!('ab'), ['a', 'b']);
  assert.is(f.reverse!('abc'), 'cba');
  assert.equal(f.unique!(['a', 'A', 'b']), ['a', 'b']);
  assert.is(f.max!(['b', 'A', 'c']), 'c');
  assert.equal(f.min!([{ v: 3 }, { v: 1 }], kw({ attribute: 'v' })), { v: 1 });
  assert.is(f.sum!([{ v: 3 }, { v: 1 }], 'v', 10), 14);
});

Lists('batch and slice as Jinja fills and splits', () => {
  assert.equal(f.batch!([1, 2, 3, 4, 5], 2, 0), [
    [1, 2],
    [3, 4],
    [5, 0],
  ]);
  assert.equal(f.slice!([1, 2, 3, 4, 5, 6, 7], 3), [
    [1, 2, 3],
    [4, 5],
    [6, 7],
  ]);
});

Lists('groupby pairs answer .grouper and .list', () => {
  const groups = f.groupby!(
    [
      { k: 'b', n: 1 },
      { k: 'a', n: 2 },
      { k: 'b', n: 3 },
    ],
    'k',
  ) as Array<{
    grouper: string;
    list: unknown[];
  }>;
  assert.equal(
    groups.map((g) => [g.grouper, g.list.length]),
    [
      ['a', 1],
      ['b', 2],
    ],
  );
});

Lists('select, reject, selectattr, rejectattr and map take Jinja arguments', () => {
  assert.equal(f.select!.call(context, [1, 2, 3], 'odd'), [1, 3]);
  assert.equal(f.reject!.call(context, [0, 1, '', 'x']), [0, '']);
  const people = [
    { name: 'a', age: 30 },
    { name: 'b', age: 10 },
  ];
  assert.equal(f.selectattr!.call(context, people, 'age', 'gt', 18), [people[0]]);
  assert.equal(f.rejectattr!.call(context, people, 'age', 'gt', 18), [people[1]]);
  assert.equal(f.map!.call(context, people, kw({ attribute: 'name' })), ['a', 'b']);
  assert.equal(f.map!.call(context, ['a'], 'upper'), ['A']);
  assert.equal(f.map!.call(context, [{}], kw({ attribute: 'x', default: '?' })), ['?']);
});

Lists.run();
