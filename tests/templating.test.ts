/**
 * Flask's templating on Phial, through the test client: the template context, registrations on
 * the app and on blueprints, folders, errors and auto reload.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import { flash } from '../lib/flash.ts';
import { html } from '../lib/http/html.ts';

let root = '';
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function quietApp(): App<Record<string, unknown>> {
  const app = new App<Record<string, unknown>>({ rootPath: root });
  app.secretKey = 'templating';
  app.logger = { info() {}, warn() {}, error() {} };
  return app;
}

const Context = suite("templating: Flask's template context");

Context.before(() => {
  root = mkdtempSync(join(tmpdir(), 'phial-templating-'));
  write(
    'templates/context.html',
    [
      '{{ request.path }}|{{ request.endpoint }}|{{ request.view_args.name }}|{{ request.blueprint }}',
      '{{ url_for("hello", name="a b", page=2, _anchor="x") }}|{{ url_for("hello", name="z", _external=true) }}',
      '{{ session.user }}|{{ session["user"] }}|{{ g.mark }}|{{ config["GREETING"] }}|{{ request.args.getlist("q") }}',
      '{% for c, m in get_flashed_messages(with_categories=true) %}{{ c }}:{{ m }};{% endfor %}',
      '{{ get_flashed_messages(category_filter=["error"]) }}',
    ].join('\n'),
  );
  write(
    'templates/macros.html',
    '{% macro token() %}[{{ csrf_token() }}|{{ url_for("hello", name="m") }}]{% endmacro %}',
  );
  write('templates/form.html', '{% import "macros.html" as m %}{{ m.token() }} {{ who }} {{ extra }}');
});

Context.after(() => rmSync(root, { recursive: true, force: true }));

Context('request, session, g, config, url_for and get_flashed_messages, as in Flask', async () => {
  const app = quietApp();
  app.config.GREETING = 'hi';
  app.get('/hello/<name>')(function hello(ctx) {
    ctx.session.set('user', 'ada');
    ctx.g.mark = 'g!';
    flash(ctx, 'saved <ok>', 'info');
    flash(ctx, 'broken', 'error');
    return ctx.render('context.html');
  });
  const response = await app.testClient().get('/hello/bob?q=1&q=2');
  assert.is(
    response.text,
    [
      '/hello/bob|hello|bob|None',
      '/hello/a%20b?page=2#x|http://localhost/hello/z',
      'ada|ada|g!|hi|[&#39;1&#39;, &#39;2&#39;]',
      'info:saved &lt;ok&gt;;error:broken;',
      '[&#39;broken&#39;]',
    ].join('\n'),
  );
});

Context(
  'context processors (app first, then the blueprint) lose to the view; imported macros see request globals',
  async () => {
    const app = quietApp();
    const shop = new Blueprint<Record<string, unknown>>('shop', { urlPrefix: '/shop' });
    app.contextProcessor(() => ({ who: 'app', extra: 'app extra' }));
    shop.contextProcessor(() => ({ extra: 'shop extra' }));
    app.templateRequestGlobal('csrf_token', (ctx) => () => `token-for-${ctx.request.path}`);
    app.get('/hello/<name>')(function hello({ render }) {
      return render('form.html', { who: 'view' });
    });
    shop.get('/')(function index({ render }) {
      return render('form.html');
    });
    app.registerBlueprint(shop);
    const client = app.testClient();
    assert.is((await client.get('/hello/x')).text, '[token-for-/hello/x|/hello/m] view app extra');
    assert.is((await client.get('/shop/')).text, '[token-for-/shop/|/hello/m] app shop extra');
  },
);

Context('renderString autoescapes; a view may return html`` or a rendered page', async () => {
  const app = quietApp();
  app.get('/s')(({ renderString, request }) =>
    renderString('{{ q }}|{{ request.args.q }}', { q: request.args.get('q') }),
  );
  app.get('/h')(({ request }) => html`<p>${request.args.get('q')}</p>`);
  const client = app.testClient();
  assert.is((await client.get('/s?q=<x>')).text, '&lt;x&gt;|&lt;x&gt;');
  const tagged = await client.get('/h?q=<x>');
  assert.is(tagged.text, '<p>&lt;x&gt;</p>');
  assert.is(tagged.headers.get('content-type'), 'text/html; charset=utf-8');
});

Context('url_for takes keyword arguments only', async () => {
  const app = quietApp();
  app.testing = true;
  app.get('/')(function index({ renderString }) {
    return renderString('{{ url_for("index", 1) }}');
  });
  assert.match((await rejection(app.testClient().get('/'))).message, 'keyword arguments');
});

const Registry = suite('templating: filters, globals, tests and folders');

Registry.before(() => {
  root = mkdtempSync(join(tmpdir(), 'phial-templating-'));
  write('templates/both.html', 'from the app');
  write(
    'templates/use.html',
    '{{ "abc"|rev }} {{ year() }} {{ 7 is lucky }} {{ bp_money(250) }} {{ 0 is free }}',
  );
  write('shop/templates/both.html', 'from the blueprint');
  write('shop/templates/shop/only.html', 'only the blueprint has it');
  write('views/page.html', 'custom folder');
});

Registry.after(() => rmSync(root, { recursive: true, force: true }));

Registry('registered before or after the environment exists, by name or function name', async () => {
  const app = quietApp();
  app.templateFilter('rev')((s: string) => [...s].reverse().join(''));
  const env = app.jinjaEnv;
  app.templateGlobal()(function year() {
    return 2024;
  });
  app.templateTest('lucky')((n: number) => n === 7);
  const shop = new Blueprint('shop');
  shop.appTemplateGlobal('bp_money')((cents: number) => (cents / 100).toFixed(2));
  app.registerBlueprint(shop);
  shop.appTemplateTest('free')((n: number) => n === 0);
  assert.is(env.render('use.html'), 'cba 2024 True 2.50 True');
  assert.throws(() => app.templateFilter()(() => 1), /needs a name/);
});

Registry("blueprint folders are searched after the app's, in registration order", async () => {
  const app = quietApp();
  app.registerBlueprint(new Blueprint('shop', { rootPath: join(root, 'shop'), templateFolder: 'templates' }));
  assert.equal(app.templateFolders(), [join(root, 'templates'), join(root, 'shop', 'templates')]);
  assert.is(app.jinjaEnv.render('both.html'), 'from the app');
  assert.is(app.jinjaEnv.render('shop/only.html'), 'only the blueprint has it');
  const custom = new App({ rootPath: root, templateFolder: 'views' });
  assert.is(custom.jinjaEnv.render('page.html'), 'custom folder');
  assert.equal(new App({ rootPath: root, templateFolder: null }).templateFolders(), []);
  assert.is(new App().rootPath, process.cwd());
});

Registry('a missing template is a 500 outside debug, and names the folders when propagated', async () => {
  const app = quietApp();
  app.get('/')(({ render }) => render('ghost.html'));
  const response = await app.testClient().get('/');
  assert.is(response.status, 500);
  assert.not.match(response.text, 'ghost.html');
  app.testing = true;
  const error = await rejection(app.testClient().get('/'));
  assert.is(error.name, 'TemplateNotFound');
  assert.match(error.message, join(root, 'templates'));
});

Registry('TEMPLATES_AUTO_RELOAD, on in debug by default, re-reads a changed file', async () => {
  write('templates/live.html', 'v1');
  const app = quietApp();
  app.get('/')(({ render }) => render('live.html'));
  const client = app.testClient();
  assert.is((await client.get('/')).text, 'v1');
  const touch = (text: string, ahead: number) => {
    write('templates/live.html', text);
    utimesSync(join(root, 'templates/live.html'), new Date(), new Date(Date.now() + ahead));
  };
  touch('v2', 10_000);
  assert.is((await client.get('/')).text, 'v1', 'cached');
  app.debug = true;
  assert.is((await client.get('/')).text, 'v2');
  app.config.TEMPLATES_AUTO_RELOAD = false;
  touch('v3', 20_000);
  assert.is((await client.get('/')).text, 'v2');
});

Context.run();
Registry.run();
