import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileTemplate } from '../../lib/templates/compiler.ts';
import { TemplateEnvironment } from '../../lib/templates/environment.ts';

const Compile = suite('templates/compiler');
const env = new TemplateEnvironment();
const render = (source: string, vars: Record<string, unknown> = {}) => env.renderString(source, vars);

Compile('generated code reaches Phial through env, and autoescape is fixed per template', () => {
  const escaped = compileTemplate('{{ x }}', 'a.html', true).code;
  const raw = compileTemplate('{{ x }}', 'a.txt', false).code;
  assert.match(escaped, 'env.out(env.lookup(context, frame, "x"), true)');
  assert.match(raw, 'env.out(env.lookup(context, frame, "x"), false)');
});

Compile("if, not, and, or: Python's truthiness; and/or give an operand, evaluated once", () => {
  assert.is(render('{% if xs %}y{% else %}n{% endif %}{% if not d %}!{% endif %}', { xs: [], d: {} }), 'n!');
  assert.is(render('{{ xs or "empty" }}|{{ "a" and "b" }}|{{ 0 and "b" }}', { xs: [] }), 'empty|b|0');
  let calls = 0;
  const once = () => {
    calls++;
    return 'v';
  };
  assert.is(render('{{ f() or "x" }}', { f: once }), 'v');
  assert.is(calls, 1);
  assert.is(render('{{ "y" if xs else "n" }}{{ "z" if 0 }}', { xs: [1] }), 'y');
});

Compile('in and not in use Python membership', () => {
  assert.is(render('{{ "a" in d }} {{ "b" not in d }} {{ 1 in [1] }}', { d: { a: 0 } }), 'True True True');
});

Compile('loops: Jinja scoping per turn, loop object, filter, else, dict keys, pairs', () => {
  assert.is(
    render('{% set n = 0 %}{% for x in xs %}{% set n = n + x %}{{ n }}{% endfor %}{{ n }}', { xs: [1, 2] }),
    '120',
  );
  assert.is(
    render(
      '{% for x in xs if x > 1 %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% else %}none{% endfor %}',
      {
        xs: [1, 2, 3],
      },
    ),
    '1:2/2 2:3/2 ',
  );
  assert.is(render('{% for x in xs if x > 5 %}{{ x }}{% else %}none{% endfor %}', { xs: [1] }), 'none');
  assert.is(
    render('{% for k in d %}{{ k }}{% endfor %}{% for k, v in d %}{{ v }}{% endfor %}', {
      d: { a: 1, b: 2 },
    }),
    'ab12',
  );
  assert.is(render('{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }};{% endfor %}'), '3;7;');
  assert.is(render('{% for c in "ab" %}{{ loop.cycle("x", "y") }}{{ c }}{% endfor %}'), 'xayb');
});

Compile('with binds names for its body only; its values are evaluated outside', () => {
  assert.is(
    render('{% set a = 1 %}{% with a = 2, b = a %}{{ a }}{{ b }}{% set a = 3 %}{% endwith %}{{ a }}'),
    '211',
  );
});

Compile('tuples, captured blocks as Markup, **kwargs and *args in calls', () => {
  assert.is(render('{{ (1, "a") }} {{ (1) }}'), '(1, &#39;a&#39;) 1');
  assert.is(render('{% set b %}<i>{{ v }}</i>{% endset %}{{ b }}', { v: '<' }), '<i>&lt;</i>');
  const f = (...args: unknown[]) => JSON.stringify(args);
  assert.is(
    render('{{ f(*xs, **kw)|safe }}', { f, xs: [1, 2], kw: { k: 'v' } }),
    '[1,2,{"k":"v","__keywords":true}]',
  );
  assert.is(render('{% macro m(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ m(**{"a": 1, "b": 3}) }}'), '13');
});

Compile('set on a namespace attribute is not supported: a clear error', () => {
  assert.throws(
    () => render('{% set ns = namespace(x=1) %}{% set ns.x = 2 %}'),
    /only names can be assigned/,
  );
});

Compile.run();
