/**
 * Express 5 as its guide writes an app, with cookie-session and the urlencoded parser on the routes
 * that use them. ETag and X-Powered-By are off so every contestant sends the same headers. The page
 * renders the same templates with nunjucks as Express's view engine (cached, as in production).
 */
import cookieSession from 'cookie-session';
import express from 'express';
import nunjucks from 'nunjucks';
import { announce, listenPort } from './announce.ts';
import { colonRule, HELLO, otherBody, PAGE, routesAfter, routesBefore, SECRET, TEMPLATES } from './shared.ts';

const app = express();
app.set('etag', false);
app.disable('x-powered-by');

app.get('/', (_request, response) => {
  response.type('text/plain').send(HELLO);
});

function addOthers(routes: readonly (readonly string[])[], offset: number): void {
  routes.forEach((segments, index) => {
    const body = otherBody(offset + index);
    app.get(colonRule(segments), (_request, response) => {
      response.json(body);
    });
  });
}

addOthers(routesBefore(), 0);
app.get('/user/:id', (request, response) => {
  response.json({ id: Number(request.params.id) });
});
addOthers(routesAfter(), routesBefore().length);

const session = cookieSession({ name: 'session', keys: [SECRET], path: '/', httpOnly: true });
app.get('/counter', session, (request, response) => {
  const state = request.session ?? {};
  const count = (Number(state['count']) || 0) + 1;
  state['count'] = count;
  response.type('text/plain').send(String(count));
});

app.post('/form', express.urlencoded({ extended: false }), (request, response) => {
  const username = String(request.body?.username ?? '');
  response.cookie('username', username, { path: '/' });
  response.type('text/plain').send(`Thanks, ${username}`);
});

nunjucks.configure(TEMPLATES, { autoescape: true, express: app });
app.set('view cache', true);
app.get('/page', (_request, response) => {
  response.render('page.html', PAGE);
});

const server = app.listen(listenPort(), '127.0.0.1', () => {
  const address = server.address();
  announce('Express', typeof address === 'object' && address !== null ? address.port : 0);
});
