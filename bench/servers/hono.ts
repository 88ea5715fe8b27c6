/** Hono 4 on Node, through @hono/node-server. */
import { serve } from '@hono/node-server';
import { announce, listenPort } from './announce.ts';
import { app } from './hono-app.ts';

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: listenPort() }, (info) => {
  announce('Hono', info.port);
});
