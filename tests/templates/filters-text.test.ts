import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { TEXT_FILTERS } from '../../lib/templates/filters-text.ts';

const Text = suite('templates/filters-text');
const f = TEXT_FILTERS;
const kw = (values: Record<string, unknown>) => ({ ...values, __keywords: true as const });

Text("title and capitalize as Jinja's: words start after - ( [ { < and spaces", () => {
  assert.is(f.title!('hELLO wORLD-foo (bar) [x] {y} <z>'), 'Hello World-Foo (Bar) [X] {Y} <Z>');
  assert.is(f.capitalize!('hELLO World'), 'Hello world');
});

Text('Markup stays Markup through case changes; plain text stays plain', () => {
  const upper = f.upper!(new Markup('<b>x</b>'));
  assert.instance(upper, Markup);
  assert.is(String(upper), '<B>X</B>');
  assert.is(f.lower!('ABC'), 'abc');
});

Text('striptags drops comments and tags, squashes spaces, decodes entities', () => {
  assert.is(
    f.striptags!('<p>Tom &amp; Jerry</p>\n <!-- x --> <i>a</i> &#169;&#x41;&raquo;'),
    'Tom & Jerry a ©A»',
  );
});

Text('urlencode: strings keep /, dicts and pairs use + for spaces', () => {
  assert.is(f.urlencode!('a b/c?&é'), 'a%20b/c%3F%26%C3%A9');
  assert.is(f.urlencode!({ q: 'a b&c', n: 1 }), 'q=a+b%26c&n=1');
  assert.is(f.urlencode!([['k', 'v/1']]), 'k=v%2F1');
});

Text('replace: plain text plain; Markup escapes the plain parts it gets', () => {
  assert.is(f.replace!('aaa', 'a', 'b', 2), 'bba');
  assert.is(String(f.replace!(new Markup('<b>x</b>'), 'x', '<y>')), '<b>&lt;y&gt;</b>');
  assert.is(String(f.replace!('<x>', 'x', new Markup('<i>'))), '&lt;<i>&gt;');
});

Text('truncate with leeway, killwords and end', () => {
  const text = 'The quick brown fox jumps over the lazy dog';
  assert.is(f.truncate!(text, 20), 'The quick brown...');
  assert.is(f.truncate!(text, 20, true), 'The quick brown f...');
  assert.is(f.truncate!(text, kw({ length: 20, end: '…' })), 'The quick brown…');
  assert.is(f.truncate!('short enough here', 14), 'short enough here', 'within the leeway of 5');
});

Text('escape, forceescape, safe, string', () => {
  assert.is(String(f.escape!(`<"'&>`)), '&lt;&#34;&#39;&amp;&gt;');
  assert.is(String(f.forceescape!(new Markup('<b>'))), '&lt;b&gt;');
  assert.instance(f.safe!('<b>'), Markup);
  assert.is(f.string!(null), 'None');
});

Text('indent, center, wordcount and format as Python', () => {
  assert.is(f.indent!('a\nb\n\nc'), 'a\n    b\n\n    c');
  assert.is(f.indent!('a\nb', 2, true), '  a\n  b');
  assert.is(f.indent!('a\n\nb', kw({ width: 1, blank: true })), 'a\n \n b');
  assert.is(f.center!('ab', 7), '   ab  ');
  assert.is(f.wordcount!('Привет, мир! a_b 42'), 4);
  assert.is(f.format!('%s=%d (%.1f%%) %r', 'n', 3.9, 2.25, 'x'), "n=3 (2.2%) 'x'");
  assert.is(f.trim!('--x--', '-'), 'x');
});

Text.run();
