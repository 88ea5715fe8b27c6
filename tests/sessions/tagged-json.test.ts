import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup, Tuple, tuple, UUID } from '../../lib/sessions/python-types.ts';
import { Session } from '../../lib/sessions/session.ts';
import { dumpSessionJson, loadSessionJson } from '../../lib/sessions/tagged-json.ts';
import { flaskOk, runFlask, withFlask } from '../helpers/flask.ts';
import { prng as random } from '../helpers/random.ts';

const uuid = new UUID('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
const when = new Date(Date.UTC(2024, 1, 29, 13, 5, 9));

const Dump = suite('dumpSessionJson');

Dump('writes compact JSON with sorted keys', () => {
  assert.is(
    dumpSessionJson({ b: 1, a: [true, null, 'x'], c: { z: 0, y: -1 } }),
    '{"a":[true,null,"x"],"b":1,"c":{"y":-1,"z":0}}',
  );
  assert.is(dumpSessionJson({}), '{}');
  assert.is(dumpSessionJson('top'), '"top"');
});

Dump('escapes non-ASCII like Python', () => {
  assert.is(dumpSessionJson({ name: 'Иван 😀' }), '{"name":"\\u0418\\u0432\\u0430\\u043d \\ud83d\\ude00"}');
});

Dump('tags tuples, bytes, markup, UUIDs and dates', () => {
  assert.is(dumpSessionJson(tuple(1, 'a')), '{" t":[1,"a"]}');
  assert.is(dumpSessionJson(Buffer.from('héllo')), '{" b":"aMOpbGxv"}');
  assert.is(dumpSessionJson(new Uint8Array([0, 255, 1])), '{" b":"AP8B"}');
  assert.is(dumpSessionJson(new Markup('<b>ok</b>')), '{" m":"<b>ok</b>"}');
  assert.is(dumpSessionJson(uuid), '{" u":"a0eebc999c0b4ef8bb6d6bb9bd380a11"}');
  assert.is(dumpSessionJson(when), '{" d":"Thu, 29 Feb 2024 13:05:09 GMT"}');
});

Dump('tags any non-plain object with __html__ as markup', () => {
  class Safe {
    __html__(): string {
      return '<em>safe</em>';
    }
  }
  assert.is(dumpSessionJson(new Safe()), '{" m":"<em>safe</em>"}');
  // A plain object is a dict first, as in Flask's tag order, so its function value is refused.
  assert.throws(() => dumpSessionJson({ __html__: () => '<i>duck</i>' }), TypeError);
});

Dump('writes a slice of a larger buffer as its own bytes', () => {
  const bytes = new Uint8Array([9, 9, 104, 105, 9]).subarray(2, 4);
  assert.is(dumpSessionJson(bytes), '{" b":"aGk="}');
});

Dump('escapes a lone key that looks like a tag with " di"', () => {
  assert.is(dumpSessionJson({ ' t': 5 }), '{" di":{" t__":5}}');
  assert.is(dumpSessionJson({ ' di': tuple(1) }), '{" di":{" di__":{" t":[1]}}}');
  // Two keys, or a key that is not a tag, need no escaping.
  assert.is(dumpSessionJson({ ' t': 5, a: 1 }), '{" t":5,"a":1}');
  assert.is(dumpSessionJson({ ' x': 5 }), '{" x":5}');
});

Dump('leaves out undefined properties and writes holes as null, like JSON.stringify', () => {
  assert.is(dumpSessionJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.is(dumpSessionJson({ ' t': 1, gone: undefined }), '{" di":{" t__":1}}');
  // biome-ignore lint/suspicious/noSparseArray: the hole is the point
  assert.is(dumpSessionJson([1, , undefined, 2]), '[1,null,null,2]');
});

Dump('writes objects with toJSON (a Session) as what it returns', () => {
  const session = new Session({ user: 'ada', _permanent: true });
  assert.is(dumpSessionJson({ nested: session }), '{"nested":{"_permanent":true,"user":"ada"}}');
  assert.is(dumpSessionJson({ at: new URL('https://example.com/x') }), '{"at":"https://example.com/x"}');
});

Dump('accepts the same object twice when it is not circular', () => {
  const shared = { a: 1 };
  assert.is(dumpSessionJson([shared, shared]), '[{"a":1},{"a":1}]');
});

Dump('keeps "__proto__" as an ordinary key', () => {
  const data = JSON.parse('{"__proto__":{"x":1},"a":2}');
  assert.is(dumpSessionJson(data), '{"__proto__":{"x":1},"a":2}');
  assert.is(dumpSessionJson(Object.assign(Object.create(null), { k: 1 })), '{"k":1}');
});

Dump('throws a TypeError for what Python could not read back', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const cases: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['function', { f: () => 1 }],
    ['symbol', { s: Symbol('x') }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['invalid Date', { d: new Date('nope') }],
    ['year 10000', { d: new Date(Date.UTC(10000, 0, 1)) }],
    ['circular', circular],
    ['Map', { m: new Map() }],
    ['Set', new Set([1])],
    ['class instance', { c: new (class Point {})() }],
  ];
  for (const [name, value] of cases) assert.throws(() => dumpSessionJson(value), TypeError, name);
  assert.throws(() => dumpSessionJson({ m: new Map() }), /Map/);
});

const Load = suite('loadSessionJson');

Load('reads plain JSON', () => {
  assert.equal(loadSessionJson('{"a":[1,2.5,"x",null,true]}'), { a: [1, 2.5, 'x', null, true] });
  assert.is(loadSessionJson('1e-05'), 0.00001);
});

Load('turns tags back into their types', () => {
  const data = loadSessionJson(
    '{"b":{" b":"aMOpbGxv"},"d":{" d":"Thu, 29 Feb 2024 13:05:09 GMT"},"m":{" m":"<b>x</b>"},' +
      '"t":{" t":[1,"a"]},"u":{" u":"a0eebc999c0b4ef8bb6d6bb9bd380a11"}}',
  ) as Record<string, unknown>;
  assert.equal(data.b, Buffer.from('héllo'));
  assert.equal(data.d, when);
  assert.equal(data.m, new Markup('<b>x</b>'));
  assert.instance(data.t, Tuple);
  assert.equal(data.t, tuple(1, 'a'));
  assert.equal(data.u, uuid);
});

Load('untags innermost first', () => {
  const data = loadSessionJson('{" t":[{" b":"AQI="},{" t":[]}]}');
  assert.equal(data, tuple(Buffer.from([1, 2]), tuple()));
  // The " di" escape is undone after its value is untagged, and not before.
  assert.equal(loadSessionJson('{" di":{" t__":{" b":"AQI="}}}'), { ' t': Buffer.from([1, 2]) });
  assert.equal(loadSessionJson('{" di":{" t__":[1]}}'), { ' t': [1] });
});

Load('leaves objects that are not exactly one tag alone', () => {
  assert.equal(loadSessionJson('{" t":[1],"a":1}'), { ' t': [1], a: 1 });
  assert.equal(loadSessionJson('{" x":[1]}'), { ' x': [1] });
  assert.equal(loadSessionJson('{"t":[1]}'), { t: [1] });
});

Load('round-trips what dumpSessionJson writes', () => {
  const data = {
    _flashes: [tuple('message', 'Привет'), tuple('error', '😀')],
    _permanent: true,
    bytes: Buffer.from([0, 1, 2, 253, 254, 255]),
    empty: Buffer.alloc(0),
    escaped: { ' di': { ' t': tuple() } },
    markup: new Markup('<p>&amp;</p>'),
    nested: { list: [1, { deep: [tuple(null)] }] },
    old: new Date(Date.UTC(999, 11, 31, 23, 59, 59)),
    uuid,
    when,
  };
  assert.equal(loadSessionJson(dumpSessionJson(data)), data);
});

Load('keeps "__proto__" and "constructor" as own keys without touching prototypes', () => {
  const data = loadSessionJson(
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  ) as Record<string, unknown>;
  assert.ok(Object.hasOwn(data, '__proto__'));
  assert.equal(Object.keys(data), ['__proto__', 'constructor']);
  assert.is(Object.getPrototypeOf(data), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  const escaped = loadSessionJson('{"a":{" di":{"__proto____":{"polluted":true}}}}') as { a: object };
  assert.ok(Object.hasOwn(escaped.a, '__proto__'));
  assert.is(Object.getPrototypeOf(escaped.a), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

Load('reads the date forms Python reads, and an unreadable date as null like Werkzeug', () => {
  const read = (text: string) =>
    (loadSessionJson(JSON.stringify({ ' d': text })) as Date | null)?.toISOString() ?? null;
  assert.is(read('29 Feb 2024 13:05:09 GMT'), '2024-02-29T13:05:09.000Z');
  assert.is(read('Thu, 29 Feb 2024 16:05:09 +0300'), '2024-02-29T13:05:09.000Z');
  assert.is(read('Thu, 29 Feb 2024 08:35 -0430'), '2024-02-29T13:05:00.000Z');
  assert.is(read('Thu, 29 Feb 2024 13:05:09'), '2024-02-29T13:05:09.000Z');
  assert.is(read('Mon, 01 Jan 0999 00:00:00 GMT'), '0999-01-01T00:00:00.000Z');
  for (const bad of [
    '',
    'yesterday',
    'Thu, 30 Feb 2024 13:05:09 GMT',
    'Thu, 29 Foo 2024 13:05:09 GMT',
    '29 Feb 2024 24:00:00 GMT',
  ]) {
    assert.is(read(bad), null, bad);
  }
});

Load('throws a SyntaxError for malformed JSON and malformed tags', () => {
  const cases = [
    '',
    '{',
    "{'a':1}",
    'NaN',
    '{" t":"abc"}',
    '{" t":{}}',
    '{" b":"not base64!"}',
    '{" b":"abc"}',
    '{" b":5}',
    '{" m":5}',
    '{" u":"nope"}',
    '{" u":null}',
    '{" d":5}',
    '{" di":5}',
    '{" di":[]}',
    '{" di":{}}',
  ];
  for (const text of cases) assert.throws(() => loadSessionJson(text), SyntaxError, text);
});

Load('never throws anything but SyntaxError or RangeError on hostile input', () => {
  const next = random(7);
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    '"',
    ':',
    ',',
    ' t',
    ' b',
    ' di',
    ' u',
    ' d',
    ' m',
    '__proto__',
    '1',
    'null',
    '\\u0000',
    '"x"',
  ];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const length = Math.floor(next() * 20);
    for (let j = 0; j < length; j++) text += pieces[Math.floor(next() * pieces.length)];
    try {
      loadSessionJson(text);
    } catch (error) {
      assert.ok(error instanceof SyntaxError || error instanceof RangeError, `${text}: ${error}`);
    }
  }
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

const Interop = suite('TaggedJSONSerializer interop with Flask');

if (withFlask(Interop)) {
  const cases: Record<string, unknown> = {
    'plain strings': { username: 'ada', theme: 'dark' },
    'non-ASCII': { ru: 'Привет, мир', emoji: '😀👍🏽', mixed: 'é\u00ff\u2028\uffff' },
    'control characters': { text: '\x00\x01\b\t\n\f\r"\\/\x7f' },
    'nested dicts and lists': { a: { b: { c: [1, [2, [3, { d: null }]]] } }, z: [] },
    numbers: { ints: [0, -1, 42, 2 ** 53, 1e21], floats: [0.5, -1.25, 0.1 + 0.2, 1e-5, 1.5e-7, 123.456] },
    tuples: { pair: tuple('a', 1), empty: tuple(), nested: tuple(tuple(1), [tuple()]) },
    bytes: { raw: Buffer.from([0, 1, 2, 250, 255]), empty: Buffer.alloc(0) },
    datetimes: { when, epoch: new Date(0), old: new Date(Date.UTC(999, 0, 1)) },
    UUIDs: { id: uuid },
    markup: { banner: new Markup('<b>Привет</b> & welcome') },
    '" di" escapes': { a: { ' t': 1 }, b: { ' di': { ' b': 'x' } }, c: { ' m': tuple() } },
    'top-level " di"': { ' u': 'not a uuid' },
    'flashes and permanent': {
      _permanent: true,
      _flashes: [tuple('message', 'Saved.'), tuple('error', 'Ошибка')],
    },
    'keys sorted by code point': { '😀': 1, '\uffff': 2, '\ue000': 3, Z: 4, a: 5, é: 6, '': 7 },
    '__proto__ key': JSON.parse('{"__proto__":{"x":[1]},"constructor":1}'),
  };

  Interop('Phial writes byte-for-byte what Flask writes', () => {
    const names = Object.keys(cases);
    const results = runFlask(names.map((name) => ({ op: 'json', data: cases[name] })));
    names.forEach((name, i) => {
      assert.is(dumpSessionJson(cases[name]), flaskOk(results[i]).value, name);
    });
  });

  Interop('each reads what the other wrote', () => {
    const names = Object.keys(cases);
    const results = runFlask(names.map((name) => ({ op: 'jsonLoads', text: dumpSessionJson(cases[name]) })));
    const flaskJson = runFlask(names.map((name) => ({ op: 'json', data: cases[name] })));
    names.forEach((name, i) => {
      assert.equal(flaskOk(results[i]).data, cases[name], `Flask reading ${name}`);
      assert.equal(loadSessionJson(flaskOk(flaskJson[i]).value), cases[name], `Phial reading ${name}`);
    });
  });

  Interop('random floats and strings come out as Python writes them', () => {
    const next = random(42);
    const floats: number[] = [];
    for (let i = 0; i < 300; i++) {
      const value = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 30);
      floats.push(Number.isInteger(value) ? value + 0.5 : value);
    }
    const strings: string[] = [];
    for (let i = 0; i < 100; i++) {
      let text = '';
      for (let j = 0; j < 8; j++) {
        const range = [0x80, 0x800, 0x10000, 0x110000][Math.floor(next() * 4)]!;
        text += String.fromCodePoint(Math.floor(next() * range));
      }
      strings.push(text);
    }
    const data = { floats, strings, keys: Object.fromEntries(strings.map((s, i) => [s, i])) };
    const [result] = runFlask([{ op: 'json', data }]);
    assert.is(dumpSessionJson(data), flaskOk(result).value);
  });
}

Dump.run();
Load.run();
Interop.run();
