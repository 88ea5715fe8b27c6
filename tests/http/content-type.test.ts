import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContentType } from '../../lib/http/content-type.ts';

const parse = suite('parseContentType');

const plain = (value: object): object => ({ ...value });

parse('lower-cases the mimetype and parameter names, keeps values', () => {
  const { mimetype, params } = parseContentType('Text/HTML; Charset=UTF-8');
  assert.is(mimetype, 'text/html');
  assert.equal(plain(params), { charset: 'UTF-8' });
  assert.is(Object.getPrototypeOf(params), null);
});

parse('no header: empty mimetype and parameters', () => {
  assert.is(parseContentType(null).mimetype, '');
  assert.is(parseContentType(undefined).mimetype, '');
  assert.is(parseContentType('').mimetype, '');
  assert.equal(plain(parseContentType('').params), {});
});

parse('unquotes quoted-strings, with ; and escaped quotes inside', () => {
  const { params } = parseContentType('multipart/form-data; boundary="a;b\\"c"; x=1');
  assert.equal(plain(params), { boundary: 'a;b"c', x: '1' });
});

parse('tolerates spaces, empty and value-less parameters', () => {
  const { mimetype, params } = parseContentType('a/b ;; x ; y = 2 ;z=""; =w');
  assert.is(mimetype, 'a/b');
  assert.equal(plain(params), { y: '2', z: '' });
});

parse('an unterminated quote runs to the end', () => {
  assert.equal(plain(parseContentType('a/b; q="open; r=1').params), { q: 'open; r=1' });
});

parse('decodes RFC 8187 extended values', () => {
  assert.equal(plain(parseContentType("a/b; filename*=UTF-8''%C3%A4.txt").params), { filename: 'ä.txt' });
  assert.equal(plain(parseContentType("a/b; filename*=iso-8859-1'en'%E4.txt").params), { filename: 'ä.txt' });
  assert.equal(plain(parseContentType('a/b; filename*=no-quotes').params), { filename: 'no-quotes' });
});

parse('the last of a repeated parameter wins; __proto__ is a plain key', () => {
  const { params } = parseContentType('a/b; x=1; x=2; __proto__=p');
  assert.is(params['x'], '2');
  assert.is(Object.getOwnPropertyDescriptor(params, '__proto__')?.value, 'p');
  assert.is(({} as Record<string, unknown>)['p'], undefined);
});

parse('stays linear on long runs of semicolons', () => {
  const { mimetype, params } = parseContentType('a/b' + ';'.repeat(100_000) + 'x=1');
  assert.is(mimetype, 'a/b');
  assert.is(params['x'], '1');
});

parse.run();
