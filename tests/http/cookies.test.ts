/**
 * Tests for lib/http/cookies.ts. Fixtures marked "Werkzeug 3.1.8" were captured by running Werkzeug 3.1.8's
 * `parse_cookie` and `dump_cookie` on the same input.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCookie, quoteCookieValue, unquoteCookieValue } from '../../lib/http/cookies.ts';
import { prng, randomString } from '../helpers/random.ts';

const Parse = suite('parseCookie');

// Werkzeug 3.1.8 parse_cookie, pairs in header order.
const PARSE_FIXTURES: Array<[string, Array<[string, string]>]> = [
  ['', []],
  [';;', []],
  [
    'a=b; c',
    [
      ['a', 'b'],
      ['c', ''],
    ],
  ],
  [
    '_ga=GA1.2.123.456; _gid=GA1.2.789.012; _gat=1',
    [
      ['_ga', 'GA1.2.123.456'],
      ['_gid', 'GA1.2.789.012'],
      ['_gat', '1'],
    ],
  ],
  ['username="John Doe"', [['username', 'John Doe']]],
  [
    'a=1; a=2; b=3; a=4',
    [
      ['a', '1'],
      ['a', '2'],
      ['b', '3'],
      ['a', '4'],
    ],
  ],
  [
    ' \t a \t = \t b \t ; \tc=d\t',
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
  ],
  [
    '"__Host-x"=1; __Host-x=2',
    [
      ['"__Host-x"', '1'],
      ['__Host-x', '2'],
    ],
  ],
  [
    'a="\\320\\237\\321\\200\\320\\270\\320\\262\\320\\265\\321\\202\\073 \\320\\274\\320\\270\\321\\200"',
    [['a', '\u041f\u0440\u0438\u0432\u0435\u0442; \u043c\u0438\u0440']],
  ],
  [
    'a="x;y"; b=2',
    [
      ['a', 'x;y'],
      ['b', '2'],
    ],
  ],
  [
    'a="x;y"z; b=2',
    [
      ['a', '"x'],
      ['y"z', ''],
      ['b', '2'],
    ],
  ],
  [
    'a="unterminated; b=2',
    [
      ['a', '"unterminated'],
      ['b', '2'],
    ],
  ],
  ['a="\\"quoted\\" \\\\ back"', [['a', '"quoted" \\ back']]],
  [
    'a=b=c; d==e',
    [
      ['a', 'b=c'],
      ['d', '=e'],
    ],
  ],
  ['=novalue; =; ==x; ok=1', [['ok', '1']]],
  [
    'a="; b=""; c=" "',
    [
      ['a', '"'],
      ['b', ''],
      ['c', ' '],
    ],
  ],
  [
    'json={"a":1,"b":[1,2]}; prefs=%7B%22a%22%3A1%7D',
    [
      ['json', '{"a":1,"b":[1,2]}'],
      ['prefs', '%7B%22a%22%3A1%7D'],
    ],
  ],
  ['a="\\777\\400\\3\\x\\"', [['a', '7774003x\\']]],
  [
    'a="\\377\\376"; b="\\342\\202"',
    [
      ['a', '\ufffd\ufffd'],
      ['b', '\ufffd'],
    ],
  ],
  [
    'a="  spaced  "  ;  b =  c d  ',
    [
      ['a', '  spaced  '],
      ['b', 'c d'],
    ],
  ],
  [
    'lang=en-US; theme=dark; sessionid=38afes7a8; csrftoken=u32t4o3tb3gg43',
    [
      ['lang', 'en-US'],
      ['theme', 'dark'],
      ['sessionid', '38afes7a8'],
      ['csrftoken', 'u32t4o3tb3gg43'],
    ],
  ],
  [
    'a=b;;c=d; ;e',
    [
      ['a', 'b'],
      ['c', 'd'],
      ['e', ''],
    ],
  ],
  [
    'a="x\\";y"; b=1',
    [
      ['a', 'x";y'],
      ['b', '1'],
    ],
  ],
  [
    'a="\\\\"; b=1',
    [
      ['a', '\\'],
      ['b', '1'],
    ],
  ],
  [
    'a="1"; b="2\\"; c=3"',
    [
      ['a', '1'],
      ['b', '2"; c=3'],
    ],
  ],
  ['sid="\\"; __Host-sid=x"', [['sid', '"; __Host-sid=x']]],
  [
    'n=\u00d0\u009f\u00d1\u0080\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u0082; m="\u00d0\u00bc\u00d0\u00b8\u00d1\u0080\\073"',
    [
      ['n', '\u041f\u0440\u0438\u0432\u0435\u0442'],
      ['m', '\u043c\u0438\u0440;'],
    ],
  ],
];

Parse('matches Werkzeug 3.1.8 on real-world and hostile headers', () => {
  for (const [header, expected] of PARSE_FIXTURES) assert.equal(parseCookie(header), expected, header);
});

Parse('reads nothing from a missing header', () => {
  assert.equal(parseCookie(undefined), []);
  assert.equal(parseCookie([]), []);
});

Parse('joins several Cookie headers', () => {
  assert.equal(parseCookie(['a=1; b=2', 'c=3', 'a=4']), [
    ['a', '1'],
    ['b', '2'],
    ['c', '3'],
    ['a', '4'],
  ]);
});

Parse('keeps duplicates in order, so the first one can win', () => {
  const pairs = parseCookie('sid=first; other=x; sid=second');
  assert.equal(pairs.find(([name]) => name === 'sid')?.[1], 'first');
  assert.equal(
    pairs.filter(([name]) => name === 'sid').map(([, value]) => value),
    ['first', 'second'],
  );
});

Parse('never unquotes a name, so a quoted __Host- name stays literal', () => {
  assert.equal(parseCookie('"__Host-x"=evil; __Host-x=good'), [
    ['"__Host-x"', 'evil'],
    ['__Host-x', 'good'],
  ]);
  assert.equal(parseCookie('__Host-x'), [['__Host-x', '']]);
});

Parse('keeps Google Analytics and JSON-ish values whole', () => {
  assert.equal(
    parseCookie('_ga=GA1.2.1234567890.1700000000; _ga_ABC123=GS1.1.1700000000.1.0.1700000000.0.0.0'),
    [
      ['_ga', 'GA1.2.1234567890.1700000000'],
      ['_ga_ABC123', 'GS1.1.1700000000.1.0.1700000000.0.0.0'],
    ],
  );
  assert.equal(parseCookie('cart={"items":[1,2],"total":3}'), [['cart', '{"items":[1,2],"total":3}']]);
});

Parse('trims tabs and spaces around names and values', () => {
  assert.equal(parseCookie('\t a\t=\tb \t;\t\tc = d e \t'), [
    ['a', 'b'],
    ['c', 'd e'],
  ]);
});

Parse('decodes UTF-8 bytes that Node handed over as latin1', () => {
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  assert.equal(parseCookie(`${latin1('имя')}=${latin1('Привет 😀')}`), [['имя', 'Привет 😀']]);
  assert.equal(parseCookie(`bom=${latin1('\ufeffx')}`), [['bom', '\ufeffx']]);
});

Parse('keeps latin1 text that is not UTF-8, and text that is already decoded', () => {
  assert.equal(parseCookie('a=caf\u00e9; b=\u00ff\u00fe'), [
    ['a', 'café'],
    ['b', '\u00ff\u00fe'],
  ]);
  assert.equal(parseCookie('a=Привет; b=naïve'), [
    ['a', 'Привет'],
    ['b', 'naïve'],
  ]);
});

Parse('never throws on random input', () => {
  const random = prng(7);
  const alphabet = [
    'a',
    '=',
    ';',
    ' ',
    '\t',
    '"',
    '\\',
    '0',
    '3',
    '7',
    'é',
    'Ð',
    '\u009f',
    '\ud800',
    '😀',
    '\n',
  ];
  for (let i = 0; i < 2000; i++) {
    let header = '';
    for (let j = Math.floor(random() * 30); j > 0; j--)
      header += alphabet[Math.floor(random() * alphabet.length)];
    const pairs = parseCookie(header);
    for (const [name, value] of pairs) {
      assert.type(name, 'string');
      assert.type(value, 'string');
      assert.ok(name !== '' && name === name.trim(), JSON.stringify(header));
    }
  }
});

const Quote = suite('quoteCookieValue');

Quote('leaves cookie-octets alone', () => {
  for (const value of [
    '',
    'abc',
    'GA1.2.3.4',
    "!#$%&'()*+-./:<=>?@[]^_`{|}~",
    'eyJhbGciOiJIUzI1NiJ9.e30.x-_',
  ]) {
    assert.is(quoteCookieValue(value), value);
  }
});

Quote('quotes and escapes everything else', () => {
  assert.is(quoteCookieValue('John Doe'), '"John Doe"');
  assert.is(quoteCookieValue('"'), '"\\""');
  assert.is(quoteCookieValue('\\'), '"\\\\"');
  assert.is(quoteCookieValue('a,b;c'), '"a\\054b\\073c"');
  assert.is(quoteCookieValue('\r\n\x7f'), '"\\015\\012\\177"');
  assert.is(quoteCookieValue('é'), '"\\303\\251"');
  assert.is(quoteCookieValue('😀'), '"\\360\\237\\230\\200"');
});

Quote('output is printable ASCII without ";", always', () => {
  const random = prng(99);
  for (let i = 0; i < 300; i++)
    assert.match(quoteCookieValue(randomString(random)), /^[\x20-\x3a\x3c-\x7e]*$/);
});

Quote('escapes the control characters 0x1a-0x1f that Werkzeug leaves raw', () => {
  assert.is(quoteCookieValue('\x1a\x1f'), '"\\032\\037"');
});

const Unquote = suite('unquoteCookieValue');

Unquote('undoes Werkzeug-style escapes', () => {
  assert.is(unquoteCookieValue('"\\320\\234\\320\\270\\321\\200"'), 'Мир');
  assert.is(unquoteCookieValue('"\\"a\\" \\\\ b"'), '"a" \\ b');
  assert.is(unquoteCookieValue('"\\q\\400\\3"'), 'q4003');
  // Werkzeug's `.` matches no newline, so a backslash before one stays, as does a trailing one.
  assert.is(unquoteCookieValue('"a\\\nb\\"'), 'a\\\nb\\');
});

Unquote('leaves unquoted and half-quoted values alone', () => {
  for (const raw of ['', '"', 'a"', '"a', 'a"b"', 'plain', '\\073']) assert.is(unquoteCookieValue(raw), raw);
  assert.is(unquoteCookieValue('""'), '');
});

Unquote('turns invalid UTF-8 into U+FFFD instead of throwing', () => {
  assert.is(unquoteCookieValue('"\\377a"'), '\ufffda');
  assert.is(unquoteCookieValue('"\\342\\202"'), '\ufffd');
  assert.is(unquoteCookieValue('"\\355\\240\\200"'), '\ufffd\ufffd\ufffd');
});

Parse.run();
Quote.run();
Unquote.run();
