/** docs/sessions.md: flash messages. */
import assert from 'node:assert/strict';
import { App, html, redirect } from 'phial';

const app = new App();
app.secretKey = 'docs example secret';

// #region flash
import { flash, getFlashedMessages } from 'phial';

app.post('/save')((ctx) => {
  flash(ctx, 'Saved.');
  flash(ctx, 'Disk almost full.', 'warning');
  return redirect(ctx.urlFor('index'));
});

app.get('/')(function index(ctx) {
  const messages = getFlashedMessages(ctx, { withCategories: true }); // [['message', 'Saved.'], ['warning', …]]
  return html`${messages.map(([category, message]) => html`<p class="${category}">${message}</p>`)}`;
});
// #endregion flash

export async function check(): Promise<void> {
  const client = app.testClient();
  const page = await client.post('/save', { followRedirects: true });
  assert.equal(page.text, '<p class="message">Saved.</p><p class="warning">Disk almost full.</p>');
  assert.equal((await client.get('/')).text, '', 'shown once');
}
