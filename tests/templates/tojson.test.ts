import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { tojson } from '../../lib/templates/tojson.ts';

const ToJson = suite('templates/tojson');

ToJson("Flask's example: sorted keys, spaced separators, ASCII, HTML-safe", () => {
  const result = tojson({ list: [1, 2, 'три'], b: 1, a: "<x> & 'y'" });
  assert.instance(result, Markup);
  assert.is(
    result.html,
    '{"a": "\\u003cx\\u003e \\u0026 \\u0027y\\u0027", "b": 1, "list": [1, 2, "\\u0442\\u0440\\u0438"]}',
  );
});

ToJson('indent, dates, Markup, Maps and non-finite numbers as Python writes them', () => {
  assert.is(tojson({ b: [1], a: {} }, 2).html, '{\n  "a": {},\n  "b": [\n    1\n  ]\n}');
  assert.is(tojson(new Date(0)).html, '"Thu, 01 Jan 1970 00:00:00 GMT"');
  assert.is(tojson(new Markup('<b>')).html, '"\\u003cb\\u003e"');
  assert.is(tojson(new Map([['k', 1]])).html, '{"k": 1}');
  assert.is(tojson([Number.NaN, Infinity, null, undefined]).html, '[NaN, Infinity, null, null]');
  assert.is(tojson('😀\n"\\').html, '"\\ud83d\\ude00\\n\\"\\\\"');
});

ToJson('refuses what JSON cannot hold', () => {
  class Opaque {}
  assert.throws(() => tojson(new Opaque()), /Object of type Opaque is not JSON serializable/);
});

ToJson.run();
