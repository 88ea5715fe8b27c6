/** docs/sessions.md: sessions in Redis. A program: `REDIS_URL=redis://… npx tsx sessions-redis.ts`. */
import { App } from 'phial';

const app = new App();
app.secretKey = process.env.SECRET_KEY!;

// #region redis
import { RedisStore, ServerSideSessionInterface } from 'phial';
import { createClient } from 'redis';

const client = createClient({
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  disableOfflineQueue: true,
});
// Created before connecting: the store listens to the client's errors (one log line per outage).
// Keys 'phial:session:<id>'; options: prefix, commandTimeoutMs, replicas, retryAfterSeconds, logger.
const store = new RedisStore({ client, logger: app.logger });
await client.connect();

app.sessionInterface = new ServerSideSessionInterface({ store });
// #endregion redis

app.get('/')(function visits({ session }) {
  const count = Number(session.get('visits') ?? 0) + 1;
  session.set('visits', count);
  return `Visit number ${count}`;
});

await app.run();
