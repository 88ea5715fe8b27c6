import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import {
  contains,
  isPlainObject,
  iterable,
  PyTuple,
  pair,
  pyRepr,
  pyStr,
  truthy,
} from '../../lib/templates/python.ts';

const Truth = suite('templates/python truthy');

Truth('empty containers are false, as in Python', () => {
  for (const value of [[], {}, '', 0, null, undefined, false, new Map(), new Set(), new Markup('')]) {
    assert.is(truthy(value), false, pyRepr(value));
  }
  for (const value of [[0], { a: 0 }, ' ', 1, -1, true, new Map([[1, 1]]), new Markup('x'), new Date(0)]) {
    assert.is(truthy(value), true, String(value));
  }
});

Truth('sized objects use size: a session or MultiDict with nothing in it is false', () => {
  assert.is(truthy({ size: 0, get: () => 1 } as object), true, 'a plain object with a size key is a dict');
  class Sized {
    readonly size: number;
    constructor(size: number) {
      this.size = size;
    }
  }
  assert.is(truthy(new Sized(0)), false);
  assert.is(truthy(new Sized(2)), true);
});

const Str = suite('templates/python pyStr and pyRepr');

Str('prints None, True, False, inf and nan as Python', () => {
  assert.is(pyStr(null), 'None');
  assert.is(pyStr(undefined), '');
  assert.is(`${pyStr(true)} ${pyStr(false)}`, 'True False');
  assert.is(`${pyStr(Infinity)} ${pyStr(-Infinity)} ${pyStr(Number.NaN)}`, 'inf -inf nan');
  assert.is(pyStr(42), '42');
});

Str('lists, dicts and tuples print as their repr, with Python quoting', () => {
  assert.is(pyStr(['a', 1, null, true]), "['a', 1, None, True]");
  assert.is(pyStr({ k: "it's", q: 'say "hi"' }), `{'k': "it's", 'q': 'say "hi"'}`);
  assert.is(pyRepr(pair<unknown>('x', 1)), "('x', 1)");
  assert.is(pyRepr(pair<unknown>('x')), "('x',)");
  assert.is(pyRepr('a\\b\n\x01'), "'a\\\\b\\n\\x01'");
  assert.is(pyRepr(new Set()), 'set()');
  assert.is(pyRepr(new Markup('<b>')), "Markup('<b>')");
});

Str('a PyTuple maps to a list', () => {
  const tuple = pair<unknown>(1, 2);
  assert.instance(tuple, PyTuple);
  assert.not.instance(
    tuple.map((x) => x),
    PyTuple,
  );
});

const In = suite('templates/python contains and iterable');

In('in: items of lists, keys of dicts and has(), substrings', () => {
  assert.ok(contains('b', ['a', 'b']));
  assert.ok(contains('k', { k: 0 }));
  assert.not.ok(contains('toString', {}));
  assert.ok(contains('ell', 'hello'));
  assert.ok(contains('x', new Map([['x', 1]])));
  assert.throws(() => contains('x', 3), /not iterable/);
});

In('for over a dict gives its keys; over nothing, nothing', () => {
  assert.equal(iterable({ a: 1, b: 2 }), ['a', 'b']);
  assert.equal(iterable(new Map([['m', 1]])), ['m']);
  assert.equal(iterable(new Set([3])), [3]);
  assert.equal(iterable(null), []);
  assert.is(iterable('ab'), 'ab');
  assert.ok(isPlainObject(Object.create(null)));
  assert.not.ok(isPlainObject(new Date()));
});

Truth.run();
Str.run();
In.run();
