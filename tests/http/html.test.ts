import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml } from '../../lib/http/html.ts';

const Escape = suite('escapeHtml');

Escape('escapes the five characters MarkupSafe escapes', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

Escape('leaves other text alone and stringifies values', () => {
  assert.is(escapeHtml('Привет, John Doe!'), 'Привет, John Doe!');
  assert.is(escapeHtml(42), '42');
});

Escape.run();
