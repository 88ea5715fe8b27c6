/**
 * Tests for lib/routing/map.ts: routing decisions (match, redirect, 404, 405, OPTIONS) and URL
 * building through the map, following Werkzeug's Map/MapAdapter behaviour.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConverterFactory } from '../../lib/routing/converters.ts';
import { BuildError, type MapOptions, type MatchResult, RuleError, UrlMap } from '../../lib/routing/map.ts';
import type { RuleOptions } from '../../lib/routing/rule.ts';
import { even } from '../helpers/converters.ts';
import { assertInheritsNothing } from '../helpers/inherits-nothing.ts';

type Spec = readonly [rule: string, options: RuleOptions];

function mapOf(specs: readonly Spec[], options?: MapOptions): UrlMap {
  const map = new UrlMap(options);
  for (const [rule, ruleOptions] of specs) map.add(rule, ruleOptions);
  return map;
}

/** A comparable summary of a result: the endpoint and plain params for a match. */
function summary(result: MatchResult): unknown {
  switch (result.kind) {
    case 'match':
      return { match: result.rule.endpoint, params: { ...result.params } };
    case 'redirect':
      return { redirect: result.location };
    case 'methodNotAllowed':
      return { methodNotAllowed: result.allowed };
    case 'options':
      return { options: result.allowed, endpoint: result.rule.endpoint };
    default:
      return result.kind;
  }
}

function check(map: UrlMap, path: string, expected: unknown, method = 'GET'): void {
  assert.equal(summary(map.match(path, method)), expected, `${method} ${path}`);
}

function rotations<T>(items: readonly T[]): T[][] {
  return items.map((_, start) => [...items.slice(start), ...items.slice(0, start)]);
}

const Match = suite('UrlMap.match');

Match('static and dynamic rules; params inherit nothing', () => {
  const map = mapOf([
    ['/', { endpoint: 'index' }],
    ['/user/<int:id>', { endpoint: 'user' }],
  ]);
  check(map, '/', { match: 'index', params: {} });
  check(map, '/user/5', { match: 'user', params: { id: 5 } });
  check(map, '/user/x', 'notFound');
  check(map, '/nope', 'notFound');
  for (const path of ['/', '/user/5']) {
    const result = map.match(path, 'GET');
    assert.ok(result.kind === 'match');
    assertInheritsNothing(result.params);
  }
});

Match('a variable named __proto__ or constructor is an own param', () => {
  const map = mapOf([
    ['/a/<__proto__>', { endpoint: 'a' }],
    ['/b/<int:constructor>', { endpoint: 'b' }],
  ]);
  const a = map.match('/a/x', 'GET');
  assert.ok(a.kind === 'match' && Object.hasOwn(a.params, '__proto__'));
  assert.equal(a.kind === 'match' && Object.keys(a.params), ['__proto__']);
  assert.is(a.kind === 'match' && Object.getOwnPropertyDescriptor(a.params, '__proto__')?.value, 'x');
  const b = map.match('/b/7', 'GET');
  assert.is(b.kind === 'match' && b.params['constructor'], 7);
});

Match('specificity decides, not registration order', () => {
  const specs: Spec[] = [
    ['/user/<path:rest>', { endpoint: 'rest' }],
    ['/user/<name>', { endpoint: 'name' }],
    ['/user/<int:id>', { endpoint: 'id' }],
    ['/user/me', { endpoint: 'me' }],
    ['/user/<name>/edit', { endpoint: 'edit' }],
  ];
  for (const order of [...rotations(specs), ...rotations([...specs].reverse())]) {
    const map = mapOf(order);
    check(map, '/user/me', { match: 'me', params: {} });
    check(map, '/user/7', { match: 'id', params: { id: 7 } });
    check(map, '/user/bob', { match: 'name', params: { name: 'bob' } });
    check(map, '/user/bob/edit', { match: 'edit', params: { name: 'bob' } });
    check(map, '/user/bob/other', { match: 'rest', params: { rest: 'bob/other' } });
  }
});

Match('a converter rejecting a value is a 404 without trying other rules', () => {
  for (const order of rotations<Spec>([
    ['/page/<int(max=5):n>', { endpoint: 'small' }],
    ['/page/<n>', { endpoint: 'any' }],
  ])) {
    const map = mapOf(order);
    check(map, '/page/3', { match: 'small', params: { n: 3 } });
    check(map, '/page/7', 'notFound');
    check(map, '/page/x', { match: 'any', params: { n: 'x' } });
  }
});

Match('rules sharing a regex: the first that allows the method decides, even if it rejects', () => {
  const map = mapOf([
    ['/n/<int(max=5):a>', { endpoint: 'small' }],
    ['/n/<int:b>', { endpoint: 'big', methods: ['POST'] }],
  ]);
  check(map, '/n/9', 'notFound');
  check(map, '/n/3', { match: 'small', params: { a: 3 } });
  check(map, '/n/9', { match: 'big', params: { b: 9 } }, 'POST');
});

Match('a rejected value after a method mismatch is a 405, as in Werkzeug', () => {
  const map = mapOf([
    ['/n/<int:a>', { endpoint: 'write', methods: ['POST'] }],
    ['/<x>/<int(max=5):b>', { endpoint: 'read' }],
  ]);
  check(map, '/n/9', { methodNotAllowed: ['OPTIONS', 'POST'] });
});

Match('the path is matched as given (already percent-decoded by the request)', () => {
  const map = mapOf([
    ['/café', { endpoint: 'cafe' }],
    ['/u/<name>', { endpoint: 'user' }],
    ['/f/<path:p>', { endpoint: 'file' }],
  ]);
  check(map, '/café', { match: 'cafe', params: {} });
  check(map, '/u/a b%2F', { match: 'user', params: { name: 'a b%2F' } }, 'GET');
  check(map, '/u/a/b', 'notFound');
  check(map, '/f/a/b', { match: 'file', params: { p: 'a/b' } });
  check(map, '/u/x\ny', { match: 'user', params: { name: 'x\ny' } });
});

Match('leading slashes collapse: //a serves /a, without a redirect', () => {
  const map = mapOf([['/a', { endpoint: 'a' }]]);
  check(map, '//a', { match: 'a', params: {} });
  check(map, '', 'notFound');
  check(mapOf([['/', { endpoint: 'i' }]]), '', { match: 'i', params: {} });
});

Match('rules added after a match are seen (recompiled lazily)', () => {
  const map = mapOf([['/a', { endpoint: 'a' }]]);
  check(map, '/b', 'notFound');
  map.add('/b', { endpoint: 'b' });
  check(map, '/b', { match: 'b', params: {} });
  map.compile();
  map.compile();
  check(map, '/a', { match: 'a', params: {} });
});

Match('defaults are added to params', () => {
  check(mapOf([['/x', { endpoint: 'x', defaults: { lang: 'en' } }]]), '/x', {
    match: 'x',
    params: { lang: 'en' },
  });
});

const Slashes = suite('UrlMap.match slashes');

Slashes('a branch rule requested without its slash redirects; a leaf with a slash is 404', () => {
  const map = mapOf([
    ['/dir/', { endpoint: 'dir' }],
    ['/leaf', { endpoint: 'leaf' }],
  ]);
  check(map, '/dir', { redirect: '/dir/' });
  check(map, '/dir/', { match: 'dir', params: {} });
  check(map, '/leaf/', 'notFound');
});

Slashes('the redirect is a quoted path that never starts with //', () => {
  const map = mapOf([['/<name>/', { endpoint: 'n' }]]);
  check(map, '/a b?', { redirect: '/a%20b%3F/' });
  check(map, '//evil.com', { redirect: '/evil.com/' });
  check(map, '/\\evil.com', { redirect: '/%5Cevil.com/' });
});

Slashes('path variables ending in a slash redirect too', () => {
  const map = mapOf([['/docs/<path:page>/', { endpoint: 'docs' }]]);
  check(map, '/docs/a/b', { redirect: '/docs/a/b/' });
  check(map, '/docs/a/b/', { match: 'docs', params: { page: 'a/b' } });
});

Slashes('strictSlashes: false on a rule or on the map accepts both forms', () => {
  const perRule = mapOf([
    ['/dir/', { endpoint: 'dir', strictSlashes: false }],
    ['/leaf', { endpoint: 'leaf', strictSlashes: false }],
  ]);
  check(perRule, '/dir', { match: 'dir', params: {} });
  check(perRule, '/leaf/', { match: 'leaf', params: {} });
  const perMap = mapOf([['/dir/', { endpoint: 'dir' }]], { strictSlashes: false });
  check(perMap, '/dir', { match: 'dir', params: {} });
  const overridden = mapOf([['/dir/', { endpoint: 'dir', strictSlashes: true }]], { strictSlashes: false });
  check(overridden, '/dir', { redirect: '/dir/' });
});

Slashes('repeated slashes redirect to the merged path when it matches', () => {
  const map = mapOf([
    ['/a/b', { endpoint: 'ab' }],
    ['/u/<int:id>', { endpoint: 'u' }],
  ]);
  check(map, '//a///b', { redirect: '/a/b' });
  check(map, '/a//b', { redirect: '/a/b' });
  check(map, '/u//5', { redirect: '/u/5' });
  check(map, '/a//c', 'notFound');
});

Slashes('merged slashes combine with the trailing-slash redirect', () => {
  const map = mapOf([
    ['/about/', { endpoint: 'about' }],
    ['/x/<path:p>/', { endpoint: 'px' }],
  ]);
  check(map, '/about//', { redirect: '/about/' });
  check(map, '//about', { redirect: '/about/' });
  check(map, '/about//x', 'notFound');
  check(map, '/a//b//about', 'notFound');
  check(mapOf([['/a/b/', { endpoint: 'ab' }]]), '/a//b', { redirect: '/a/b/' });
});

Slashes('slashes inside a path variable are kept and not merged', () => {
  check(mapOf([['/f/<path:p>', { endpoint: 'f' }]]), '/f/a//b', { match: 'f', params: { p: 'a//b' } });
});

Slashes('mergeSlashes: false on the map or the rule makes repeated slashes a 404', () => {
  check(mapOf([['/a/b', { endpoint: 'ab' }]], { mergeSlashes: false }), '/a//b', 'notFound');
  check(mapOf([['/a/b', { endpoint: 'ab', mergeSlashes: false }]]), '/a//b', 'notFound');
  check(mapOf([['/a//b', { endpoint: 'ab', mergeSlashes: false }]]), '/a//b', { match: 'ab', params: {} });
});

Slashes('the merged redirect for a method mismatch is still a redirect; no match keeps the 405', () => {
  const map = mapOf([['/a/b', { endpoint: 'ab', methods: ['POST'] }]]);
  check(map, '/a//b', { redirect: '/a/b' }, 'POST');
  check(map, '/a//b', { methodNotAllowed: ['OPTIONS', 'POST'] }, 'GET');
});

const Methods = suite('UrlMap.match methods');

Methods('a wrong method is a 405 with the allowed methods, HEAD and OPTIONS included', () => {
  const map = mapOf([
    ['/item', { endpoint: 'show' }],
    ['/item', { endpoint: 'create', methods: ['POST'] }],
  ]);
  check(map, '/item', { methodNotAllowed: ['GET', 'HEAD', 'OPTIONS', 'POST'] }, 'DELETE');
  check(map, '/item', { match: 'create', params: {} }, 'POST');
});

Methods('methods are case-insensitive on both sides', () => {
  const map = mapOf([['/x', { endpoint: 'x', methods: ['post'] }]]);
  check(map, '/x', { match: 'x', params: {} }, 'post');
  check(map, '/x', { match: 'x', params: {} }, 'POST');
});

Methods('HEAD is answered by GET rules', () => {
  check(mapOf([['/x', { endpoint: 'x' }]]), '/x', { match: 'x', params: {} }, 'HEAD');
  check(
    mapOf([['/x', { endpoint: 'x', methods: ['POST'] }]]),
    '/x',
    { methodNotAllowed: ['OPTIONS', 'POST'] },
    'HEAD',
  );
});

Methods('OPTIONS is answered automatically with every method of the path', () => {
  const map = mapOf([
    ['/x', { endpoint: 'x', methods: ['POST'] }],
    ['/<name>', { endpoint: 'name', methods: ['PUT'] }],
  ]);
  check(map, '/x', { options: ['OPTIONS', 'POST', 'PUT'], endpoint: 'x' }, 'OPTIONS');
  check(map, '/y', { options: ['OPTIONS', 'PUT'], endpoint: 'name' }, 'OPTIONS');
  check(map, '/a/b', 'notFound', 'OPTIONS');
});

Methods('a rule listing OPTIONS gets it as a normal match', () => {
  const map = mapOf([['/cors', { endpoint: 'cors', methods: ['GET', 'OPTIONS'] }]]);
  check(map, '/cors', { match: 'cors', params: {} }, 'OPTIONS');
});

Methods('OPTIONS to a branch without its slash redirects like GET', () => {
  check(mapOf([['/d/', { endpoint: 'd' }]]), '/d', { redirect: '/d/' }, 'OPTIONS');
});

Methods('allowedMethods lists what a path accepts', () => {
  const map = mapOf([
    ['/x', { endpoint: 'x' }],
    ['/x', { endpoint: 'y', methods: ['DELETE'] }],
  ]);
  assert.equal(map.allowedMethods('/x'), ['DELETE', 'GET', 'HEAD', 'OPTIONS']);
  assert.equal(map.allowedMethods('//x'), ['DELETE', 'GET', 'HEAD', 'OPTIONS']);
  assert.equal(map.allowedMethods('/nope'), []);
});

const Defaults = suite('UrlMap redirectDefaults');

Defaults('a match equal to another rule’s defaults redirects there', () => {
  const specs: Spec[] = [
    ['/all/page/<int:page>', { endpoint: 'all' }],
    ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
  ];
  const map = mapOf(specs);
  check(map, '/all/page/1', { redirect: '/all/' });
  check(map, '/all/page/2', { match: 'all', params: { page: 2 } });
  check(map, '/all/', { match: 'all', params: { page: 1 } });
  check(mapOf(specs, { redirectDefaults: false }), '/all/page/1', { match: 'all', params: { page: 1 } });
});

const Converters = suite('UrlMap converters');

Converters('every default converter matches and builds both ways', () => {
  const uuid = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
  const map = mapOf([
    ['/s/<string(length=2):lang>', { endpoint: 's' }],
    ['/i/<int(fixed_digits=4, signed=True):n>', { endpoint: 'i' }],
    ['/f/<float(min=0.5):x>', { endpoint: 'f' }],
    ['/u/<uuid:id>', { endpoint: 'u' }],
    ['/a/<any(about, "help me"):page>', { endpoint: 'a' }],
    ['/p/<path:rest>', { endpoint: 'p' }],
  ]);
  const cases: [string, Record<string, unknown>, string][] = [
    ['s', { lang: 'fr' }, '/s/fr'],
    ['i', { n: -42 }, '/i/-042'],
    ['f', { x: 2 }, '/f/2.0'],
    ['u', { id: uuid }, `/u/${uuid}`],
    ['a', { page: 'help me' }, '/a/help%20me'],
    ['p', { rest: 'a b/c.txt' }, '/p/a%20b/c.txt'],
  ];
  for (const [endpoint, values, url] of cases) {
    assert.is(map.build(endpoint, values), url);
    const decoded = decodeURIComponent(url);
    check(map, decoded, { match: endpoint, params: values });
  }
  check(map, '/s/fra', 'notFound');
  check(map, '/f/0.25', 'notFound');
  check(map, `/u/${uuid.toUpperCase()}`, { match: 'u', params: { id: uuid } });
  check(map, '/a/other', 'notFound');
});

Converters('a custom converter registered on the map is used to match and to build', () => {
  const list: ConverterFactory = (args) => {
    const separator = String(args[0] ?? ',');
    return {
      regex: `[^/]+(?:${separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^/]+)*`,
      weight: 100,
      toValue: (raw) => raw.split(separator),
      toUrl: (value) => (value as string[]).map(encodeURIComponent).join(separator),
    };
  };
  const map = new UrlMap();
  map.converters.list = list;
  map.add('/tags/<list:tags>', { endpoint: 'tags' });
  map.add('/plus/<list("+"):items>', { endpoint: 'plus' });
  check(map, '/tags/a,b,c', { match: 'tags', params: { tags: ['a', 'b', 'c'] } });
  check(map, '/plus/x+y', { match: 'plus', params: { items: ['x', 'y'] } });
  assert.is(map.build('tags', { tags: ['a b', 'c'] }), '/tags/a%20b,c');
  assert.is(map.build('plus', { items: ['x', 'y'] }), '/plus/x+y');
});

Converters('a custom converter given in the options; it may replace a default one', () => {
  const upper: ConverterFactory = () => ({
    regex: '[A-Z]+',
    weight: 100,
    toValue: (raw) => raw.toLowerCase(),
    toUrl: (value) => String(value).toUpperCase(),
  });
  const map = mapOf([['/<name>', { endpoint: 'n' }]], { converters: { default: upper } });
  check(map, '/ABC', { match: 'n', params: { name: 'abc' } });
  check(map, '/abc', 'notFound');
  assert.is(map.build('n', { name: 'xy' }), '/XY');
});

Converters('a custom converter throwing ValidationError is a 404', () => {
  const map = mapOf([['/e/<even:n>', { endpoint: 'e' }]], { converters: { even } });
  check(map, '/e/4', { match: 'e', params: { n: 4 } });
  check(map, '/e/5', 'notFound');
});

Converters('unknown converter errors list the custom converters too', () => {
  const map = new UrlMap({
    converters: { hex: () => ({ regex: '[0-9a-f]+', weight: 100, toValue: String, toUrl: String }) },
  });
  assert.throws(
    () => map.add('/<nope:x>', { endpoint: 'x' }),
    /known converters: any, default, float, hex, int, path, string, uuid\)/,
  );
});

const Add = suite('UrlMap.add');

Add('returns the rule and refuses bad rules with a RuleError', () => {
  const map = new UrlMap();
  const rule = map.add('/x', { endpoint: 'x' });
  assert.is(rule.endpoint, 'x');
  assert.throws(
    () => map.add('x', { endpoint: 'x' }),
    (error: unknown) => error instanceof RuleError && /must start with a slash/.test(error.message),
  );
});

Add('refuses a rule that duplicates another for the same methods', () => {
  const map = mapOf([['/a/<int:id>', { endpoint: 'a' }]]);
  assert.throws(
    () => map.add('/a/<int(max=9):n>', { endpoint: 'b' }),
    /matches the same URLs and methods as <Rule '\/a\/<int:id>' \(GET, HEAD\) -> a>, so one of them could never be reached/,
  );
  map.add('/a/<int:id>', { endpoint: 'c', methods: ['POST'] });
  map.add('/a/<id>', { endpoint: 'd' });
  assert.equal(map.endpoints(), ['a', 'c', 'd']);
});

Add('rules() in registration order and endpoints() without repeats', () => {
  const map = mapOf([
    ['/b', { endpoint: 'b' }],
    ['/a', { endpoint: 'a' }],
    ['/b2', { endpoint: 'b' }],
  ]);
  assert.equal(
    map.rules().map((rule) => rule.rule),
    ['/b', '/a', '/b2'],
  );
  assert.equal(map.endpoints(), ['b', 'a']);
});

const Build = suite('UrlMap.build');

Build('builds with query, lists, anchor, external and method', () => {
  const map = mapOf([
    ['/user/<int:id>', { endpoint: 'user' }],
    ['/user/<int:id>', { endpoint: 'user', methods: ['POST'] }],
    ['/user/<int:id>/edit', { endpoint: 'edit', methods: ['POST'] }],
  ]);
  assert.is(map.build('user', { id: 5, q: 'x', _anchor: 'top' }), '/user/5?q=x#top');
  assert.is(map.build('user', { id: 5, tag: ['a', 'b'] }), '/user/5?tag=a&tag=b');
  assert.is(
    map.build('user', { id: 5, _external: true }, { host: 'example.com', scheme: 'https' }),
    'https://example.com/user/5',
  );
  assert.is(map.build('user', { id: 5, _method: 'POST' }), '/user/5');
  assert.is(map.build('edit', { id: 5 }, { method: 'POST' }), '/user/5/edit');
});

Build('failures throw BuildError naming the endpoint and suggesting a fix', () => {
  const map = mapOf([['/profile/<name>', { endpoint: 'profile' }]]);
  assert.throws(
    () => map.build('profil', { name: 'x' }),
    (error: unknown) =>
      error instanceof BuildError &&
      error.message ===
        "Could not build url for endpoint 'profil' with values ['name']. Did you mean 'profile' instead?",
  );
  assert.throws(() => map.build('profile'), /Did you forget to specify values \['name'\]\?/);
});

Build('build and match agree', () => {
  const map = mapOf([
    ['/blog/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/<slug>', { endpoint: 'post' }],
    ['/blog/', { endpoint: 'blog' }],
  ]);
  const url = map.build('post', { year: 2024, month: 3, slug: 'hello' });
  assert.is(url, '/blog/2024/03/hello');
  check(map, url, { match: 'post', params: { year: 2024, month: 3, slug: 'hello' } });
});

const Scale = suite('UrlMap with 1,000 rules');

Scale('compiles and matches every rule to itself', () => {
  const map = new UrlMap();
  for (let i = 0; i < 1000; i++) {
    if (i % 4 === 0) map.add(`/static/r${i}/page`, { endpoint: `s${i}` });
    else if (i % 4 === 1) map.add(`/api/v${i}/user/<int:id>`, { endpoint: `u${i}` });
    else if (i % 4 === 2)
      map.add(`/blog${i}/<slug>/comments/<int(min=1):n>`, { endpoint: `b${i}`, methods: ['GET', 'POST'] });
    else map.add(`/files${i}/<path:p>`, { endpoint: `f${i}` });
  }
  map.compile();
  assert.is(map.rules().length, 1000);
  for (let i = 0; i < 1000; i++) {
    const kind = i % 4;
    if (kind === 0) check(map, `/static/r${i}/page`, { match: `s${i}`, params: {} });
    else if (kind === 1) check(map, `/api/v${i}/user/${i}`, { match: `u${i}`, params: { id: i } });
    else if (kind === 2)
      check(map, `/blog${i}/post/comments/3`, { match: `b${i}`, params: { slug: 'post', n: 3 } }, 'POST');
    else check(map, `/files${i}/a/b.txt`, { match: `f${i}`, params: { p: 'a/b.txt' } });
  }
  check(map, '/blog2/post/comments/0', 'notFound');
  check(map, '/static/r0/page', { methodNotAllowed: ['GET', 'HEAD', 'OPTIONS'] }, 'POST');
  assert.is(map.build('u501', { id: 7 }), '/api/v501/user/7');
});

Match.run();
Slashes.run();
Methods.run();
Defaults.run();
Converters.run();
Add.run();
Build.run();
Scale.run();
