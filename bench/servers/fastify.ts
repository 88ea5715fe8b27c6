/**
 * Fastify 5 at its best: sync handlers with `reply.send`, a response schema for the JSON route,
 * and @fastify/secure-session registered in an encapsulated scope around `/counter` only, so the
 * other scenarios do not pay for its hook. The page renders the same templates with @fastify/view
 * and nunjucks, in production mode (templates cached).
 */

import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifySecureSession from '@fastify/secure-session';
import fastifyView from '@fastify/view';
import Fastify from 'fastify';
import nunjucks from 'nunjucks';
import { announce, listenPort } from './announce.ts';
import { colonRule, HELLO, otherBody, PAGE, routesAfter, routesBefore, SECRET, TEMPLATES } from './shared.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    count: number;
  }
}

const app = Fastify({ logger: false });
await app.register(fastifyCookie);
await app.register(fastifyFormbody);

app.get('/', (_request, reply) => {
  reply.type('text/plain; charset=utf-8').send(HELLO);
});

function addOthers(routes: readonly (readonly string[])[], offset: number): void {
  routes.forEach((segments, index) => {
    const body = otherBody(offset + index);
    app.get(colonRule(segments), (_request, reply) => {
      reply.send(body);
    });
  });
}

const userSchema = {
  response: { 200: { type: 'object', properties: { id: { type: 'integer' } } } },
};

addOthers(routesBefore(), 0);
app.get<{ Params: { id: string } }>('/user/:id', { schema: userSchema }, (request, reply) => {
  reply.send({ id: Number(request.params.id) });
});
addOthers(routesAfter(), routesBefore().length);

await app.register(async (scope) => {
  // secure-session wants a 32-byte key; derived from the shared secret so every run is alike.
  const key = createHash('sha256').update(SECRET).digest();
  await scope.register(fastifySecureSession, {
    key,
    cookieName: 'session',
    cookie: { path: '/', httpOnly: true },
  });
  scope.get('/counter', (request, reply) => {
    const count = (request.session.get('count') ?? 0) + 1;
    request.session.set('count', count);
    reply.type('text/plain; charset=utf-8').send(String(count));
  });
});

app.post<{ Body: Record<string, string | undefined> }>('/form', (request, reply) => {
  const username = request.body.username ?? '';
  reply.setCookie('username', username, { path: '/' });
  reply.type('text/plain; charset=utf-8').send(`Thanks, ${username}`);
});

await app.register(fastifyView, { engine: { nunjucks }, root: TEMPLATES, production: true });
app.get('/page', (_request, reply) => reply.view('page.html', PAGE));

await app.listen({ host: '127.0.0.1', port: listenPort() });
const address = app.server.address();
announce('Fastify', typeof address === 'object' && address !== null ? address.port : 0);
