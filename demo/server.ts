/**
 * `npm start`: serves the demo on http://127.0.0.1:5000 (PORT and HOST override).
 */
import { createDemoApp } from './app.ts';

const app = createDemoApp();
await app.run({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 5000),
  debug: process.env.DEBUG === '1',
});
