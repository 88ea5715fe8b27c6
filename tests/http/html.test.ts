import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml, html, isMarkupLike, Markup } from '../../lib/http/html.ts';

const Escape = suite('escapeHtml');

Escape('escapes the five characters MarkupSafe escapes', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

Escape('leaves other text alone and stringifies values', () => {
  assert.is(escapeHtml('Привет, John Doe!'), 'Привет, John Doe!');
  assert.is(escapeHtml(42), '42');
});

Escape.run();

const Tag = suite('html tag');

Tag('escapes every interpolation and returns Markup', () => {
  const name = `<script>"x" & 'y'</script>`;
  const result = html`<p title="${name}">${name}</p>`;
  assert.instance(result, Markup);
  assert.is(
    result.html,
    '<p title="&lt;script&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/script&gt;</p>',
  );
});

Tag('nests without escaping twice, and joins arrays', () => {
  const items = ['a<', 'b&'].map((item) => html`<li>${item}</li>`);
  assert.is(html`<ul>${items}</ul>`.html, '<ul><li>a&lt;</li><li>b&amp;</li></ul>');
  assert.is(html`${[['x', html`<b>`]]}`.html, 'x<b>');
});

Tag('writes nothing for null, undefined and false; numbers and true as text', () => {
  assert.is(html`[${null}${undefined}${false}]`.html, '[]');
  assert.is(html`${0} ${true} ${1.5}`.html, '0 true 1.5');
});

Tag('passes objects with __html__() through', () => {
  const foreign = { __html__: () => '<em>ok</em>' };
  assert.is(html`${foreign}`.html, '<em>ok</em>');
});

const Safe = suite('Markup');

Safe('escape() escapes text and keeps Markup', () => {
  assert.is(Markup.escape('<i>').html, '&lt;i&gt;');
  const markup = new Markup('<i>');
  assert.is(Markup.escape(markup), markup);
  assert.is(String(markup), '<i>');
  assert.is(JSON.stringify({ m: markup }), '{"m":"<i>"}');
  assert.is(markup.length, 3);
});

Safe('only strings make Markup; isMarkupLike sees the protocol', () => {
  assert.throws(() => new Markup(1 as unknown as string), /Markup html must be a string/);
  assert.ok(isMarkupLike(new Markup('')));
  assert.not.ok(isMarkupLike({ html: 'x' }));
});

Tag.run();
Safe.run();
