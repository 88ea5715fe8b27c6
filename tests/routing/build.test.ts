/**
 * Tests for lib/routing/build.ts: choosing a rule, query string, anchor, external URLs, and the
 * BuildError messages (compared with Werkzeug 2.2's wording).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BuildError, buildUrl, similarity } from '../../lib/routing/build.ts';
import { Rule, type RuleOptions } from '../../lib/routing/rule.ts';

function rules(...specs: [string, RuleOptions][]): Rule[] {
  return specs.map(([rule, options]) => new Rule(rule, options));
}

/** Candidates as the map orders them: more arguments first (stable). */
function forEndpoint(all: readonly Rule[], endpoint: string): Rule[] {
  return all.filter((rule) => rule.endpoint === endpoint).sort((a, b) => b.arguments.size - a.arguments.size);
}

function build(
  all: readonly Rule[],
  endpoint: string,
  values: Record<string, unknown> = {},
  options = {},
): string {
  return buildUrl(endpoint, forEndpoint(all, endpoint), values, options, all);
}

function buildError(
  all: readonly Rule[],
  endpoint: string,
  values: Record<string, unknown> = {},
  options = {},
): BuildError {
  try {
    build(all, endpoint, values, options);
  } catch (error) {
    assert.instance(error, BuildError);
    return error as BuildError;
  }
  throw new Error(`building ${endpoint} should fail`);
}

const Similarity = suite('similarity');

Similarity('matches difflib.SequenceMatcher.ratio', () => {
  assert.is(similarity('profil', 'profile'), 12 / 13);
  assert.is(similarity('index', 'admin.index'), 0.625);
  assert.is(similarity('abc', 'xyz'), 0);
  assert.is(similarity('user', 'users'), 8 / 9);
  assert.is(similarity('', ''), 1);
  assert.is(similarity('ab', ''), 0);
  assert.is(similarity('post_edit', 'edit_post'), 4 / 9);
});

const Build = suite('buildUrl');

const USERS = rules(
  ['/users/', { endpoint: 'users' }],
  ['/users/<int:page>', { endpoint: 'users' }],
  ['/user/<int:id>', { endpoint: 'user' }],
  ['/user/<int:id>', { endpoint: 'user_update', methods: ['POST'] }],
  ['/form', { endpoint: 'form', methods: ['POST'] }],
  ['/form', { endpoint: 'form' }],
);

Build('picks the rule whose variables are all given, more variables first', () => {
  assert.is(build(USERS, 'users'), '/users/');
  assert.is(build(USERS, 'users', { page: 2 }), '/users/2');
});

Build('unused values become the query string; arrays repeat; null and undefined are dropped', () => {
  assert.is(
    build(USERS, 'user', { id: 5, q: 'a b', tag: ['x', 'y'], skip: null, gone: undefined }),
    '/user/5?q=a+b&tag=x&tag=y',
  );
});

Build('a null value for a variable counts as missing', () => {
  assert.throws(
    () => build(USERS, 'user', { id: null }),
    (error: unknown) => error instanceof BuildError,
  );
});

Build('_anchor is quoted after #', () => {
  assert.is(build(USERS, 'user', { id: 5, _anchor: 'top of/page?#%20' }), '/user/5#top%20of/page?#%20');
  assert.is(build(USERS, 'user', { id: 5, q: 1, _anchor: 'x' }), '/user/5?q=1#x');
});

Build('_external gives scheme://host; scheme from _scheme, options, or http', () => {
  assert.is(
    build(USERS, 'user', { id: 5, _external: true }, { host: 'example.com' }),
    'http://example.com/user/5',
  );
  assert.is(
    build(USERS, 'user', { id: 5 }, { external: true, host: 'h:8080', scheme: 'https' }),
    'https://h:8080/user/5',
  );
  assert.is(
    build(USERS, 'user', { id: 5, _scheme: 'https' }, { host: 'h' }),
    'https://h/user/5',
    '_scheme implies external',
  );
  assert.is(build(USERS, 'user', { id: 5, _external: false }, { external: true, host: 'h' }), '/user/5');
});

Build('scriptName prefixes the path', () => {
  assert.is(build(USERS, 'users', {}, { scriptName: '/app/' }), '/app/users/');
  assert.is(
    build(USERS, 'users', { _external: true }, { scriptName: '/app', host: 'h' }),
    'http://h/app/users/',
  );
});

Build('bad _scheme or host is a TypeError', () => {
  assert.throws(
    () => build(USERS, 'users', { _scheme: 'https', _external: false }),
    /When specifying '_scheme', '_external' must be true/,
  );
  assert.throws(
    () => build(USERS, 'users', { _scheme: 'ht tp' }, { host: 'h' }),
    /'_scheme' must be a URL scheme/,
  );
  assert.throws(() => build(USERS, 'users', { _external: true }), /without a valid host \(got undefined\)/);
  assert.throws(
    () => build(USERS, 'users', { _external: true }, { host: 'evil.com/x?' }),
    (error: unknown) => error instanceof TypeError,
  );
  assert.throws(
    () => build(USERS, 'users', { _external: true }, { host: 'a@b' }),
    (error: unknown) => error instanceof TypeError,
  );
});

Build('_method picks among rules of an endpoint; without it GET rules come first', () => {
  const both = rules(['/a', { endpoint: 'e', methods: ['POST'] }], ['/b', { endpoint: 'e' }]);
  assert.is(build(both, 'e'), '/b');
  assert.is(build(both, 'e', { _method: 'post' }), '/a');
  assert.is(build(both, 'e', {}, { method: 'POST' }), '/a');
  assert.is(build(both, 'e', { _method: 'GET' }, { method: 'POST' }), '/b', '_method wins over options');
  assert.is(
    build(rules(['/p', { endpoint: 'p', methods: ['POST'] }]), 'p'),
    '/p',
    'a POST-only rule still builds',
  );
});

Build('special keys are never put in the query string', () => {
  assert.is(
    build(USERS, 'users', { _method: 'GET', _anchor: undefined, _scheme: undefined, _external: undefined }),
    '/users/',
  );
});

Build('values given for defaults must match them', () => {
  const all = rules(
    ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
    ['/all/page/<int:page>', { endpoint: 'all' }],
  );
  assert.is(build(all, 'all', { page: 1 }), '/all/');
  assert.is(build(all, 'all', { page: 2 }), '/all/page/2');
  assert.is(build(all, 'all'), '/all/');
});

const Errors = suite('BuildError');

Errors('unknown endpoint with a close name', () => {
  const all = rules(['/profile', { endpoint: 'profile' }], ['/', { endpoint: 'index' }]);
  const error = buildError(all, 'profil');
  assert.is(error.message, "Could not build url for endpoint 'profil'. Did you mean 'profile' instead?");
  assert.is(error.endpoint, 'profil');
  assert.is(error.suggested?.endpoint, 'profile');
  assert.is(error.name, 'BuildError');
});

Errors('blueprint endpoints are suggested for the bare name', () => {
  const all = rules(['/admin/', { endpoint: 'admin.index' }]);
  assert.match(buildError(all, 'index').message, /Did you mean 'admin.index' instead\?$/);
});

Errors('no suggestion when nothing is close', () => {
  const all = rules(['/', { endpoint: 'index' }]);
  assert.is(
    buildError(all, 'zzzz', { a: 1 }).message,
    "Could not build url for endpoint 'zzzz' with values ['a'].",
  );
  assert.is(buildError([], 'x').message, "Could not build url for endpoint 'x'.");
});

Errors('missing values are named (Werkzeug 2.2 wording)', () => {
  const all = rules(['/u/<n>', { endpoint: 'ustr' }]);
  assert.is(
    buildError(all, 'ustr').message,
    "Could not build url for endpoint 'ustr'. Did you forget to specify values ['n']?",
  );
  const two = rules(['/<b>/<a>', { endpoint: 'x' }]);
  assert.is(
    buildError(two, 'x', { c: 1 }).message,
    "Could not build url for endpoint 'x' with values ['c']. Did you forget to specify values ['a', 'b']?",
  );
});

Errors('a method the endpoint does not allow (Werkzeug 2.2 wording)', () => {
  const all = rules(['/post', { endpoint: 'post', methods: ['POST'] }]);
  assert.is(
    buildError(all, 'post', { _method: 'GET' }).message,
    "Could not build url for endpoint 'post' ('GET'). Did you mean to use methods ['POST']?",
  );
});

Errors('the message lists value names but never values', () => {
  const all = rules(['/u/<int:id>', { endpoint: 'u' }]);
  const error = buildError(all, 'v', { token: 's3cret' });
  assert.not.match(error.message, /s3cret/);
  assert.equal(error.names, ['token']);
});

Similarity.run();
Build.run();
Errors.run();
