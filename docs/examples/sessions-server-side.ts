/** docs/sessions.md: server-side sessions, stores, regenerate and destroy. */
import assert from 'node:assert/strict';
import type { MultiDict, SessionStore as PhialSessionStore, SessionRecord } from 'phial';
// #region setup
import { App, MemoryStore, ServerSideSessionInterface } from 'phial';

const app = new App();
app.secretKey = process.env.SECRET_KEY!;
app.sessionInterface = new ServerSideSessionInterface({ store: new MemoryStore() });
// #endregion setup

app.secretKey ??= 'docs example secret';

// #region store_interface
interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>; // a fresh copy, or undefined
  set(id: string, data: SessionRecord, ttlSeconds: number): Promise<void>; // replaces the whole session
  touch(id: string, ttlSeconds: number): Promise<void>; // new TTL; never creates a missing record
  destroy(id: string): Promise<void>;
}
// #endregion store_interface

// The interface above is Phial's, both ways.
export const shown: SessionStore = new MemoryStore() as PhialSessionStore;
export const real: PhialSessionStore = shown;

import { redirect } from 'phial';

function checkPassword(form: MultiDict): { id: number } {
  return { id: form.require('username') === 'ada' ? 1 : 2 };
}

// #region renew
app.post('/login')(({ request, session }) => {
  const user = checkPassword(request.form);
  session.regenerate(); // new id, same data: the old id is destroyed in the store
  session.set('userId', user.id);
  return redirect('/');
});

app.post('/logout')(({ session }) => {
  session.destroy(); // the record is destroyed, the cookie deleted
  return redirect('/');
});
// #endregion renew

app.get('/')(function index({ session }) {
  return `user ${session.get('userId') ?? 'none'}`;
});

export async function check(): Promise<void> {
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    session.set('cart', ['tea']);
  });
  const before = client.getCookie('session')?.value;
  assert.ok(before);
  await client.post('/login', { form: { username: 'ada' } });
  const after = client.getCookie('session')?.value;
  assert.ok(after && after !== before, 'regenerate() gives a new id');
  assert.equal((await client.get('/')).text, 'user 1');
  const stale = app.testClient();
  stale.setCookie('session', before!);
  assert.equal((await stale.get('/')).text, 'user none', 'the old id opens nothing');
  await client.post('/logout');
  assert.equal(client.getCookie('session'), undefined);
  assert.equal((await client.get('/')).text, 'user none');
}
