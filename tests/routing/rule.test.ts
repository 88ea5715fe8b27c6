/**
 * Tests for lib/routing/rule.ts: registration checks, params conversion and building of one rule.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type ConverterFactory, defaultConverters, ValidationError } from '../../lib/routing/converters.ts';
import { RuleError } from '../../lib/routing/parse.ts';
import { Rule, type RuleOptions } from '../../lib/routing/rule.ts';
import { assertInheritsNothing } from '../helpers/inherits-nothing.ts';

function ruleError(
  rule: string,
  options: RuleOptions,
  message: RegExp,
  converters?: Record<string, ConverterFactory>,
): void {
  try {
    new Rule(rule, options, converters === undefined ? {} : { converters });
  } catch (error) {
    assert.instance(error, RuleError);
    assert.match((error as Error).message, message);
    assert.ok((error as Error).message.startsWith(`Invalid URL rule '${rule}': `), (error as Error).message);
    return;
  }
  assert.unreachable(`${rule} should be refused`);
}

const Create = suite('new Rule');

Create('keeps the rule, endpoint, variables in order and arguments', () => {
  const rule = new Rule('/u/<int:id>/<slug>', { endpoint: 'user', defaults: { tab: 'posts' } });
  assert.is(rule.rule, '/u/<int:id>/<slug>');
  assert.is(rule.endpoint, 'user');
  assert.equal(rule.variables, ['id', 'slug']);
  assert.equal([...rule.arguments].sort(), ['id', 'slug', 'tab']);
  assert.equal([...rule.converters.keys()], ['id', 'slug']);
  assert.is(rule.staticPath, null);
});

Create('methods default to GET with HEAD; are upper-cased; HEAD follows GET', () => {
  assert.equal([...new Rule('/', { endpoint: 'i' }).methods], ['GET', 'HEAD']);
  assert.equal([...new Rule('/', { endpoint: 'i', methods: ['post', 'get'] }).methods].sort(), [
    'GET',
    'HEAD',
    'POST',
  ]);
  assert.equal([...new Rule('/', { endpoint: 'i', methods: ['PUT'] }).methods], ['PUT']);
});

Create('automaticOptions unless OPTIONS is listed', () => {
  assert.ok(new Rule('/', { endpoint: 'i' }).automaticOptions);
  assert.not.ok(new Rule('/', { endpoint: 'i', methods: ['OPTIONS'] }).automaticOptions);
});

Create('allows: its methods, HEAD for GET, and OPTIONS always', () => {
  const rule = new Rule('/', { endpoint: 'i', methods: ['POST'] });
  assert.ok(rule.allows('POST'));
  assert.ok(rule.allows('OPTIONS'));
  assert.not.ok(rule.allows('GET'));
  assert.ok(new Rule('/', { endpoint: 'i' }).allows('HEAD'));
});

Create('slash settings come from options, then the context, then true', () => {
  assert.ok(new Rule('/', { endpoint: 'i' }).strictSlashes);
  assert.not.ok(new Rule('/', { endpoint: 'i' }, { strictSlashes: false }).strictSlashes);
  assert.ok(new Rule('/', { endpoint: 'i', strictSlashes: true }, { strictSlashes: false }).strictSlashes);
  assert.not.ok(new Rule('/', { endpoint: 'i', mergeSlashes: false }).mergeSlashes);
});

Create('staticPath for rules without variables, slashes merged', () => {
  assert.is(new Rule('/a//b/', { endpoint: 'i' }).staticPath, '/a/b/');
  assert.is(new Rule('/a//b/', { endpoint: 'i', mergeSlashes: false }).staticPath, '/a//b/');
  assert.is(new Rule('/café', { endpoint: 'i' }).staticPath, '/café');
});

Create('defaults are copied and frozen', () => {
  const defaults = { page: 1 };
  const rule = new Rule('/all/', { endpoint: 'all', defaults });
  defaults.page = 2;
  assert.equal(rule.defaults, { page: 1 });
  assert.ok(Object.isFrozen(rule.defaults));
});

Create('toString describes the rule', () => {
  assert.is(String(new Rule('/u/<id>', { endpoint: 'user' })), "<Rule '/u/<id>' (GET, HEAD) -> user>");
});

const Errors = suite('new Rule errors');

Errors('syntax errors come from parseRule', () => {
  ruleError('u', { endpoint: 'u' }, /must start with a slash/);
  ruleError('/<a', { endpoint: 'u' }, /never closed/);
});

Errors('unknown converter lists the known ones', () => {
  ruleError(
    '/<foo:x>',
    { endpoint: 'u' },
    /unknown converter 'foo' in <foo:x> \(known converters: any, default, float, int, path, string, uuid\)$/,
  );
});

Errors('a converter and a name written the wrong way round are named the right way round', () => {
  ruleError(
    '/<id:int>',
    { endpoint: 'u' },
    /unknown converter 'id' in <id:int> \(known converters: [^)]*\); did you mean <int:id>\?$/,
  );
  ruleError('/files/<name:path>', { endpoint: 'u' }, /did you mean <path:name>\?$/);
});

Errors('inherited names are not converters', () => {
  ruleError('/<constructor:x>', { endpoint: 'u' }, /unknown converter 'constructor'/);
  ruleError('/<toString:x>', { endpoint: 'u' }, /unknown converter 'toString'/);
});

Errors('bad converter arguments say why', () => {
  ruleError(
    '/<int(foo=1):x>',
    { endpoint: 'u' },
    /bad converter arguments in <int\(foo=1\):x>: int\(\) got an unexpected argument 'foo'/,
  );
  ruleError(
    '/<int(min=1, 2):x>',
    { endpoint: 'u' },
    /bad converter arguments in .*positional argument follows a keyword/,
  );
  ruleError('/<string(minlength=0):x>', { endpoint: 'u' }, /minlength must be an integer ≥ 1/);
  ruleError('/<any:x>', { endpoint: 'u' }, /any\(\) needs at least one item/);
});

Errors('endpoint, methods and defaults are checked', () => {
  ruleError('/', { endpoint: '' }, /endpoint must be a non-empty string/);
  ruleError('/', {} as RuleOptions, /endpoint must be a non-empty string/);
  ruleError(
    '/',
    { endpoint: 'i', methods: 'GET' as unknown as string[] },
    /methods must be an array of strings such as \['GET', 'POST'\], got "GET"/,
  );
  ruleError('/', { endpoint: 'i', methods: [] }, /methods must not be empty/);
  ruleError('/', { endpoint: 'i', methods: ['GE T'] }, /"GE T" is not an HTTP method/);
  ruleError(
    '/',
    { endpoint: 'i', defaults: 5 as unknown as Record<string, unknown> },
    /defaults must be an object/,
  );
});

Errors('a default that its converter cannot write fails at registration, not at the first build', () => {
  ruleError('/p/<int:page>', { endpoint: 'p', defaults: { page: 'x' } }, /int converter cannot build a URL/);
  const rule = new Rule('/p/<int:page>', { endpoint: 'p', defaults: { page: 2 } });
  assert.is(rule.build({}), '/p/2');
});

Errors('a custom converter that is not a converter', () => {
  const base = { weight: 100, toValue: String, toUrl: String };
  ruleError('/<c:x>', { endpoint: 'u' }, /converter 'c' in <c:x> has no regex string/, {
    c: () => ({ ...base }) as never,
  });
  ruleError('/<c:x>', { endpoint: 'u' }, /has an invalid regex \/\(\/: /, {
    c: () => ({ ...base, regex: '(' }),
  });
  ruleError('/<c:x>', { endpoint: 'u' }, /has no numeric weight/, {
    c: () => ({ ...base, regex: 'a', weight: Number.NaN }),
  });
  ruleError('/<c:x>', { endpoint: 'u' }, /has no toUrl function/, {
    c: () => ({ regex: 'a', weight: 1, toValue: String }) as never,
  });
  ruleError('/<c:x>', { endpoint: 'u' }, /did not return a converter object/, { c: () => null as never });
  ruleError('/<c(1):x>', { endpoint: 'u' }, /bad converter arguments in <c\(1\):x>: boom/, {
    c: () => {
      throw new Error('boom');
    },
  });
});

Errors('a default that the converter cannot build is reported at registration', () => {
  ruleError('/<any(a, b):x>', { endpoint: 'u', defaults: { x: 'c' } }, /'c' is not one of 'a', 'b'/);
});

const ToParams = suite('Rule.toParams');

ToParams('converts captured text in variable order into an object that inherits nothing', () => {
  const rule = new Rule('/<int:id>/<slug>', { endpoint: 'x' });
  const params = rule.toParams(['7', 'hello'])!;
  assertInheritsNothing(params);
  assert.equal({ ...params }, { id: 7, slug: 'hello' });
});

ToParams('adds the defaults', () => {
  const rule = new Rule('/<slug>', { endpoint: 'x', defaults: { page: 1 } });
  assert.equal({ ...rule.toParams(['a']) }, { slug: 'a', page: 1 });
});

ToParams('null when a converter throws ValidationError', () => {
  assert.is(new Rule('/<int(max=5):id>', { endpoint: 'x' }).toParams(['6']), null);
});

ToParams('other converter errors propagate', () => {
  const broken: ConverterFactory = () => ({
    regex: 'x',
    weight: 100,
    toValue() {
      throw new TypeError('bug');
    },
    toUrl: String,
  });
  const rule = new Rule('/<b:v>', { endpoint: 'x' }, { converters: { ...defaultConverters, b: broken } });
  assert.throws(() => rule.toParams(['x']), /bug/);
});

const Build = suite('Rule.build');

Build('fills variables through their converters', () => {
  const rule = new Rule('/u/<int(fixed_digits=3):id>/<slug>', { endpoint: 'u' });
  assert.is(rule.build({ id: 7, slug: 'a b' }), '/u/007/a%20b');
});

Build('quotes static text like Werkzeug', () => {
  assert.is(new Rule('/caf é/a?b', { endpoint: 'x' }).build({}), '/caf%20%C3%A9/a%3Fb');
});

Build('other values become the query string unless appendUnknown is false', () => {
  const rule = new Rule('/u/<id>', { endpoint: 'u' });
  assert.is(rule.build({ id: 1, q: 'a b', tag: ['x', 'y'] }), '/u/1?q=a+b&tag=x&tag=y');
  assert.is(rule.build({ id: 1, q: 'a b' }, false), '/u/1');
});

Build('defaults are not put in the query; defaulted variables are constants', () => {
  const rule = new Rule('/<lang>/<page>', { endpoint: 'x', defaults: { lang: 'en', kind: 'k' } });
  assert.is(rule.build({ page: 'home', kind: 'k' }), '/en/home');
});

Build('merged slashes in the rule build merged', () => {
  assert.is(new Rule('/a//<b>', { endpoint: 'x' }).build({ b: 1 }), '/a/1');
  assert.is(new Rule('/a//<b>', { endpoint: 'x', mergeSlashes: false }).build({ b: 1 }), '/a//1');
});

Build('null when toUrl throws ValidationError; other errors propagate', () => {
  const picky: ConverterFactory = () => ({
    regex: '[a-z]+',
    weight: 100,
    toValue: String,
    toUrl(value) {
      if (typeof value !== 'string') throw new ValidationError();
      return value;
    },
  });
  const rule = new Rule('/<p:v>', { endpoint: 'x' }, { converters: { p: picky } });
  assert.is(rule.build({ v: 'ok' }), '/ok');
  assert.is(rule.build({ v: 5 }), null);
  assert.throws(
    () => new Rule('/<int:v>', { endpoint: 'x' }).build({ v: 'x' }),
    (error: unknown) => error instanceof TypeError,
  );
});

const Suitable = suite('Rule.suitableFor');

Suitable('needs every variable unless it has a default', () => {
  const rule = new Rule('/<a>/<b>', { endpoint: 'x', defaults: { b: 2 } });
  assert.ok(rule.suitableFor({ a: 1 }));
  assert.not.ok(rule.suitableFor({ b: 2 }));
});

Suitable('values given for defaults must equal them', () => {
  const rule = new Rule('/all/', { endpoint: 'all', defaults: { page: 1 } });
  assert.ok(rule.suitableFor({}));
  assert.ok(rule.suitableFor({ page: 1 }));
  assert.not.ok(rule.suitableFor({ page: 2 }));
});

Suitable('a method must be allowed when given', () => {
  const rule = new Rule('/x', { endpoint: 'x', methods: ['POST'] });
  assert.ok(rule.suitableFor({}));
  assert.ok(rule.suitableFor({}, 'POST'));
  assert.not.ok(rule.suitableFor({}, 'GET'));
});

Suitable('inherited properties are not values', () => {
  assert.not.ok(new Rule('/<constructor>', { endpoint: 'x' }).suitableFor({}));
});

const Relations = suite('Rule.providesDefaultsFor / isDuplicateOf');

Relations('a rule with defaults is canonical for the same endpoint and arguments', () => {
  const all = new Rule('/all/', { endpoint: 'all', defaults: { page: 1 } });
  const page = new Rule('/all/page/<int:page>', { endpoint: 'all' });
  assert.ok(all.providesDefaultsFor(page));
  assert.not.ok(page.providesDefaultsFor(all));
  assert.not.ok(all.providesDefaultsFor(all));
  assert.not.ok(all.providesDefaultsFor(new Rule('/p/<int:page>', { endpoint: 'other' })));
  assert.not.ok(all.providesDefaultsFor(new Rule('/p/<int:n>', { endpoint: 'all' })));
});

Relations('duplicates: same shape and overlapping methods besides HEAD/OPTIONS', () => {
  const get = new Rule('/a/<int:x>', { endpoint: 'a' });
  assert.ok(get.isDuplicateOf(new Rule('/a/<int(max=3):y>', { endpoint: 'b' })));
  assert.ok(get.isDuplicateOf(new Rule('/a/<int:x>', { endpoint: 'b', methods: ['GET', 'POST'] })));
  assert.not.ok(get.isDuplicateOf(new Rule('/a/<int:x>', { endpoint: 'b', methods: ['POST'] })));
  assert.not.ok(get.isDuplicateOf(new Rule('/a/<x>', { endpoint: 'b' })));
  assert.not.ok(get.isDuplicateOf(new Rule('/a/<int:x>/', { endpoint: 'b' })));
  assert.not.ok(get.isDuplicateOf(new Rule('/a/<int:x>', { endpoint: 'b', methods: ['HEAD'] })));
  const head = new Rule('/h', { endpoint: 'h', methods: ['HEAD'] });
  assert.ok(head.isDuplicateOf(new Rule('/h', { endpoint: 'i', methods: ['HEAD'] })), 'equal method sets');
});

Create.run();
Errors.run();
ToParams.run();
Build.run();
Suitable.run();
Relations.run();
