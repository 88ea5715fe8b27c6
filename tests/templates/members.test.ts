import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { MultiDict } from '../../lib/http/multidict.ts';
import { Session } from '../../lib/sessions/session.ts';
import { member } from '../../lib/templates/members.ts';

const Member = suite('templates/members');
const call = (obj: unknown, name: string, ...args: unknown[]) =>
  (member(obj, name) as (...a: unknown[]) => unknown)(...args);

Member('lists: negative indexes and Python methods', () => {
  assert.is(member([1, 2, 3], -1), 3);
  assert.is(member([1, 2, 3], 5), undefined);
  assert.is(call([1, 2, 1], 'count', 1), 2);
  const list: unknown[] = [];
  call(list, 'append', 'x');
  assert.equal(list, ['x']);
});

Member("strings: Python's methods", () => {
  assert.is(call('Hi', 'upper'), 'HI');
  assert.is(call('  x ', 'strip'), 'x');
  assert.is(call('--x--', 'lstrip', '-'), 'x--');
  assert.is(call('--x--', 'rstrip', '-'), '--x');
  assert.equal(call(' a  b ', 'split'), ['a', 'b']);
  assert.equal(call('a,b,c', 'split', ',', 1), ['a', 'b,c']);
  assert.is(call('aaa', 'replace', 'a', 'b', 2), 'bba');
  assert.is(call('Hello', 'startswith', ['x', 'He']), true);
  assert.is(member('abc', -1), 'c');
  assert.is(call(new Markup('<b>'), 'upper'), '<B>');
});

Member('dicts: keys first, then items(), get()', () => {
  const dict = { a: 1, items: 'own key' };
  assert.is(member(dict, 'a'), 1);
  assert.is(member(dict, 'items'), 'own key');
  assert.equal(
    (call({ a: 1 }, 'items') as unknown[][]).map((pair) => [...pair]),
    [['a', 1]],
  );
  assert.is(call({ a: 1 }, 'get', 'b', 'fallback'), 'fallback');
  assert.is(call({ a: 1 }, 'get', 'b'), null);
});

Member("Werkzeug's names and has()/get() objects: request.args, the session", () => {
  const args = new MultiDict([
    ['q', 'one'],
    ['q', 'two'],
  ]);
  assert.is(call(args, 'get', 'q'), 'one');
  assert.equal(call(args, 'getlist', 'q'), ['one', 'two']);
  assert.is(member(args, 'q'), 'one');
  const session = new Session<Record<string, unknown>>({ username: 'ada' });
  assert.is(member(session, 'username'), 'ada');
  assert.is(member(session, 'missing'), undefined);
  assert.is(
    member({ fullPath: '/x?y' } as object, 'full_path'),
    undefined,
    'plain objects are dicts: no aliasing',
  );
  class Req {
    get fullPath() {
      return '/x?y';
    }
  }
  assert.is(member(new Req(), 'full_path'), '/x?y');
});

Member('never reaches constructors or prototypes', () => {
  for (const key of ['constructor', '__proto__', 'prototype']) {
    assert.is(member({}, key), undefined);
    assert.is(member('s', key), undefined);
    assert.is(
      member(() => 1, key),
      undefined,
    );
  }
  assert.is(member(null, 'x'), undefined);
  assert.is(member(5, 'toFixed'), undefined);
});

Member.run();
