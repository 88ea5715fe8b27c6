/**
 * `npm start`: serves the demo on http://127.0.0.1:5000 (PORT and HOST override; see
 * demo/config.ts for SECRET_KEY, SESSION_BACKEND, REDIS_URL, REDIS_SENTINELS, REDIS_REPLICAS and
 * PROXY_FIX).
 */
import { createDemoApp } from './app.ts';
import { demoOptions } from './config.ts';

const resources = await demoOptions();
const app = createDemoApp(resources.options);
const server = await app.run({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 5000),
  debug: process.env.DEBUG === '1',
});
server.httpServer.on('close', () => {
  void resources.close();
});
