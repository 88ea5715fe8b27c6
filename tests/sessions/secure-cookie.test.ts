/**
 * The default session interface, through a real app: FLASK.md "Session behaviour", and a login
 * shared with a real Flask app over real sockets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { redirect } from '../../lib/http/response.ts';
import type { Server } from '../../lib/server/serve.ts';
import { SecureCookieSessionInterface } from '../../lib/sessions/secure-cookie.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';
import { withFlask } from '../helpers/flask.ts';

interface Data {
  username?: string;
  visits?: number;
  blob?: string;
}

function sessionApp(configure?: (app: App<Data>) => void): { app: App<Data>; warnings: string[] } {
  const app = new App<Data>();
  const warnings: string[] = [];
  app.logger = { info() {}, warn: (message: unknown) => warnings.push(String(message)), error() {} };
  app.secretKey = 'dev secret';
  configure?.(app);
  app.get('/untouched')(() => 'nothing');
  app.get('/read')(({ session }) => session.get('username') ?? 'anonymous');
  app.post('/login')(({ request, session }) => {
    session.set('username', request.form.require('username'));
    return redirect('/read');
  });
  app.post('/permanent')(({ session }) => {
    session.permanent = true;
    session.set('username', 'ada');
    return 'permanent';
  });
  app.post('/logout')(({ session }) => {
    session.pop('username');
    return 'bye';
  });
  app.post('/clear-empty')(({ session }) => {
    session.clear();
    return 'cleared';
  });
  app.post('/big')(({ session }) => {
    session.set('blob', randomBytes(3000).toString('hex'));
    return 'big';
  });
  return { app, warnings };
}

const Cookie = suite('SecureCookieSessionInterface');

Cookie('an untouched session sends neither Set-Cookie nor Vary', async () => {
  const { app } = sessionApp();
  const response = await app.testClient().get('/untouched');
  assert.equal(response.headers.getSetCookie(), []);
  assert.is(response.headers.get('vary'), null);
});

Cookie('a write sends a signed, HttpOnly, browser-session cookie and Vary: Cookie', async () => {
  const { app } = sessionApp();
  const client = app.testClient();
  const response = await client.post('/login', { form: { username: 'ada' } });
  const [cookie] = response.headers.getSetCookie();
  assert.match(cookie!, /^session=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; Path=\/$/);
  assert.is(response.headers.get('vary'), 'Cookie');
  assert.is((await client.get('/read')).text, 'ada');
});

Cookie('a read marks the response Vary: Cookie without a Set-Cookie', async () => {
  const { app } = sessionApp();
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const response = await client.get('/read');
  assert.is(response.headers.get('vary'), 'Cookie');
  assert.equal(response.headers.getSetCookie(), []);
  const untouched = await client.get('/untouched');
  assert.equal(untouched.headers.getSetCookie(), [], 'a non-permanent session is not refreshed');
});

Cookie('a permanent session carries Expires = now + lifetime, refreshed on each request', async () => {
  const { app } = sessionApp((a) => {
    a.config.PERMANENT_SESSION_LIFETIME = 3600;
  });
  const client = app.testClient();
  const response = await client.post('/permanent');
  const cookie = response.headers.getSetCookie()[0]!;
  assert.not.match(cookie, 'Max-Age');
  const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!);
  assert.ok(Math.abs(expires - (Date.now() + 3600_000)) < 5_000, 'Expires is an hour away');
  const refreshed = await client.get('/untouched');
  assert.is(refreshed.headers.getSetCookie().length, 1, 'refreshed although untouched');
  assert.is(refreshed.headers.get('vary'), 'Cookie');
});

Cookie('SESSION_REFRESH_EACH_REQUEST = false leaves an untouched permanent session alone', async () => {
  const { app } = sessionApp((a) => {
    a.config.SESSION_REFRESH_EACH_REQUEST = false;
  });
  const client = app.testClient();
  await client.post('/permanent');
  const response = await client.get('/untouched');
  assert.equal(response.headers.getSetCookie(), []);
});

Cookie('emptying the session deletes the cookie with the same attributes', async () => {
  const { app } = sessionApp((a) => {
    Object.assign(a.config, {
      SESSION_COOKIE_DOMAIN: 'example.com',
      SESSION_COOKIE_PATH: '/app',
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_SAMESITE: 'Lax',
    });
    a.post('/app/login')(function appLogin({ session }) {
      session.set('username', 'ada');
      return 'in';
    });
    a.post('/app/logout')(function appLogout({ session }) {
      session.pop('username');
      return 'out';
    });
  });
  const client = app.testClient();
  client.baseUrl = 'https://example.com';
  await client.post('/app/login');
  const response = await client.post('/app/logout');
  const [cookie] = response.headers.getSetCookie();
  assert.is(
    cookie,
    'session=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/app; SameSite=Lax',
  );
  assert.is(response.headers.get('vary'), 'Cookie');
});

Cookie('clear() on an empty session still counts as a write: a deletion cookie, as in Flask', async () => {
  const { app } = sessionApp();
  const response = await app.testClient().post('/clear-empty');
  assert.equal(response.headers.getSetCookie(), [
    'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/',
  ]);
});

Cookie('an empty session that was only read varies on Cookie but sends no cookie (Flask 3.1)', async () => {
  const { app } = sessionApp();
  const response = await app.testClient().get('/read');
  assert.equal(response.headers.getSetCookie(), []);
  assert.is(response.headers.get('vary'), 'Cookie', 'a cookie could have changed this page');
});

Cookie('every SESSION_COOKIE_* setting reaches the cookie', async () => {
  const { app } = sessionApp((a) => {
    Object.assign(a.config, {
      SESSION_COOKIE_NAME: '__Host-sid',
      SESSION_COOKIE_HTTPONLY: false,
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_SAMESITE: 'Strict',
      SESSION_COOKIE_PARTITIONED: true,
    });
  });
  const client = app.testClient();
  client.baseUrl = 'https://localhost';
  const response = await client.post('/login', { form: { username: 'ada' } });
  const [cookie] = response.headers.getSetCookie();
  assert.match(cookie!, /^__Host-sid=[^;]+; Secure; Path=\/; SameSite=Strict; Partitioned$/);
  assert.is((await client.get('/read')).text, 'ada');
});

Cookie('a cookie over MAX_COOKIE_SIZE logs a warning; 0 turns it off', async () => {
  const { app, warnings } = sessionApp();
  await app.testClient().post('/big');
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, "'session' cookie is too large");
  const quiet = sessionApp((a) => {
    a.config.MAX_COOKIE_SIZE = 0;
  });
  await quiet.app.testClient().post('/big');
  assert.is(quiet.warnings.length, 0);
});

Cookie(
  'SECRET_KEY_FALLBACKS: an old cookie opens, and is re-signed with the new key when written',
  async () => {
    const old = sessionApp();
    const client = old.app.testClient();
    await client.post('/login', { form: { username: 'ada' } });
    const oldValue = client.getCookie('session')!.value;

    const rotated = sessionApp((a) => {
      a.secretKey = 'new secret';
      a.config.SECRET_KEY_FALLBACKS = ['dev secret'];
    });
    const next = rotated.app.testClient();
    next.setCookie('session', oldValue);
    assert.is((await next.get('/read')).text, 'ada');
    await next.post('/login', { form: { username: 'grace' } });
    const newValue = next.getCookie('session')!.value;
    assert.ok(new SessionSigner({ secretKey: 'new secret' }).loads(newValue) !== undefined);

    const withoutFallback = sessionApp((a) => {
      a.secretKey = 'new secret';
    });
    const stranger = withoutFallback.app.testClient();
    stranger.setCookie('session', oldValue);
    assert.is((await stranger.get('/read')).text, 'anonymous');
  },
);

Cookie('tampered, expired, future-dated and garbage cookies are an empty session', async () => {
  const { app } = sessionApp((a) => {
    a.config.PERMANENT_SESSION_LIFETIME = 60;
  });
  const signer = new SessionSigner({ secretKey: 'dev secret' });
  const now = Math.floor(Date.now() / 1000);
  const valid = signer.dumps({ username: 'ada' }, now);
  const tampered = `${valid.slice(0, 2)}${valid[2] === 'A' ? 'B' : 'A'}${valid.slice(3)}`;
  const cases = {
    valid,
    tampered,
    expired: signer.dumps({ username: 'ada' }, now - 3600),
    future: signer.dumps({ username: 'ada' }, now + 3600),
    garbage: 'not.a.cookie',
    empty: '',
  };
  const seen: Record<string, string> = {};
  for (const [name, value] of Object.entries(cases)) {
    const client = app.testClient();
    client.setCookie('session', value);
    const response = await client.get('/read');
    seen[name] = response.text;
    assert.equal(response.headers.getSetCookie(), [], `${name}: no Set-Cookie`);
  }
  assert.equal(seen, {
    valid: 'ada',
    tampered: 'anonymous',
    expired: 'anonymous',
    future: 'anonymous',
    garbage: 'anonymous',
    empty: 'anonymous',
  });
});

Cookie('without a secret key the session reads as empty and a write fails with Flask message', async () => {
  const { app } = sessionApp((a) => {
    a.secretKey = null;
  });
  const client = app.testClient();
  assert.is((await client.get('/read')).text, 'anonymous');
  assert.is((await client.post('/login', { form: { username: 'ada' } })).status, 500);
  app.config.TESTING = true;
  try {
    await client.post('/login', { form: { username: 'ada' } });
    assert.unreachable('should reject');
  } catch (error) {
    assert.match((error as Error).message, 'The session is unavailable because no secret key was set.');
  }
});

Cookie('digest sha256 signs with sha256 and refuses sha1 cookies', async () => {
  const { app } = sessionApp((a) => {
    a.sessionInterface = new SecureCookieSessionInterface({ digest: 'sha256' });
  });
  const client = app.testClient();
  await client.post('/login', { form: { username: 'ada' } });
  const value = client.getCookie('session')!.value;
  assert.ok(new SessionSigner({ secretKey: 'dev secret', digest: 'sha256' }).loads(value) !== undefined);
  assert.is(new SessionSigner({ secretKey: 'dev secret' }).loads(value), undefined);
});

Cookie('sessionTransaction reads and changes the session between requests', async () => {
  const { app } = sessionApp();
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    assert.is(session.get('username'), undefined);
    session.set('username', 'grace');
  });
  assert.is((await client.get('/read')).text, 'grace');
  await client.sessionTransaction((session) => {
    assert.is(session.get('username'), 'grace');
    session.clear();
  });
  assert.is((await client.get('/read')).text, 'anonymous');
});

// --- A real Flask app and a Phial app share one login over real sockets. ---

const FLASK_APP = `
import sys
from flask import Flask, session, request
app = Flask(__name__)
app.secret_key = sys.argv[2]
@app.route('/login', methods=['POST'])
def login():
    session['username'] = request.form['username']
    session['langs'] = ('ru', 'en')
    return 'ok'
@app.route('/profile')
def profile():
    return 'Привет, %s! %r' % (session.get('username', 'stranger'), session.get('langs'))
app.run(host='127.0.0.1', port=int(sys.argv[1]))
`;

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await (await request(url)).body.dump();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Flask did not start at ${url}`);
}

const Interop = suite('a login shared with a real Flask app');
const flaskReady = withFlask(Interop);

if (flaskReady) {
  let flask: ChildProcess;
  let flaskUrl = '';
  let phial: Server;
  const secret = 'shared secret between Flask and Phial';

  Interop.before(async () => {
    const port = await freePort();
    flask = spawn('/usr/bin/python3', ['-c', FLASK_APP, String(port), secret], { stdio: 'ignore' });
    flaskUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${flaskUrl}/profile`);
    const { app } = sessionApp((a) => {
      a.secretKey = secret;
    });
    phial = await app.run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
  });

  Interop.after(async () => {
    flask.kill();
    await phial.close();
  });

  Interop('a cookie Flask wrote opens in Phial', async () => {
    const login = await request(`${flaskUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=%D0%90%D0%B4%D0%B0',
    });
    await login.body.dump();
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const read = await request(new URL('/read', phial.url), { headers: { cookie } });
    assert.is(await read.body.text(), 'Ада');
  });

  Interop('a cookie Phial wrote opens in Flask', async () => {
    const login = await request(new URL('/login', phial.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=grace',
    });
    await login.body.dump();
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const profile = await request(`${flaskUrl}/profile`, { headers: { cookie } });
    assert.is(await profile.body.text(), 'Привет, grace! None');
  });
}

Cookie.run();
Interop.run();
