/**
 * Tests for lib/routing/compile.ts: the generated matcher must decide exactly as the walk of
 * matcher.ts on every path that matches, and hand everything else back (null) or report a
 * rejected value. A differential property test compares the two on random rule sets and paths.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type CompiledMatch, compiledSource, compileMatch, REJECTED } from '../../lib/routing/compile.ts';
import { type ConverterFactory, ValidationError } from '../../lib/routing/converters.ts';
import { RuleError, UrlMap } from '../../lib/routing/map.ts';
import { Matcher, SLASH_REQUIRED, type Walk } from '../../lib/routing/matcher.ts';
import type { Rule, RuleOptions } from '../../lib/routing/rule.ts';
import { even } from '../helpers/converters.ts';
import { assertInheritsNothing } from '../helpers/inherits-nothing.ts';
import { check } from '../helpers/property.ts';

type Spec = readonly [rule: string, options: RuleOptions];

interface Compiled {
  readonly matcher: Matcher;
  readonly match: CompiledMatch;
  readonly rules: readonly Rule[];
}

/** Registers the specs that are valid rules (through a map, which checks them) and compiles them. */
function compiled(
  specs: readonly Spec[],
  viaMap: (rule: Rule) => boolean = () => false,
  functionSize?: number,
): Compiled {
  const map = new UrlMap({ converters: { even } });
  for (const [rule, ruleOptions] of specs) {
    try {
      map.add(rule, ruleOptions);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
    }
  }
  const matcher = new Matcher();
  for (const rule of map.rules()) matcher.add(rule);
  matcher.sort();
  return { matcher, match: compileMatch(matcher, viaMap, functionSize), rules: map.rules() };
}

/** What the compiled matcher must return, from the walk: the contract of compile.ts. */
function expected(
  { matcher }: Compiled,
  path: string,
  method: string,
  viaMap: (rule: Rule) => boolean,
): unknown {
  const walk: Walk = { values: [], allowed: null };
  const found = matcher.find(path, method, walk);
  if (method === 'OPTIONS' || found === null || found === SLASH_REQUIRED || viaMap(found)) return null;
  const params = found.toParams(walk.values);
  return params === null ? 'rejected' : { endpoint: found.endpoint, rule: found.rule, params: { ...params } };
}

function actual(match: CompiledMatch, path: string, method: string): unknown {
  const result = match(path, method);
  if (result === null) return null;
  if (result === REJECTED) return 'rejected';
  if (result.kind !== 'match') return result;
  assertInheritsNothing(result.params);
  return { endpoint: result.rule.endpoint, rule: result.rule.rule, params: { ...result.params } };
}

function agree(set: Compiled, path: string, method = 'GET', viaMap: (rule: Rule) => boolean = () => false) {
  assert.equal(actual(set.match, path, method), expected(set, path, method, viaMap), `${method} ${path}`);
}

const Compile = suite('compileMatch');

Compile('static, dynamic and path rules match with converted params', () => {
  const set = compiled([
    ['/', { endpoint: 'index' }],
    ['/user/<int:id>', { endpoint: 'user' }],
    ['/user/<name>', { endpoint: 'name' }],
    ['/user/me', { endpoint: 'me' }],
    ['/files/<path:rest>', { endpoint: 'files' }],
    ['/very/long/static/path/for/the/map', { endpoint: 'long' }],
  ]);
  assert.equal(actual(set.match, '/', 'GET'), { endpoint: 'index', rule: '/', params: {} });
  assert.equal(actual(set.match, '/user/5', 'GET'), {
    endpoint: 'user',
    rule: '/user/<int:id>',
    params: { id: 5 },
  });
  assert.equal(actual(set.match, '/user/me', 'GET'), { endpoint: 'me', rule: '/user/me', params: {} });
  assert.equal(actual(set.match, '/user/bob', 'HEAD'), {
    endpoint: 'name',
    rule: '/user/<name>',
    params: { name: 'bob' },
  });
  assert.equal(actual(set.match, '/files/a/b.txt', 'GET'), {
    endpoint: 'files',
    rule: '/files/<path:rest>',
    params: { rest: 'a/b.txt' },
  });
  assert.is(
    (actual(set.match, '/very/long/static/path/for/the/map', 'GET') as { endpoint: string }).endpoint,
    'long',
  );
});

Compile('redirects, 405s, 404s and OPTIONS are left to the walk (null)', () => {
  const set = compiled([
    ['/branch/', { endpoint: 'branch' }],
    ['/post', { endpoint: 'post', methods: ['POST'] }],
  ]);
  assert.is(set.match('/branch', 'GET'), null);
  assert.is(set.match('/post', 'GET'), null);
  assert.is(set.match('/post', 'OPTIONS'), null);
  assert.is(set.match('/nothing', 'GET'), null);
  assert.is(set.match('/post', 'post'), null);
});

Compile('a converter refusing the value is REJECTED; its toValue runs once', () => {
  let calls = 0;
  const counting: ConverterFactory = () => ({
    regex: '[a-z]+',
    weight: 100,
    toValue(raw) {
      calls += 1;
      if (raw === 'no') throw new ValidationError();
      return raw.toUpperCase();
    },
    toUrl: String,
  });
  const map = new UrlMap({ converters: { counting, even } });
  map.add('/c/<counting:word>', { endpoint: 'c' });
  map.add('/e/<even:n>', { endpoint: 'e' });
  const matcher = new Matcher();
  for (const rule of map.rules()) matcher.add(rule);
  matcher.sort();
  const match = compileMatch(matcher, () => false);
  assert.equal(actual(match, '/c/yes', 'GET'), {
    endpoint: 'c',
    rule: '/c/<counting:word>',
    params: { word: 'YES' },
  });
  assert.is(calls, 1);
  assert.is(match('/c/no', 'GET'), REJECTED);
  assert.is(calls, 2);
  assert.is(match('/e/3', 'GET'), REJECTED);
});

Compile('an error other than ValidationError propagates', () => {
  const broken: ConverterFactory = () => ({
    regex: '[^/]+',
    weight: 100,
    toValue() {
      throw new TypeError('broken');
    },
    toUrl: String,
  });
  const map = new UrlMap({ converters: { broken } });
  map.add('/b/<broken:x>', { endpoint: 'b' });
  const matcher = new Matcher();
  for (const rule of map.rules()) matcher.add(rule);
  matcher.sort();
  assert.throws(() => compileMatch(matcher, () => false)('/b/x', 'GET'), /broken/);
});

Compile('rules marked viaMap give null, so the map checks their defaults', () => {
  const viaMap = (rule: Rule) => rule.endpoint === 'page';
  const set = compiled(
    [
      ['/all/', { endpoint: 'page', defaults: { n: 1 } }],
      ['/all/<int:n>', { endpoint: 'page' }],
      ['/other/<int:n>', { endpoint: 'other', defaults: { extra: true } }],
    ],
    viaMap,
  );
  assert.is(set.match('/all/1', 'GET'), null);
  assert.equal(actual(set.match, '/other/2', 'GET'), {
    endpoint: 'other',
    rule: '/other/<int:n>',
    params: { n: 2, extra: true },
  });
});

Compile('a large rule set is split into functions and still agrees with the walk', () => {
  const specs: Spec[] = [];
  for (let index = 0; index < 60; index++) {
    specs.push([`/r${index}`, { endpoint: `list${index}` }]);
    specs.push([`/r${index}/<int:id>`, { endpoint: `get${index}`, methods: ['GET', 'PUT'] }]);
    specs.push([`/r${index}/<int:id>/items/<item>`, { endpoint: `item${index}` }]);
    specs.push([`/admin/r${index}/<path:rest>`, { endpoint: `admin${index}` }]);
  }
  const set = compiled(specs);
  assert.match(compiledSource(set.matcher), /function f\d+\(/);
  for (const index of [0, 7, 31, 59]) {
    for (const path of [
      `/r${index}`,
      `/r${index}/5`,
      `/r${index}/x`,
      `/r${index}/5/items/a`,
      `/admin/r${index}/a/b`,
    ]) {
      for (const method of ['GET', 'PUT', 'POST']) agree(set, path, method);
    }
  }
});

Compile('where code generation is disallowed, the map still routes (through the walk)', () => {
  const script = [
    `import { UrlMap } from '${new URL('../../lib/routing/map.ts', import.meta.url).href}';`,
    'const map = new UrlMap();',
    "map.add('/u/<int:id>', { endpoint: 'u' });",
    "map.add('/a/', { endpoint: 'a' });",
    "const kinds = ['/u/5', '/a', '/u/x'].map((path) => map.match(path, 'GET'));",
    'console.log(JSON.stringify(kinds.map((result) => result.kind)), JSON.stringify(kinds[0].params));',
  ].join('\n');
  const child = spawnSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: new URL('../..', import.meta.url) },
  );
  assert.is(child.stdout.trim(), '["match","redirect","notFound"] {"id":5}', child.stderr);
});

Compile.run();

// ── differential: compiled matcher vs the walk ──────────────────────────────────────────────────

const Differential = suite('compileMatch agrees with the walk');

const WORDS = ['a', 'b', 'ab', 'x-y', 'é'];
const VARIABLES = [
  '<v>',
  '<int:v>',
  '<int(max=5):v>',
  '<int(signed=True):v>',
  '<float:v>',
  '<string(length=2):v>',
  '<any(a, ab):v>',
  '<even:v>',
  '<path:v>',
  'a<v>',
  '<v>.j',
  '<int:v>-<w>',
];

/** A rule segment: a word, a variable (named by position), or nothing (a `//`). */
const segmentSpec = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...VARIABLES) },
  { weight: 1, arbitrary: fc.constant('') },
);

const ruleSpec: fc.Arbitrary<Spec> = fc
  .record({
    segments: fc.array(segmentSpec, { minLength: 0, maxLength: 4 }),
    slash: fc.boolean(),
    methods: fc.subarray(['GET', 'POST', 'PUT'], { minLength: 1 }),
    strictSlashes: fc.constantFrom(undefined, false),
    mergeSlashes: fc.constantFrom(undefined, false),
    endpoint: fc.constantFrom('e0', 'e1', 'e2'),
    defaults: fc.constantFrom(undefined, { d: 1 }),
  })
  .map(({ segments, slash, methods, endpoint, defaults, ...slashes }) => {
    const named = segments.map((segment, index) =>
      segment.replace('<v>', `<v${index}>`).replace(':v>', `:v${index}>`).replace('<w>', `<w${index}>`),
    );
    const rule = `/${named.join('/')}${slash && named.length > 0 ? '/' : ''}`;
    const options: RuleOptions = { endpoint, methods, ...slashes, ...(defaults && { defaults }) };
    return [rule, options] as const;
  });

const PATH_SEGMENTS = [
  'a',
  'b',
  'ab',
  'x-y',
  'é',
  '1',
  '42',
  '4',
  '-3',
  '1.5',
  'aa',
  'aa.j',
  'a1',
  '7-ab',
  '',
  'a/b',
];
const pathSpec = fc
  .tuple(fc.array(fc.constantFrom(...PATH_SEGMENTS), { maxLength: 5 }), fc.boolean())
  .map(([segments, slash]) => `/${segments.join('/')}${slash ? '/' : ''}`);

const VALUES = ['a', 'ab', '1', '42', '4', '-3', '1.5', 'a/b', 'x-y', '7', ''];

/** A path close to a rule: its variables filled from VALUES, its trailing slash maybe toggled. */
function pathNear(rule: string, choices: readonly number[]): string {
  let at = 0;
  const pick = () => choices[at++ % choices.length]!;
  const filled = rule.replace(/<([^>]+)>/g, (variable) => {
    const choice = pick();
    // Mostly a value of the variable's own kind, so that many paths match.
    if (choice % 3 === 0) return VALUES[(choice >> 2) % VALUES.length]!;
    return variable.includes('int') || variable.includes('even') ? String(choice % 12) : 'ab';
  });
  if (pick() % 4 !== 0) return filled;
  return filled.endsWith('/') ? filled.slice(0, -1) : `${filled}/`;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'get'] as const;

/** 40 more static segments at the root and under `a`: enough for the Map lookup of segments. */
const FILLERS: Spec[] = Array.from({ length: 40 }, (_, index) => [
  [`/f${index}`, { endpoint: 'e0' }] as const,
  [`/a/f${index}/<int:v>`, { endpoint: 'e1' }] as const,
]).flat();

Differential('on random rule sets, paths and methods', () => {
  check(
    fc.property(
      fc.array(ruleSpec, { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(pathSpec, fc.constantFrom(...METHODS)), { minLength: 1, maxLength: 10 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      fc.constantFrom(undefined, 1, 3),
      fc.boolean(),
      (specs, requests, choices, marked, functionSize, crowded) => {
        const viaMap = marked ? (rule: Rule) => rule.endpoint === 'e2' : () => false;
        // Small function sizes cut the code at every state: calls must behave as inline code. A
        // crowded root has more static transitions than the character switches take.
        const fillers: Spec[] = crowded ? FILLERS : [];
        const set = compiled([...specs, ...fillers], viaMap, functionSize);
        for (const [path, method] of requests) agree(set, path, method, viaMap);
        set.rules.forEach((rule, index) => {
          const choice = choices[index % choices.length]! >> 3;
          const own = [...rule.methods];
          const method = choice % 4 === 0 ? METHODS[choice % METHODS.length]! : own[choice % own.length]!;
          agree(set, pathNear(rule.rule, choices.slice(index)), method, viaMap);
        });
      },
    ),
    1000,
  );
});

Differential.run();
