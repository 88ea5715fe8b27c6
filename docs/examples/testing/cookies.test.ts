// tests/cookies.test.ts
import { App, html, makeResponse } from 'phial';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

function createApp(): App {
  const app = new App();
  app.get('/set_cookie')(function set_cookie() {
    const response = makeResponse('Куки установлены!');
    response.setCookie('username', 'John Doe');
    return response;
  });
  app.get('/get_cookie')(function get_cookie({ request }) {
    const username = request.cookies.get('username');
    return username ? html`Привет, ${username}!` : 'Куки "username" не найдены.';
  });
  return app;
}

const cookies = suite('cookies');

cookies('the cookie set by /set_cookie is read by /get_cookie', async () => {
  const client = createApp().testClient();

  const set = await client.get('/set_cookie');
  assert.is(set.status, 200);
  assert.is(set.text, 'Куки установлены!');
  assert.is(set.headers.get('set-cookie'), 'username="John Doe"; Path=/');

  assert.is(client.getCookie('username')?.value, 'John Doe');
  assert.is((await client.get('/get_cookie')).text, 'Привет, John Doe!');
});

cookies.run();
