import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Headers } from '../lib/http/headers.ts';
import { html } from '../lib/http/html.ts';
import { jsonify, Response } from '../lib/http/response.ts';
import { isTuple, makeResponse, toResponse } from '../lib/make-response.ts';

const Convert = suite('toResponse');

Convert('a string is text/html; charset=utf-8', () => {
  const response = toResponse('Привет');
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(response.text, 'Привет');
});

Convert('Markup (the html tag) is text/html, in a tuple too', () => {
  const response = toResponse(html`<p>${'<b>'}</p>`);
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(response.text, '<p>&lt;b&gt;</p>');
  const created = toResponse([html`<p>made</p>`, 201, { 'x-a': '1' }]);
  assert.is(created.status, 201);
  assert.is(created.text, '<p>made</p>');
  assert.is(toResponse([html`<i>`, { 'x-b': '2' }]).headers.get('x-b'), '2');
});

Convert('bytes keep their bytes', () => {
  const response = toResponse(new Uint8Array([0, 1, 2]));
  assert.equal([...response.data], [0, 1, 2]);
});

Convert('objects and arrays become JSON', () => {
  const object = toResponse({ id: 42 });
  assert.is(object.headers.get('content-type'), 'application/json');
  assert.is(object.text, '{"id":42}\n');
  const list = toResponse([1, 2, 3]);
  assert.is(list.text, '[1,2,3]\n');
  assert.is(toResponse([{ a: 1 }, { b: 2 }]).text, '[{"a":1},{"b":2}]\n');
});

Convert('tuples: [body, status], [body, headers], [body, status, headers]', () => {
  const created = toResponse(['made', 201]);
  assert.is(created.status, 201);
  assert.is(created.text, 'made');
  const withHeaders = toResponse(['x', { 'X-A': '1' }]);
  assert.is(withHeaders.status, 200);
  assert.is(withHeaders.headers.get('x-a'), '1');
  const all = toResponse(['x', 404, new Headers([['X-B', '2']])]);
  assert.is(all.status, 404);
  assert.is(all.headers.get('x-b'), '2');
  const json = toResponse([{ error: 'no' }, 400]);
  assert.is(json.status, 400, 'Flask: return {...}, 400');
  assert.is(json.text, '{"error":"no"}\n');
  const pair = toResponse([{ a: 1 }, { b: 2 }]);
  assert.is(pair.status, 200);
  assert.is(pair.text, '[{"a":1},{"b":2}]\n', 'two objects stay a JSON list');
});

Convert('tuple headers replace a header of the body response', () => {
  const response = toResponse([new Response('x'), { 'Content-Type': 'text/plain' }]);
  assert.equal(response.headers.getAll('content-type'), ['text/plain']);
});

Convert('a Response passes through; tuple status applies to it', () => {
  const original = new Response('a');
  assert.is(toResponse(original), original);
  assert.is(toResponse([original, 202]).status, 202);
});

Convert('generators and async iterables become streamed responses', () => {
  function* chunks() {
    yield 'a';
  }
  async function* asyncChunks() {
    yield 'b';
  }
  assert.ok(toResponse(chunks()).isStreamed);
  assert.ok(toResponse(asyncChunks()).isStreamed);
  assert.not.ok(toResponse(new Map([['a', 1]])).isStreamed, 'a Map is data');
});

Convert('returning nothing names the view', () => {
  assert.throws(
    () => toResponse(undefined, 'profile'),
    (error: Error) => {
      return (
        error instanceof TypeError &&
        error.message.includes("'profile'") &&
        error.message.includes('undefined')
      );
    },
  );
  assert.throws(() => toResponse(42, 'count'), /'count'.*number/);
});

Convert('isTuple tells tuples from JSON lists', () => {
  assert.ok(isTuple(['x', 200]));
  assert.ok(isTuple(['x', 200, {}]));
  assert.not.ok(isTuple(['a', 'b']));
  assert.not.ok(isTuple([1, 200]), 'a list of numbers');
  assert.ok(isTuple([{ a: 1 }, 201]));
  assert.not.ok(isTuple([{ a: 1 }, { b: 1 }]));
  assert.not.ok(isTuple(['x', 'y', 'z']));
  assert.not.ok(isTuple(['x']));
});

const Make = suite('makeResponse');

Make('with no arguments is an empty 200', () => {
  const response = makeResponse();
  assert.is(response.status, 200);
  assert.is(response.text, '');
});

Make('takes body, status and headers', () => {
  const response = makeResponse('Куки установлены!', 201, { 'X-A': '1' });
  assert.is(response.status, 201);
  assert.is(response.text, 'Куки установлены!');
  assert.is(response.headers.get('x-a'), '1');
});

Make('jsonify of a list that looks like a tuple', () => {
  assert.is(makeResponse(jsonify(['x', 200])).text, '["x",200]\n');
});

Convert.run();
Make.run();
