/** docs/sessions.md: choosing the session interface, and secret rotation. */
import assert from 'node:assert/strict';
import { App, type RedisClientLike } from 'phial';

const app = new App();
// A stand-in for a connected node-redis client: docs/examples/sessions-redis.ts uses a real one.
const records = new Map<string, string>();
const client: RedisClientLike = {
  get: async (key) => records.get(key) ?? null,
  set: async (key, value) => records.set(key, value),
  expire: async () => 1,
  del: async (key) => records.delete(key),
};

// #region interfaces
import { EncryptedCookieSessionInterface, MemoryStore, RedisStore, ServerSideSessionInterface } from 'phial';

app.sessionInterface = new EncryptedCookieSessionInterface();
app.sessionInterface = new ServerSideSessionInterface({ store: new MemoryStore() });
app.sessionInterface = new ServerSideSessionInterface({ store: new RedisStore({ client }) });
// #endregion interfaces

app.get('/visit')(function visit({ session }) {
  const count = Number(session.get('count') ?? 0) + 1;
  session.set('count', count);
  return String(count);
});

export async function check(): Promise<void> {
  // #region rotate
  app.config.SECRET_KEY = 'the new secret';
  app.config.SECRET_KEY_FALLBACKS = ['the old secret'];
  // #endregion rotate
  const client = app.testClient();
  assert.equal((await client.get('/visit')).text, '1');
  assert.equal((await client.get('/visit')).text, '2');
  assert.equal(records.size, 1);
  const [key] = records.keys();
  assert.match(key!, /^phial:session:/);
}
