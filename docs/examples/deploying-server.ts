/**
 * docs/deploying.md: a production entry point. `HOST=0.0.0.0 PORT=8000 SECRET_KEY=… node --import tsx
 * deploying-server.ts`: two workers behind one proxy; SIGTERM drains them, SIGHUP replaces them.
 */
import { App, proxyFix } from 'phial';

const app = new App();
app.secretKey = process.env.SECRET_KEY!;
app.config.SESSION_COOKIE_SECURE = true;
proxyFix(app, { xFor: 1, xProto: 1, xHost: 1 });

app.get('/')(function index() {
  return `Hello from worker ${process.pid}`;
});

// #region workers
// HOST and PORT come from the environment; a Combined Log Format line per request goes to stdout.
await app.run({ workers: 2, accessLog: true });
// #endregion workers
