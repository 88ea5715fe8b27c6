/**
 * Tests for lib/routing/matcher.ts: the state machine on its own (which rule, which captured
 * texts, slash-required, collected methods). Whole-map behaviour is in map.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Matcher, SLASH_REQUIRED, type Walk } from '../../lib/routing/matcher.ts';
import { Rule, type RuleOptions } from '../../lib/routing/rule.ts';

type Spec = readonly [rule: string, endpoint: string, options?: Partial<RuleOptions>];

function build(specs: readonly Spec[]): Matcher {
  const matcher = new Matcher();
  for (const [rule, endpoint, options] of specs) matcher.add(new Rule(rule, { endpoint, ...options }));
  matcher.sort();
  return matcher;
}

function find(
  matcher: Matcher,
  path: string,
  method = 'GET',
): { endpoint: string | symbol | null; values: string[]; allowed: string[] | null } {
  const walk: Walk = { values: [], allowed: null };
  const found = matcher.find(path, method, walk);
  return {
    endpoint: found === null || found === SLASH_REQUIRED ? found : found.endpoint,
    values: walk.values,
    allowed: walk.allowed === null ? null : [...walk.allowed].sort(),
  };
}

/** Every ordering of a list, to show that registration order does not decide priority. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

const Priority = suite('Matcher priority');

Priority('static beats converters; lighter converters beat heavier ones, in any order', () => {
  const specs: Spec[] = [
    ['/user/me', 'me'],
    ['/user/<int:id>', 'byId'],
    ['/user/<name>', 'byName'],
    ['/user/<path:rest>', 'rest'],
  ];
  for (const order of permutations(specs)) {
    const matcher = build(order);
    const label = order.map(([rule]) => rule).join(' ');
    assert.is(find(matcher, '/user/me').endpoint, 'me', label);
    assert.is(find(matcher, '/user/42').endpoint, 'byId', label);
    assert.is(find(matcher, '/user/bob').endpoint, 'byName', label);
    assert.is(find(matcher, '/user/a/b').endpoint, 'rest', label);
  }
});

Priority('more static text in a segment wins over a bare variable', () => {
  for (const order of permutations<Spec>([
    ['/f/<name>', 'bare'],
    ['/f/<name>.json', 'json'],
    ['/f/<a>.<b>', 'two'],
  ])) {
    const matcher = build(order);
    assert.is(find(matcher, '/f/x.json').endpoint, 'json');
    assert.is(find(matcher, '/f/x.y').endpoint, 'two');
    assert.is(find(matcher, '/f/x').endpoint, 'bare');
  }
});

Priority('static is preferred segment by segment, with backtracking', () => {
  for (const order of permutations<Spec>([
    ['/a/me/<x>', 'staticFirst'],
    ['/a/<name>/edit', 'dynamicFirst'],
  ])) {
    const matcher = build(order);
    assert.is(find(matcher, '/a/me/edit').endpoint, 'staticFirst');
    assert.is(find(matcher, '/a/you/edit').endpoint, 'dynamicFirst');
  }
  const matcher = build([
    ['/a/me/x/y', 'deep'],
    ['/a/<name>/x', 'short'],
  ]);
  assert.is(
    find(matcher, '/a/me/x').endpoint,
    'short',
    'the static branch fails deeper, the dynamic one matches',
  );
});

Priority('equal weights keep registration order', () => {
  assert.is(
    find(
      build([
        ['/<a>', 'first'],
        ['/<string(maxlength=9):b>', 'second'],
      ]),
      '/x',
    ).endpoint,
    'first',
  );
  assert.is(
    find(
      build([
        ['/<string(maxlength=9):b>', 'second'],
        ['/<a>', 'first'],
      ]),
      '/x',
    ).endpoint,
    'second',
  );
});

const Find = suite('Matcher.find');

Find('captures texts in rule order', () => {
  const matcher = build([['/u/<int:id>/v<int:n>-<slug>/<path:rest>', 'x']]);
  assert.equal(find(matcher, '/u/1/v2-abc/d/e').values, ['1', '2', 'abc', 'd/e']);
});

Find('backtracking drops the values of abandoned branches', () => {
  const matcher = build([
    ['/<a>/x', 'ax'],
    ['/<path:p>', 'p'],
  ]);
  assert.equal(find(matcher, '/one/two/three'), { endpoint: 'p', values: ['one/two/three'], allowed: null });
});

Find('the root rule and empty segments', () => {
  const matcher = build([
    ['/', 'index'],
    ['/a//b', 'double', { mergeSlashes: false }],
  ]);
  assert.is(find(matcher, '/').endpoint, 'index');
  assert.is(find(matcher, '/a//b').endpoint, 'double');
  assert.is(find(matcher, '/a/b').endpoint, null);
});

Find('a missing trailing slash on a strict branch rule is SLASH_REQUIRED', () => {
  const matcher = build([
    ['/dir/', 'dir'],
    ['/p/<path:p>/', 'p'],
  ]);
  assert.is(find(matcher, '/dir').endpoint, SLASH_REQUIRED);
  assert.is(find(matcher, '/p/a/b').endpoint, SLASH_REQUIRED);
  assert.equal(find(matcher, '/p/a/b/').values, ['a/b']);
});

Find('the slash redirect is found before a dynamic rule that matches as is (Werkzeug)', () => {
  const matcher = build([
    ['/about/', 'about'],
    ['/<name>', 'name'],
  ]);
  assert.is(find(matcher, '/about').endpoint, SLASH_REQUIRED);
  assert.is(find(matcher, '/other').endpoint, 'name');
});

Find('non-strict rules match with and without the slash', () => {
  const matcher = build([
    ['/leaf', 'leaf', { strictSlashes: false }],
    ['/branch/', 'branch', { strictSlashes: false }],
  ]);
  assert.is(find(matcher, '/leaf').endpoint, 'leaf');
  assert.is(find(matcher, '/leaf/').endpoint, 'leaf');
  assert.is(find(matcher, '/branch/').endpoint, 'branch');
  assert.is(find(matcher, '/branch').endpoint, 'branch');
});

Find('a strict leaf rule does not match with a trailing slash', () => {
  assert.is(find(build([['/leaf', 'leaf']]), '/leaf/').endpoint, null);
});

Find('method mismatches are collected and matching goes on', () => {
  const matcher = build([
    ['/x', 'post', { methods: ['POST'] }],
    ['/<name>', 'name', { methods: ['PUT'] }],
  ]);
  assert.equal(find(matcher, '/x', 'GET'), {
    endpoint: null,
    values: [],
    allowed: ['OPTIONS', 'POST', 'PUT'],
  });
  assert.is(find(matcher, '/x', 'PUT').endpoint, 'name');
  assert.is(find(matcher, '/x', 'OPTIONS').endpoint, 'post');
});

Find('several rules on one path: the first that allows the method', () => {
  const matcher = build([
    ['/x', 'read'],
    ['/x', 'write', { methods: ['POST'] }],
  ]);
  assert.is(find(matcher, '/x', 'POST').endpoint, 'write');
  assert.is(find(matcher, '/x', 'HEAD').endpoint, 'read');
});

Find('segments are compared exactly, whatever their length or first character', () => {
  const matcher = build([
    ['/abc', 'abc'],
    ['/abd', 'abd'],
    ['/ab', 'ab'],
    ['/b', 'b'],
    [`/${'x'.repeat(5000)}`, 'long'],
    [`/${'x'.repeat(4999)}y`, 'long2'],
  ]);
  assert.is(find(matcher, '/abd').endpoint, 'abd');
  assert.is(find(matcher, '/abc/').endpoint, null);
  assert.is(find(matcher, '/ab').endpoint, 'ab');
  assert.is(find(matcher, '/abe').endpoint, null);
  assert.is(find(matcher, `/${'x'.repeat(5000)}`).endpoint, 'long');
  assert.is(find(matcher, `/${'x'.repeat(4999)}y`).endpoint, 'long2');
  assert.is(find(matcher, `/${'x'.repeat(4999)}z`).endpoint, null);
});

const Siblings = suite('Matcher static siblings');

Siblings('hundreds of static segments alike in first character and length each find their rule', () => {
  const specs: Spec[] = [];
  for (let index = 0; index < 300; index++) specs.push([`/r${index}/<int:id>`, `r${index}`]);
  const matcher = build(specs);
  for (let index = 0; index < 300; index++) {
    assert.equal(find(matcher, `/r${index}/7`), { endpoint: `r${index}`, values: ['7'], allowed: null });
  }
  assert.is(find(matcher, '/r300/7').endpoint, null);
  assert.is(find(matcher, '/r1x/7').endpoint, null);
});

Priority.run();
Find.run();
Siblings.run();
