import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Headers } from '../../lib/http/headers.ts';

const Basics = suite('Headers');

Basics('names are case-insensitive', () => {
  const headers = new Headers({ 'Content-Type': 'text/plain' });
  assert.is(headers.get('content-type'), 'text/plain');
  assert.is(headers.get('CONTENT-TYPE'), 'text/plain');
  assert.ok(headers.has('Content-type'));
  assert.is(headers.get('x-missing'), null);
});

Basics('append keeps values; get joins them; getSetCookie keeps them apart', () => {
  const headers = new Headers();
  headers.append('Set-Cookie', 'a=1; Path=/');
  headers.append('set-cookie', 'b=2, c=3');
  headers.append('Vary', 'Cookie').append('Vary', 'Accept');
  assert.equal(headers.getSetCookie(), ['a=1; Path=/', 'b=2, c=3']);
  assert.is(headers.get('vary'), 'Cookie, Accept');
  assert.equal(
    [...headers],
    [
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2, c=3'],
      ['vary', 'Cookie'],
      ['vary', 'Accept'],
    ],
  );
});

Basics('set replaces, delete removes, setDefault keeps what is there', () => {
  const headers = new Headers([
    ['X-A', '1'],
    ['X-A', '2'],
  ]);
  headers.set('x-a', 3);
  assert.equal(headers.getAll('X-A'), ['3']);
  headers.setDefault('x-a', '4').setDefault('x-b', '5');
  assert.is(headers.get('x-a'), '3');
  assert.is(headers.get('x-b'), '5');
  headers.delete('X-B');
  assert.not.ok(headers.has('x-b'));
  assert.is(headers.size, 1);
});

Basics('CR, LF and invalid names are refused with a TypeError before anything is stored', () => {
  const headers = new Headers();
  assert.throws(() => headers.set('Location', '/x\r\nSet-Cookie: evil=1'), TypeError);
  assert.throws(() => headers.append('X-A', 'a\nb'), TypeError);
  assert.throws(() => headers.set('Bad Name', 'x'), TypeError);
  assert.throws(() => headers.set('X-\u00e9', 'x'), TypeError);
  assert.throws(() => new Headers({ 'X-A': 'x\0y' }), TypeError);
  assert.is(headers.size, 0);
});

Basics('header names like __proto__ are plain keys', () => {
  const headers = new Headers();
  headers.set('__proto__', 'x');
  headers.set('constructor', 'y');
  assert.is(headers.get('__proto__'), 'x');
  assert.is(headers.get('constructor'), 'y');
  assert.is(({} as Record<string, unknown>).x, undefined);
});

Basics('adopt wraps a Node header object without copying it', () => {
  const store = Object.assign(Object.create(null), { host: 'localhost', 'set-cookie': ['a=1', 'b=2'] });
  const headers = Headers.adopt(store);
  assert.is(headers.get('Host'), 'localhost');
  assert.equal(headers.getSetCookie(), ['a=1', 'b=2']);
  assert.is(headers.store, store);
});

Basics('toJSON and forEach', () => {
  const headers = new Headers({ 'X-A': ['1', '2'], 'Set-Cookie': ['a=1', 'b=2'] });
  assert.equal(headers.toJSON(), { 'x-a': '1, 2', 'set-cookie': ['a=1', 'b=2'] });
  const seen: string[] = [];
  headers.forEach((value, name) => {
    seen.push(`${name}:${value}`);
  });
  assert.equal(seen, ['x-a:1', 'x-a:2', 'set-cookie:a=1', 'set-cookie:b=2']);
});

const FromNode = suite('Headers.fromNode');

FromNode("copies node:http's headers as they are, without what they inherit", () => {
  // node:http's req.headers: lower-case names, Object.prototype, set-cookie kept as an array.
  const incoming = { host: 'example.com', 'set-cookie': ['a=1', 'b=2'], constructor: 'c' };
  const headers = Headers.fromNode(incoming);
  assert.is(headers.get('Host'), 'example.com');
  assert.equal(headers.getSetCookie(), ['a=1', 'b=2']);
  assert.is(headers.get('constructor'), 'c');
  assert.is(headers.get('__proto__'), null);
  assert.not.ok(headers.has('hasOwnProperty'));
  assert.equal(headers.keys(), ['host', 'set-cookie', 'constructor']);
  headers.set('x-new', '1');
  assert.is((incoming as Record<string, unknown>)['x-new'], undefined, 'the copy is its own');
});

FromNode('a store inherits nothing, whatever the header names', () => {
  const headers = new Headers();
  assert.not.ok(headers.has('constructor'));
  assert.not.ok(headers.has('__proto__'));
  headers.set('__proto__', 'x');
  assert.is(headers.get('__proto__'), 'x');
  assert.equal(headers.keys(), ['__proto__']);
  assert.is(Object.getPrototypeOf(Object.getPrototypeOf(headers.store)), null);
});

const FromPairs = suite('Headers.fromPairs');

FromPairs("copies a Web Request's headers: joined values as they are, Set-Cookie values apart", () => {
  const web = new globalThis.Headers([
    ['Accept', 'text/html'],
    ['accept', 'application/json'],
    ['Cookie', 'a=1'],
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
    ['constructor', 'c'],
  ]);
  const headers = Headers.fromPairs(web);
  assert.is(headers.get('accept'), 'text/html, application/json');
  assert.is(headers.get('cookie'), 'a=1');
  assert.equal(headers.getSetCookie(), ['a=1', 'b=2']);
  assert.is(headers.get('constructor'), 'c');
  assert.not.ok(headers.has('hasOwnProperty'));
  assert.is(Object.getPrototypeOf(Object.getPrototypeOf(headers.store)), null);
});

FromPairs('a name given three times keeps its three values', () => {
  const headers = Headers.fromPairs([
    ['x-a', '1'],
    ['x-a', '2'],
    ['x-a', '3'],
  ]);
  assert.equal(headers.getAll('x-a'), ['1', '2', '3']);
});

Basics.run();
FromNode.run();
FromPairs.run();
