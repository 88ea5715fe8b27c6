/** Hono 4 on Bun, as Hono's guide for Bun writes it: its `app.fetch` handed to Bun.serve. */
import { serveOnBun } from './bun-serve.ts';
import { app } from './hono-app.ts';

serveOnBun('Hono (Bun)', app.fetch);
