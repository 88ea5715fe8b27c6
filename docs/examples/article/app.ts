/** The article's cookie examples: README's quick start and the first examples of docs/cookies.md. */

import assert from 'node:assert/strict';
// #region quickstart
// #region set_cookie_app
import { App, html, makeResponse } from 'phial';

export const app = new App();

// #region set_cookie
app.get('/set_cookie')(function set_cookie() {
  const response = makeResponse('Куки установлены!');
  response.setCookie('username', 'John Doe');
  return response;
});
// #endregion set_cookie
// #endregion set_cookie_app

// #region get_cookie
app.get('/get_cookie')(function get_cookie({ request }) {
  const username = request.cookies.get('username');
  if (username) {
    return html`Привет, ${username}!`;
  }
  return 'Куки "username" не найдены.';
});
// #endregion get_cookie
// #endregion quickstart

export async function check(): Promise<void> {
  {
    // #region test
    const client = app.testClient();
    await client.get('/set_cookie');
    assert.equal((await client.get('/get_cookie')).text, 'Привет, John Doe!');
    // #endregion test
  }
  // #region test_jar
  const client = app.testClient();
  await client.get('/set_cookie');
  assert.equal(client.getCookie('username')?.value, 'John Doe');
  const response = await client.get('/get_cookie');
  assert.equal(response.text, 'Привет, John Doe!');
  // #endregion test_jar
  const set = await app.testClient().get('/set_cookie');
  assert.equal(set.headers.get('set-cookie'), 'username="John Doe"; Path=/');
  assert.equal((await app.testClient().get('/get_cookie')).text, 'Куки "username" не найдены.');
}
