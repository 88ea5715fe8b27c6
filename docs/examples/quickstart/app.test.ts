import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { app } from './app.ts';

const site = suite('quickstart app');

site('greets a stranger', async () => {
  const response = await app.testClient().get('/');
  assert.is(response.status, 200);
  assert.match(response.text, 'Hello, stranger!');
});

site('remembers the theme in a cookie', async () => {
  const client = app.testClient();
  const response = await client.get('/theme/dark');
  assert.is(response.status, 302);
  assert.is(client.getCookie('theme')?.value, 'dark');
  assert.match((await client.get('/')).text, '<body class="dark">');
  assert.is((await client.get('/theme/purple')).status, 404);
});

site('logs in and out', async () => {
  const client = app.testClient();
  const response = await client.post('/login', { form: { username: 'Ada' }, followRedirects: true });
  assert.match(response.text, 'Hello, Ada!');
  await client.get('/logout');
  assert.match((await client.get('/')).text, 'Hello, stranger!');
});

site('a login without a name is a 400', async () => {
  const response = await app.testClient().post('/login', { form: {} });
  assert.is(response.status, 400);
});

site('sessionTransaction logs in without the form', async () => {
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    session.set('username', 'Grace');
  });
  assert.match((await client.get('/')).text, 'Hello, Grace!');
});

site.run();
