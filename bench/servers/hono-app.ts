/**
 * Hono 4's app for the benchmark, with its signed-cookie helpers (HMAC-SHA256 through Web Crypto)
 * for the session round trip. hono.ts serves it on @hono/node-server, hono-bun.ts on Bun.serve.
 */
import { Hono } from 'hono';
import { getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import { colonRule, HELLO, otherBody, PAGE, pageHtml, routesAfter, routesBefore, SECRET } from './shared.ts';

export const app = new Hono();

app.get('/', (c) => c.text(HELLO));

function addOthers(routes: readonly (readonly string[])[], offset: number): void {
  routes.forEach((segments, index) => {
    const body = otherBody(offset + index);
    app.get(colonRule(segments), (c) => c.json(body));
  });
}

addOthers(routesBefore(), 0);
app.get('/user/:id', (c) => c.json({ id: Number(c.req.param('id')) }));
addOthers(routesAfter(), routesBefore().length);

app.get('/counter', async (c) => {
  const value = await getSignedCookie(c, SECRET, 'counter');
  const count = (typeof value === 'string' ? Number(value) || 0 : 0) + 1;
  await setSignedCookie(c, 'counter', String(count), SECRET, { path: '/', httpOnly: true });
  return c.text(String(count));
});

app.post('/form', async (c) => {
  const body = await c.req.parseBody();
  const username = typeof body['username'] === 'string' ? body['username'] : '';
  setCookie(c, 'username', username, { path: '/' });
  return c.text(`Thanks, ${username}`);
});

// Hono has no Jinja-style engine in this comparison: the page is written by hand, as for node:http.
app.get('/page', (c) => c.html(pageHtml(PAGE)));
