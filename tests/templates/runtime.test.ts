import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { nunjucks } from '../../lib/templates/nunjucks.ts';
import { withTemplateRuntime } from '../../lib/templates/runtime.ts';

const Runtime = suite('templates/runtime');
const { Environment, Frame } = nunjucks();
const env = new (withTemplateRuntime(Environment))(null, {});

Runtime('out: str() then MarkupSafe escaping; safe values as they are', () => {
  assert.is(env.out(`<"'&>`, true), '&lt;&#34;&#39;&amp;&gt;');
  assert.is(env.out('<b>', false), '<b>');
  assert.is(env.out(new Markup('<b>'), true), '<b>');
  assert.is(env.out(null, true), 'None');
  assert.is(env.out(undefined, true), '');
  assert.is(env.out(['<'], true), '[&#39;&lt;&#39;]');
  assert.is(env.out('\\', true), '\\', 'MarkupSafe leaves backslashes alone');
});

Runtime('lookup: locals, render variables, render globals, globals, then True/False/None', () => {
  const frame = new Frame() as unknown as { set(n: string, v: unknown): void; lookup(n: string): unknown };
  const context = { ctx: { v: 'var', both: 'var' } };
  env.globals = { g: 'global', both: 'global', toString: 'own' } as Record<string, unknown>;
  env.current = { r: 'request', v: 'request' };
  frame.set('l', 'local');
  assert.is(env.lookup(context, frame, 'l'), 'local');
  assert.is(env.lookup(context, frame, 'v'), 'var');
  assert.is(env.lookup(context, frame, 'r'), 'request');
  assert.is(env.lookup(context, frame, 'g'), 'global');
  assert.is(env.lookup(context, frame, 'both'), 'var');
  assert.equal([env.lookup(context, frame, 'True'), env.lookup(context, frame, 'None')], [true, null]);
  assert.is(env.lookup(context, frame, 'constructor'), undefined, 'nothing from Object.prototype');
  env.current = null;
});

Runtime('keywordsOf, pairsOf, captured, tuple, loop', () => {
  assert.equal(env.keywordsOf({ a: 1 }), { a: 1 });
  assert.equal(env.keywordsOf(new Map([['m', 2]])), { m: 2 });
  assert.throws(() => env.keywordsOf([1]), /must be a mapping/);
  assert.equal(
    env.pairsOf({ a: 1 }).map((p: unknown) => [...(p as unknown[])]),
    [['a', 1]],
  );
  assert.instance(env.captured('<i>', true), Markup);
  assert.is(env.captured('<i>', false), '<i>');
  assert.is(env.tuple([1, 2]).length, 2);
  assert.is(env.loop([1, 2]).length, 2);
});

Runtime.run();
