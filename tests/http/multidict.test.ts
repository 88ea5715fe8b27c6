import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from '../../lib/http/errors.ts';
import { BadRequestKeyError, MultiDict } from '../../lib/http/multidict.ts';

const MultiDictSuite = suite('MultiDict');

MultiDictSuite('get returns the first value, getAll every value in order', () => {
  const dict = new MultiDict([
    ['tag', 'a'],
    ['page', '2'],
    ['tag', 'b'],
  ]);
  assert.is(dict.get('tag'), 'a');
  assert.equal(dict.getAll('tag'), ['a', 'b']);
  assert.is(dict.get('page'), '2');
});

MultiDictSuite('get of a missing key is undefined, or the fallback', () => {
  const dict = new MultiDict([['a', '1']]);
  assert.is(dict.get('missing'), undefined);
  assert.is(dict.get('missing', 'x'), 'x');
  assert.is(dict.get('a', 'x'), '1');
  assert.equal(dict.getAll('missing'), []);
});

MultiDictSuite('an empty string value is present, not missing', () => {
  const dict = new MultiDict([['flag', '']]);
  assert.ok(dict.has('flag'));
  assert.is(dict.get('flag', 'fallback'), '');
});

MultiDictSuite('getAll returns a copy that cannot change the dict', () => {
  const dict = new MultiDict([['a', '1']]);
  dict.getAll('a').push('2');
  assert.equal(dict.getAll('a'), ['1']);
});

MultiDictSuite('size counts distinct keys; keys and values give one per key', () => {
  const dict = new MultiDict([
    ['a', '1'],
    ['b', '2'],
    ['a', '3'],
  ]);
  assert.is(dict.size, 2);
  assert.equal([...dict.keys()], ['a', 'b']);
  assert.equal([...dict.values()], ['1', '2']);
});

MultiDictSuite('entries and iteration give one pair per value, grouped by key', () => {
  const dict = new MultiDict([
    ['a', '1'],
    ['b', '2'],
    ['a', '3'],
  ]);
  const expected = [
    ['a', '1'],
    ['a', '3'],
    ['b', '2'],
  ];
  assert.equal([...dict.entries()], expected);
  assert.equal([...dict], expected);
});

MultiDictSuite('keys keep arrival order, integer-like ones included', () => {
  const dict = new MultiDict([
    ['b', '1'],
    ['10', '2'],
    ['2', '3'],
  ]);
  assert.equal([...dict.keys()], ['b', '10', '2']);
});

MultiDictSuite('__proto__, constructor and prototype are ordinary keys', () => {
  const dict = new MultiDict([
    ['__proto__', 'x'],
    ['constructor', 'y'],
    ['prototype', 'z'],
  ]);
  assert.is(dict.get('__proto__'), 'x');
  assert.is(dict.get('constructor'), 'y');
  assert.is(dict.get('prototype'), 'z');
  assert.is(dict.size, 3);
  assert.is(({} as Record<string, unknown>)['x'], undefined);
  assert.is(Object.hasOwn(Object.prototype, 'x'), false);
});

MultiDictSuite('inherited names are not keys', () => {
  const dict = new MultiDict();
  assert.is(dict.get('constructor'), undefined);
  assert.is(dict.get('toString'), undefined);
  assert.is(dict.has('hasOwnProperty'), false);
  assert.equal(dict.getAll('__proto__'), []);
});

MultiDictSuite('toObject gives first values on a null prototype, __proto__ as an own key', () => {
  const dict = new MultiDict([
    ['a', '1'],
    ['a', '2'],
    ['__proto__', 'p'],
  ]);
  const object = dict.toObject();
  assert.is(Object.getPrototypeOf(object), null);
  assert.is(object['a'], '1');
  assert.ok(Object.hasOwn(object, '__proto__'));
  assert.is(Object.getOwnPropertyDescriptor(object, '__proto__')?.value, 'p');
  const spread = { ...object };
  assert.ok(Object.hasOwn(spread, '__proto__'));
  assert.is(Object.getPrototypeOf(spread), Object.prototype);
});

MultiDictSuite('JSON.stringify gives first values, like jsonify(request.args)', () => {
  const dict = new MultiDict([
    ['a', '1'],
    ['a', '2'],
    ['b', '3'],
  ]);
  assert.is(JSON.stringify(dict), '{"a":"1","b":"3"}');
});

MultiDictSuite('holds values of any type', () => {
  const dict = new MultiDict<number>([['n', 1]]);
  dict.append('n', 2);
  assert.equal(dict.getAll('n'), [1, 2]);
});

const requireSuite = suite('MultiDict.require');

requireSuite('returns the first value of a present key', () => {
  const dict = new MultiDict([
    ['email', 'a@example.com'],
    ['email', 'b@example.com'],
  ]);
  assert.is(dict.require('email'), 'a@example.com');
  assert.is(new MultiDict([['empty', '']]).require('empty'), '');
});

requireSuite('a missing key is a 400 that names the key for logs only', () => {
  const dict = new MultiDict();
  try {
    dict.require('email');
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, BadRequestKeyError);
    assert.instance(error, HttpError);
    const httpError = error as BadRequestKeyError;
    assert.is(httpError.status, 400);
    assert.is(httpError.key, 'email');
    assert.is(
      httpError.description,
      'The browser (or proxy) sent a request that this server could not understand.',
    );
    assert.is(
      httpError.message,
      "The browser (or proxy) sent a request that this server could not understand. KeyError: 'email'",
    );
    assert.not.match(httpError.toHtml(), 'email');
  }
});

requireSuite('a hostile key cannot add lines to the message', () => {
  try {
    new MultiDict().require('a\nERROR forged');
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.not.match((error as Error).message, '\n');
    assert.match((error as Error).message, "KeyError: 'a\\nERROR forged'");
  }
});

MultiDictSuite.run();
requireSuite.run();
