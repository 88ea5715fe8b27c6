/** docs/templates.md: the `html` tagged template. */
import assert from 'node:assert/strict';
import { App } from 'phial';

const app = new App();

// #region html
import { html, Markup } from 'phial';

app.get('/search')(function search({ request }) {
  const q = request.args.get('q', '');
  const hits = ['<b>bold</b> claims', 'plain text'].filter((hit) => hit.includes(q));
  const items = hits.map((hit) => html`<li>${hit}</li>`); // each escaped once
  const note = new Markup('<em>trusted</em>'); // already-safe HTML passes through
  return html`<h1>Results for ${q}</h1><ul>${items}</ul>${hits.length === 0 && note}`;
});
// #endregion html

export async function check(): Promise<void> {
  const client = app.testClient();
  const found = await client.get('/search?q=<b>');
  assert.equal(found.text, '<h1>Results for &lt;b&gt;</h1><ul><li>&lt;b&gt;bold&lt;/b&gt; claims</li></ul>');
  assert.equal(found.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal((await client.get('/search?q=zzz')).text, '<h1>Results for zzz</h1><ul></ul><em>trusted</em>');
}
