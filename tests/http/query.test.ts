import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from '../../lib/http/errors.ts';
import { MultiDict } from '../../lib/http/multidict.ts';
import { encodeQuery, encodeQueryComponent, parseQuery, parseUrlencodedForm } from '../../lib/http/query.ts';

const pairs = (dict: MultiDict): Array<[string, string]> => [...dict];

const parse = suite('parseQuery');

parse('splits on & and the first =, keeping repeated keys', () => {
  const args = parseQuery('a=1&a=2&b=x=y');
  assert.equal(args.getAll('a'), ['1', '2']);
  assert.is(args.get('b'), 'x=y');
});

parse('a key without = has the value ""; empty pairs are skipped', () => {
  // Python: parse_qsl('a=1&a=2&b', keep_blank_values=True) and '=x&&c=%zz&d=%4&e=%'
  assert.equal(pairs(parseQuery('a=1&a=2&b')), [
    ['a', '1'],
    ['a', '2'],
    ['b', ''],
  ]);
  assert.equal(pairs(parseQuery('=x&&c=%zz&d=%4&e=%')), [
    ['', 'x'],
    ['c', '%zz'],
    ['d', '%4'],
    ['e', '%'],
  ]);
  assert.equal(pairs(parseQuery('&&&')), []);
  assert.equal(pairs(parseQuery('')), []);
  assert.equal(pairs(parseQuery('a=')), [['a', '']]);
});

parse('semicolons are not separators (Python 3.10+)', () => {
  assert.equal(pairs(parseQuery(';a=1;b=2')), [[';a', '1;b=2']]);
});

parse('plus is a space in keys and values; escapes decode after', () => {
  assert.equal(pairs(parseQuery('a+b=c+d%2B')), [['a b', 'c d+']]);
});

parse('percent-escapes decode as UTF-8; invalid bytes stay encoded', () => {
  assert.equal(pairs(parseQuery('%E2%82%AC=%ff%fe&x=%C3%A4%DF')), [
    ['€', '%FF%FE'],
    ['x', 'ä%DF'],
  ]);
});

parse('never throws on hostile input', () => {
  for (const query of ['%', '%%%', '=&=', '%E2%82', '\u0000=\uFFFF', '\uD800=\uDC00', '?a=1', '#x']) {
    assert.instance(parseQuery(query), MultiDict);
  }
});

parse('prototype keys are plain keys', () => {
  const args = parseQuery('__proto__=x&constructor=y&prototype=z&__proto__[admin]=1');
  assert.is(args.get('__proto__'), 'x');
  assert.is(args.get('constructor'), 'y');
  assert.is(args.get('__proto__[admin]'), '1');
  assert.is(({} as Record<string, unknown>)['admin'], undefined);
  assert.is(Object.getOwnPropertyDescriptor(args.toObject(), '__proto__')?.value, 'x');
});

parse('10,000 parameters are all kept, in order', () => {
  const query = Array.from({ length: 10_000 }, (_, i) => `k${i}=v${i}`).join('&');
  const args = parseQuery(query);
  assert.is(args.size, 10_000);
  assert.is(args.get('k0'), 'v0');
  assert.is(args.get('k9999'), 'v9999');
  const same = parseQuery(Array.from({ length: 10_000 }, (_, i) => `k=${i}`).join('&'));
  assert.is(same.getAll('k').length, 10_000);
  assert.is(same.getAll('k')[9999], '9999');
});

parse('pairs without = do not make parsing quadratic', () => {
  // A quadratic scan would touch ~10^10 characters here; linear parsing touches ~10^6.
  const query = 'a&'.repeat(200_000) + 'last=1';
  const args = parseQuery(query);
  assert.is(args.getAll('a').length, 200_000);
  assert.is(args.get('last'), '1');
});

parse('maxParts: exactly the limit is accepted, one more is a 413', () => {
  assert.is(parseQuery('a=1&b=2&c=3', { maxParts: 3 }).size, 3);
  assert.is(parseQuery('a=1&&&b=2', { maxParts: 2 }).size, 2);
  try {
    parseQuery('a=1&b=2&c=3&d=4', { maxParts: 3 });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, HttpError);
    assert.is((error as HttpError).status, 413);
  }
  assert.is(parseQuery('a=1&b=2', { maxParts: null }).size, 2);
});

const encode = suite('encodeQuery');

encode('writes objects, repeating array keys and skipping null/undefined', () => {
  assert.is(
    encodeQuery({ q: 'café noir', tag: ['a', 'b'], page: 2, draft: null, gone: undefined, on: true }),
    'q=caf%C3%A9+noir&tag=a&tag=b&page=2&on=true',
  );
});

encode('writes pairs and MultiDicts in order', () => {
  assert.is(
    encodeQuery([
      ['b', '1'],
      ['a', '2'],
      ['b', '3'],
    ]),
    'b=1&a=2&b=3',
  );
  assert.is(encodeQuery(parseQuery('x=1&y=2&x=3')), 'x=1&x=3&y=2');
  assert.is(encodeQuery({}), '');
});

encode('round-trips through parseQuery', () => {
  const values = { 'a b': 'c&d=e+f', '€': '%20', empty: '', quote: "it's (x)*!~" };
  const args = parseQuery(encodeQuery(values));
  for (const [key, value] of Object.entries(values)) assert.is(args.get(key), value);
});

const component = suite('encodeQueryComponent');

component('encodes like Python quote_plus', () => {
  assert.is(encodeQueryComponent("a b&c/d'"), 'a+b%26c%2Fd%27');
  assert.is(encodeQueryComponent("!'()*"), '%21%27%28%29%2A');
  assert.is(encodeQueryComponent('-_.~'), '-_.~');
  assert.is(encodeQueryComponent('+'), '%2B');
});

component('a lone surrogate becomes U+FFFD instead of throwing', () => {
  assert.is(encodeQueryComponent('a\uD800b'), 'a%EF%BF%BDb');
  assert.is(encodeQueryComponent('\uDC00'), '%EF%BF%BD');
  assert.is(encodeQueryComponent('😀'), '%F0%9F%98%80');
});

const form = suite('parseUrlencodedForm');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

form('parses a UTF-8 body; raw bytes that are not UTF-8 read as U+FFFD', () => {
  assert.is(parseUrlencodedForm(bytes('name=Zo%C3%AB&raw=ä')).get('name'), 'Zoë');
  assert.is(parseUrlencodedForm(bytes('raw=ä')).get('raw'), 'ä');
  assert.is(parseUrlencodedForm(new Uint8Array([0x61, 0x3d, 0xff])).get('a'), '\uFFFD');
});

form('a body over maxFormMemorySize is a 413, exactly the limit passes', () => {
  assert.is(parseUrlencodedForm(bytes('a=1234'), { maxFormMemorySize: 6 }).get('a'), '1234');
  try {
    parseUrlencodedForm(bytes('a=12345'), { maxFormMemorySize: 6 });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as HttpError).status, 413);
  }
});

form('more than maxFormParts pairs is a 413', () => {
  assert.is(parseUrlencodedForm(bytes('a&b'), { maxFormParts: 2 }).size, 2);
  try {
    parseUrlencodedForm(bytes('a&b&c'), { maxFormParts: 2 });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as HttpError).status, 413);
  }
});

parse.run();
form.run();
encode.run();
component.run();
