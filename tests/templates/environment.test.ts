import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { normalizeSource, selectAutoescape, TemplateEnvironment } from '../../lib/templates/environment.ts';
import { TemplateNotFound, TemplateSyntaxError } from '../../lib/templates/errors.ts';

const Env = suite('templates/environment');
let root = '';
const file = (name: string, text: string) => writeFileSync(join(root, name), text);

Env.before(() => {
  root = mkdtempSync(join(tmpdir(), 'phial-env-'));
});
Env.after(() => rmSync(root, { recursive: true, force: true }));

Env("autoescape follows Flask's extensions; strings always autoescape", () => {
  for (const name of ['a.html', 'a.htm', 'a.xml', 'a.xhtml', 'a.svg'])
    assert.ok(selectAutoescape(name), name);
  for (const name of ['a.txt', 'a.html.j2', 'mail']) assert.not.ok(selectAutoescape(name), name);
  file('x.html', '{{ v }}');
  file('x.txt', '{{ v }}');
  const env = new TemplateEnvironment({ folders: () => [root] });
  assert.is(env.render('x.html', { v: '<b>' }), '&lt;b&gt;');
  assert.is(env.render('x.txt', { v: '<b>' }), '<b>');
  assert.is(env.renderString('{{ v }}', { v: '<b>' }), '&lt;b&gt;');
  assert.is(env.renderString('{{ v }}', { v: new Markup('<b>') }), '<b>');
});

Env('one trailing newline is dropped and \\r\\n becomes \\n, as Jinja does', () => {
  assert.is(normalizeSource('a\r\nb\r\n\r\n'), 'a\nb\n');
  assert.is(normalizeSource('a\rb'), 'a\nb');
  file('nl.html', 'x\n\n');
  assert.is(new TemplateEnvironment({ folders: () => [root] }).render('nl.html'), 'x\n');
});

Env('compiled once; with auto reload, a changed file is read again', () => {
  file('r.html', 'one');
  let reload = false;
  const env = new TemplateEnvironment({ folders: () => [root], autoReload: () => reload });
  assert.is(env.render('r.html'), 'one');
  file('r.html', 'two');
  utimesSync(join(root, 'r.html'), new Date(), new Date(Date.now() + 10_000));
  assert.is(env.render('r.html'), 'one', 'cached without auto reload');
  reload = true;
  assert.is(env.render('r.html'), 'two');
  env.clearCache();
  file('r.html', 'three');
  reload = false;
  assert.is(env.render('r.html'), 'three', 'clearCache forgets');
});

Env('a missing template, also one included, is TemplateNotFound', () => {
  file('inc.html', '{% include "ghost.html" %}');
  const env = new TemplateEnvironment({ folders: () => [root] });
  assert.throws(
    () => env.render('ghost.html'),
    (e: Error) => e instanceof TemplateNotFound && e.message.includes(root),
  );
  assert.throws(() => env.render('inc.html'), /Template 'ghost.html' not found/);
});

Env('a syntax error names the file and the line', () => {
  file('bad.html', 'line 1\nline 2\n{% if x %}\n{% endfor %}\n');
  const env = new TemplateEnvironment({ folders: () => [root] });
  try {
    env.render('bad.html');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TemplateSyntaxError);
    assert.match((error as Error).message, join(root, 'bad.html'));
    assert.match((error as Error).message, /line 4/);
  }
  assert.throws(
    () => env.renderString('{{ x'),
    (e: Error) => e instanceof TemplateSyntaxError,
  );
});

Env('render globals are seen by imported macros; render variables win over globals', () => {
  file('m.html', '{% macro who() %}{{ user }}/{{ site }}{% endmacro %}');
  file('page.html', '{% import "m.html" as m %}{{ m.who() }} {{ user }} {{ site }}');
  const env = new TemplateEnvironment({ folders: () => [root] });
  env.addGlobal('site', 'global');
  const out = env.render('page.html', { user: 'var' }, { user: 'request-global' });
  assert.is(out, 'request-global/global var global');
  assert.is(env.renderString('{{ site }}', { site: 'var' }), 'var');
});

Env('filters, globals and tests can be added; Jinja globals dict and namespace', () => {
  const env = new TemplateEnvironment();
  env.addFilter('twice', (s: string) => s + s);
  env.addTest('short', (s: string) => s.length < 3);
  assert.is(env.renderString('{{ "ab"|twice }} {{ "ab" is short }}'), 'abab True');
  assert.is(env.renderString("{{ dict(a=1)['a'] }} {{ namespace(n=2).n }}"), '1 2');
});

Env('renderString caches compiled sources, a bounded number', () => {
  const env = new TemplateEnvironment();
  for (let i = 0; i < 100; i++) assert.is(env.renderString(`{{ ${i} }}`), String(i));
  assert.is(env.renderString('{{ 5 }}'), '5');
});

Env('include a list renders the first that exists; ignore missing renders nothing', () => {
  file('p.html', 'P');
  const env = new TemplateEnvironment({ folders: () => [root] });
  assert.is(
    env.renderString('{% include ["none.html", "p.html"] %}|{% include "none.html" ignore missing %}|'),
    'P||',
  );
});

Env.run();
