/** Tests for lib/http/json-body.ts: parsing a JSON request body, and its bound on nesting. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HttpError } from '../../lib/http/errors.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonBody } from '../../lib/http/json-body.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The 400 a body gives, or a failure when it parses. */
function errorOf(body: Uint8Array): HttpError {
  const result = parseJsonBody(body);
  if ('error' in result) return result.error;
  return assert.unreachable(`parsed as ${JSON.stringify(result.value)}`) as never;
}

const Parse = suite('parseJsonBody');

Parse('parses JSON, keeping __proto__ as a plain own key', () => {
  const result = parseJsonBody(bytes('{"id": 42, "__proto__": {"admin": true}}'));
  assert.ok('value' in result);
  const value = result.value as Record<string, unknown>;
  assert.is(value['id'], 42);
  assert.ok(Object.hasOwn(value, '__proto__'));
  assert.is(Object.getPrototypeOf(value), Object.prototype);
});

Parse('a body that is not JSON is a 400 that says why', () => {
  const error = errorOf(bytes('{"id": '));
  assert.is(error.status, 400);
  assert.match(error.description, /^Failed to decode JSON object: /);
});

Parse('a body that is not UTF-8 is a 400', () => {
  assert.is(errorOf(new Uint8Array([0x22, 0xff, 0x22])).status, 400);
});

Parse(`nesting up to ${MAX_JSON_DEPTH} levels parses; one more is a 400`, () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  assert.ok('value' in parseJsonBody(bytes(nested(MAX_JSON_DEPTH))));
  const error = errorOf(bytes(nested(MAX_JSON_DEPTH + 1)));
  assert.match(error.description, new RegExp(`nested deeper than ${MAX_JSON_DEPTH} levels`));
});

Parse('a long body of brackets inside a string is not nesting', () => {
  const text = JSON.stringify({ note: '['.repeat(5 * MAX_JSON_DEPTH) });
  const result = parseJsonBody(bytes(text));
  assert.ok('value' in result);
  assert.is((result.value as { note: string }).note.length, 5 * MAX_JSON_DEPTH);
});

const Depth = suite('nestsDeeperThan');

Depth('counts arrays and objects alike', () => {
  assert.ok(nestsDeeperThan('[{"a": [1]}]', 2));
  assert.not.ok(nestsDeeperThan('[{"a": [1]}]', 3));
  assert.not.ok(nestsDeeperThan('[1], [2], [3]', 1));
});

Depth('skips strings, escaped quotes included', () => {
  assert.not.ok(nestsDeeperThan('["[[[", "\\"[[[", {"k{{": 1}]', 2));
  assert.ok(nestsDeeperThan('["\\\\", [[1]]]', 2));
});

Parse.run();
Depth.run();
