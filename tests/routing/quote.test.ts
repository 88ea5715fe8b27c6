/**
 * Tests for lib/routing/quote.ts. Expected strings were produced by Python 3's
 * `urllib.parse.quote` / `urlencode` with Werkzeug's safe sets.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { quoteFragment, quotePath, quoteQuery, urlEncode } from '../../lib/routing/quote.ts';

// [input, quote(safe=PATH), urlencode value (QUERY), quote(safe=FRAGMENT)] from Python.
const PYTHON: readonly (readonly [string, string, string, string])[] = [
  ['a b/c?d#e%f', 'a%20b/c%3Fd%23e%25f', 'a+b/c?d%23e%25f', 'a%20b/c?d#e%f'],
  ['café', 'caf%C3%A9', 'caf%C3%A9', 'caf%C3%A9'],
  ['~-._', '~-._', '~-._', '~-._'],
  ['<>"`{}|\\^', '%3C%3E%22%60%7B%7D%7C%5C%5E', '%3C%3E%22%60%7B%7D%7C%5C%5E', '%3C%3E%22%60%7B%7D%7C%5C%5E'],
  ['a+b&c=d', 'a+b&c=d', 'a%2Bb%26c%3Dd', 'a+b&c=d'],
  ['日本', '%E6%97%A5%E6%9C%AC', '%E6%97%A5%E6%9C%AC', '%E6%97%A5%E6%9C%AC'],
  ['😀', '%F0%9F%98%80', '%F0%9F%98%80', '%F0%9F%98%80'],
  ["!$&'()*+,/:;=@", "!$&'()*+,/:;=@", "!$%26'()*%2B,/:;%3D@", "!$&'()*+,/:;=@"],
  ['?#[]', '%3F%23%5B%5D', '?%23%5B%5D', '?#%5B%5D'],
];

const Quote = suite('quotePath / quoteQuery / quoteFragment');

Quote('match Python quote with Werkzeug safe sets', () => {
  for (const [input, path, query, fragment] of PYTHON) {
    assert.is(quotePath(input), path, `path ${input}`);
    assert.is(quoteQuery(input), query, `query ${input}`);
    assert.is(quoteFragment(input), fragment, `fragment ${input}`);
  }
});

Quote('return safe text unchanged', () => {
  assert.is(quotePath('abc-123/x.y'), 'abc-123/x.y');
  assert.is(quoteQuery(''), '');
});

Quote('query quoting turns spaces into +', () => {
  assert.is(quoteQuery('a b'), 'a+b');
  assert.is(quotePath('a b'), 'a%20b');
  assert.is(quoteFragment('a b'), 'a%20b');
});

Quote('lone surrogates become U+FFFD instead of throwing', () => {
  assert.is(quotePath('a\uD800b'), 'a%EF%BF%BDb');
  assert.is(quoteQuery('\uDC00'), '%EF%BF%BD');
});

Quote('control characters and backslash are escaped', () => {
  assert.is(quotePath('a\nb\t\\'), 'a%0Ab%09%5C');
});

const UrlEncode = suite('urlEncode');

UrlEncode('encodes pairs in order', () => {
  assert.is(
    urlEncode([
      ['q', 'a b'],
      ['n', 5],
    ]),
    'q=a+b&n=5',
  );
});

UrlEncode('arrays repeat the key', () => {
  assert.is(urlEncode([['tag', ['x', 'y z']]]), 'tag=x&tag=y+z');
});

UrlEncode('skips null and undefined, also inside arrays', () => {
  assert.is(
    urlEncode([
      ['a', null],
      ['b', undefined],
      ['c', [1, null, 2]],
    ]),
    'c=1&c=2',
  );
  assert.is(urlEncode([['a', []]]), '');
});

UrlEncode('quotes keys too and stringifies values', () => {
  assert.is(urlEncode([['a&b', true]]), 'a%26b=true');
  assert.is(urlEncode([['x', '']]), 'x=');
});

Quote.run();
UrlEncode.run();
