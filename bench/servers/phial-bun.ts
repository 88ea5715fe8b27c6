/** Phial on Bun through the Web-standard door: `Bun.serve({ fetch: app.fetch })`. */
import { serveOnBun } from './bun-serve.ts';
import { app } from './phial-app.ts';

serveOnBun('Phial (Bun, app.fetch)', app.fetch);
