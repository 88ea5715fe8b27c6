/** docs/security.md: requiring the session-bound token, and sending it from a script. */
import assert from 'node:assert/strict';
import { App, escapeHtml } from 'phial';

const app = new App();
app.secretKey = 'docs example secret';

// #region settings
app.config.CSRF_TOKEN_REQUIRED = true; // every unsafe request must also carry its token
app.config.CSRF_TIME_LIMIT = 8 * 3600; // a form may stay open for a working day (3600 s by default)
app.config.CSRF_TRUSTED_ORIGINS = ['https://admin.example.com']; // another site of yours
// #endregion settings

// #region script
app.get('/')(({ csrfToken }) => {
  const token = escapeHtml(csrfToken());
  return (
    `<meta name="csrf-token" content="${token}">\n` +
    '<script>\n' +
    "  const token = document.querySelector('meta[name=csrf-token]').content;\n" +
    "  fetch('/like', { method: 'POST', headers: { 'X-CSRFToken': token } });\n" +
    '</script>\n'
  );
});
app.post('/like')(() => 'liked');
// #endregion script

export async function check(): Promise<void> {
  // #region testing
  const client = app.testClient();
  const missing = await client.post('/like');
  assert.equal(missing.status, 400);
  assert.match(missing.text, /The CSRF token is missing\./);
  const token = await client.csrfToken(); // stored in the client's session
  assert.equal((await client.post('/like', { headers: { 'X-CSRFToken': token } })).text, 'liked');
  assert.equal((await client.post('/like', { form: { csrf_token: token } })).text, 'liked');
  // #endregion testing
  const fromPage = /content="([^"]+)"/.exec((await client.get('/')).text)?.[1];
  assert.ok(fromPage);
  assert.equal((await client.post('/like', { headers: { 'X-CSRF-Token': fromPage } })).status, 200);
  const stranger = app.testClient();
  const foreign = await stranger.post('/like', { headers: { 'X-CSRFToken': token } });
  assert.equal(foreign.status, 400);
  assert.match(foreign.text, /The CSRF session token is missing\./);
  const trusted = await client.post('/like', {
    crossSite: 'https://admin.example.com',
    headers: { 'X-CSRFToken': token },
  });
  assert.equal(trusted.status, 200);
  assert.equal(
    (await client.post('/like', { crossSite: true, headers: { 'X-CSRFToken': token } })).status,
    403,
  );
}
