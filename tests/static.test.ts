/**
 * Tests for lib/static.ts: safeJoin, sendFromDirectory and serveStatic, through the test client
 * and over a real socket (undici, which sends paths exactly as given, `..` and backslashes
 * included). Every way out of the folder must be a 404 that never shows the secret next to it.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import { HttpError } from '../lib/http/errors.ts';
import { Request } from '../lib/http/request.ts';
import { isWindowsReserved, safeJoin, sendFromDirectory, serveStatic } from '../lib/static.ts';
import { quietApp, start } from './helpers/live.ts';

// root/secret.txt is what every attack tries to read; root/public is the served folder.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'phial-static-')));
const SECRET = 'TOP SECRET: the launch codes';
const CSS = 'body { color: #333; }\n';
const publicDir = join(root, 'public');
writeFileSync(join(root, 'secret.txt'), SECRET);
mkdirSync(join(publicDir, 'css'), { recursive: true });
mkdirSync(join(publicDir, 'sub'));
mkdirSync(join(root, 'public-sibling'));
writeFileSync(join(publicDir, 'app.css'), CSS);
writeFileSync(join(publicDir, 'css', 'site.css'), 'h1 {}');
writeFileSync(join(publicDir, 'a b+c.txt'), 'spaces');
writeFileSync(join(root, 'public-sibling', 'x.txt'), SECRET);
symlinkSync('app.css', join(publicDir, 'alias.css'));
symlinkSync('../secret.txt', join(publicDir, 'escape.txt'));
symlinkSync(join(root, 'secret.txt'), join(publicDir, 'absolute-escape.txt'));
symlinkSync('..', join(publicDir, 'up'));
// Shares the folder's name as a prefix: a containment check by string prefix alone would pass it.
symlinkSync('../public-sibling/x.txt', join(publicDir, 'sibling.txt'));
symlinkSync('public', join(root, 'public-link'));

/** Request paths that try to leave /static's folder, each for a file that exists outside it. */
const TRAVERSALS = [
  '/static/../secret.txt',
  '/static/sub/../../secret.txt',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E/secret.txt',
  '/static/.%2e/secret.txt',
  '/static/..%2fsecret.txt',
  '/static/%2e%2e%2fsecret.txt',
  '/static/css%2f..%2f..%2fsecret.txt',
  '/static/..\\secret.txt',
  '/static/..%5csecret.txt',
  '/static/..%5Csecret.txt',
  '/static/sub\\..\\..\\secret.txt',
  `/static/${encodeURIComponent(join(root, 'secret.txt'))}`,
  `/static/%2F${encodeURIComponent(join(root, 'secret.txt').slice(1))}`,
  '/static/C:%5Csecret.txt',
  '/static/C:secret.txt',
  '/static/app.css%00.txt',
  '/static/%00../secret.txt',
  '/static/%c0%ae%c0%ae/secret.txt',
  '/static/%252e%252e/secret.txt',
  '/static/escape.txt',
  '/static/absolute-escape.txt',
  '/static/up/secret.txt',
  '/static/sibling.txt',
];

/** Paths that are not regular files inside the folder. */
const NOT_FILES = ['/static/sub', '/static/sub/', '/static/missing.css', '/static/.', '/static/css/..'];

function staticApp(): App {
  const { app } = quietApp();
  serveStatic(app, '/static', publicDir);
  return app;
}

// ── safeJoin ────────────────────────────────────────────────────────────────────────────────────

const SafeJoin = suite('safeJoin');

SafeJoin('joins a relative path, normalized', () => {
  assert.is(safeJoin('/srv/static', 'css/app.css'), '/srv/static/css/app.css');
  assert.is(safeJoin('/srv/static', 'css//./app.css'), '/srv/static/css/app.css');
  assert.is(safeJoin('/srv/static', 'css/../app.css'), '/srv/static/app.css');
  assert.is(safeJoin('', 'app.css'), 'app.css');
});

SafeJoin('refuses every way out, as null', () => {
  for (const path of [
    '..',
    '../x',
    'a/../../x',
    '/etc/passwd',
    '//etc/passwd',
    '..\\x',
    'a\\b',
    'C:\\x',
    'C:x',
    'c:/x',
    'x\0.txt',
    '\0',
  ]) {
    assert.is(safeJoin('/srv/static', path), null, JSON.stringify(path));
  }
});

SafeJoin('an empty folder means the current one, never the untrusted part as the base', () => {
  assert.is(safeJoin('', '/etc/passwd'), null);
  assert.is(safeJoin('', 'x'), 'x');
});

SafeJoin.run();

const WindowsReserved = suite('isWindowsReserved');

WindowsReserved('device names with any extension or trailing spaces, and streams', () => {
  for (const path of ['CON', 'con.txt', 'a/nul', 'aux .js', 'COM1', 'lpt9.log', 'file.txt:hidden', 'COM¹']) {
    assert.ok(isWindowsReserved(path), path);
  }
  for (const path of ['console.txt', 'a/b.txt', 'com10', 'icon.png']) {
    assert.not.ok(isWindowsReserved(path), path);
  }
});

WindowsReserved.run();

// ── sendFromDirectory ───────────────────────────────────────────────────────────────────────────

const SendFromDirectory = suite('sendFromDirectory');

async function status(directory: string, path: string): Promise<number> {
  try {
    const response = await sendFromDirectory(new Request({ method: 'GET', url: '/' }), directory, path);
    return response.status;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

SendFromDirectory('sends a file inside the folder, through symlinks that stay inside', async () => {
  assert.is(await status(publicDir, 'app.css'), 200);
  assert.is(await status(publicDir, 'css/site.css'), 200);
  assert.is(await status(publicDir, 'alias.css'), 200);
  assert.is(await status(join(root, 'public-link'), 'app.css'), 200);
  // Out through a symlink and back in: what counts is where the file really is.
  assert.is(await status(publicDir, 'up/public/app.css'), 200);
});

SendFromDirectory('a relative folder is resolved against the current directory', async () => {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    assert.is(await status('public', 'app.css'), 200);
  } finally {
    process.chdir(cwd);
  }
});

SendFromDirectory('every way out, a folder, a missing file or an empty path: 404', async () => {
  for (const path of [
    '../secret.txt',
    join(root, 'secret.txt'),
    '..\\secret.txt',
    'escape.txt',
    'absolute-escape.txt',
    'up/secret.txt',
    'sibling.txt',
    'sub',
    'missing',
    '',
    'app.css\0',
  ]) {
    assert.is(await status(publicDir, path), 404, JSON.stringify(path));
  }
});

SendFromDirectory('a folder that does not exist: 404', async () => {
  assert.is(await status(join(root, 'nowhere'), 'app.css'), 404);
});

SendFromDirectory('names the file after the requested path, not the symlink target', async () => {
  writeFileSync(join(root, 'public', 'data.bin'), 'x');
  symlinkSync('data.bin', join(root, 'public', 'data-link.json'));
  const response = await sendFromDirectory(
    new Request({ method: 'GET', url: '/' }),
    publicDir,
    'data-link.json',
  );
  assert.is(response.headers.get('content-type'), 'application/json');
  assert.is(response.headers.get('content-disposition'), 'inline; filename=data-link.json');
});

SendFromDirectory.run();

// ── serveStatic through the test client ─────────────────────────────────────────────────────────

const ServeStatic = suite('serveStatic');

ServeStatic('serves files under the URL path with endpoint static', async () => {
  const app = staticApp();
  const response = await app.testClient().get('/static/app.css');
  assert.is(response.status, 200);
  assert.is(response.text, CSS);
  assert.is(response.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.is(app.urlFor('static', { filename: 'css/site.css' }), '/static/css/site.css');
  assert.is(app.urlFor('static', { filename: 'a b+c.txt' }), '/static/a%20b+c.txt');
  assert.is((await app.testClient().get(app.urlFor('static', { filename: 'a b+c.txt' }))).text, 'spaces');
});

ServeStatic('conditional requests answer 304, ranges 206, HEAD has the length', async () => {
  const client = staticApp().testClient();
  const first = await client.get('/static/app.css');
  const etag = first.headers.get('etag')!;
  assert.is((await client.get('/static/app.css', { headers: { 'If-None-Match': etag } })).status, 304);
  const part = await client.get('/static/app.css', { headers: { Range: 'bytes=0-3' } });
  assert.is(part.status, 206);
  assert.is(part.text, 'body');
  const head = await client.head('/static/app.css');
  assert.is(head.headers.get('content-length'), String(CSS.length));
});

ServeStatic('every traversal and symlink escape is a 404 that shows nothing of the secret', async () => {
  const client = staticApp().testClient();
  for (const path of TRAVERSALS) {
    const response = await client.get(path, { followRedirects: true });
    assert.is(response.status, 404, path);
    assert.not.match(response.text, 'SECRET', path);
    // An encoded absolute path (`%2F…`) first gets routing's merge-slashes 308, within /static/.
    for (const hop of response.history) assert.match(hop.location ?? '', /^\/static\/[^/]/, path);
  }
});

ServeStatic('a folder, a missing file, and methods other than GET and HEAD', async () => {
  const client = staticApp().testClient();
  for (const path of NOT_FILES) assert.is((await client.get(path)).status, 404, path);
  assert.is((await client.post('/static/app.css')).status, 405);
});

ServeStatic('options reach sendFile: maxAge', async () => {
  const { app } = quietApp();
  serveStatic(app, '/assets/', publicDir, { maxAge: 600 });
  const response = await app.testClient().get('/assets/app.css');
  assert.is(response.headers.get('cache-control'), 'public, max-age=600');
});

ServeStatic('a second folder needs its own endpoint; a blueprint prefixes both', async () => {
  const { app } = quietApp();
  serveStatic(app, '/static', publicDir);
  assert.throws(() => serveStatic(app, '/other', publicDir), /overwriting an existing endpoint/);
  serveStatic(app, '/other', join(publicDir, 'css'), { endpoint: 'css' });
  const admin = new Blueprint('admin', { urlPrefix: '/admin' });
  serveStatic(admin, '/static', join(publicDir, 'css'));
  app.registerBlueprint(admin);
  assert.is(app.urlFor('css', { filename: 'site.css' }), '/other/site.css');
  assert.is(app.urlFor('admin.static', { filename: 'site.css' }), '/admin/static/site.css');
  assert.is((await app.testClient().get('/admin/static/site.css')).text, 'h1 {}');
});

ServeStatic('misuse fails at registration with a message that says how to fix it', () => {
  const { app } = quietApp();
  assert.throws(() => serveStatic(app, 'static', publicDir), /urlPath must start with a slash/);
  assert.throws(() => serveStatic(app, '/static', ''), /directory must be a folder/);
});

ServeStatic.run();

// ── over a real socket ──────────────────────────────────────────────────────────────────────────

const Live = suite('serveStatic over a socket');

async function withServer(run: (client: Client) => Promise<void>): Promise<void> {
  const server = await start(staticApp());
  const client = new Client(server.url);
  try {
    await run(client);
  } finally {
    await client.close();
    await server.close();
  }
}

Live('a streamed file keeps its Content-Length (no chunked encoding) and arrives whole', async () => {
  const big = Buffer.alloc(256 * 1024 + 3, 'abcdefgh');
  writeFileSync(join(publicDir, 'big.txt'), big);
  await withServer(async (client) => {
    const response = await client.request({ path: '/static/big.txt', method: 'GET' });
    assert.is(response.statusCode, 200);
    assert.is(response.headers['content-length'], String(big.length));
    assert.is(response.headers['transfer-encoding'], undefined);
    assert.ok(Buffer.from(await response.body.arrayBuffer()).equals(big));
  });
});

Live('HEAD, 304 and 206 on the wire', async () => {
  await withServer(async (client) => {
    const head = await client.request({ path: '/static/app.css', method: 'HEAD' });
    assert.is(head.headers['content-length'], String(CSS.length));
    assert.is(await head.body.text(), '');
    const etag = String(head.headers['etag']);
    const cached = await client.request({
      path: '/static/app.css',
      method: 'GET',
      headers: { 'if-none-match': etag },
    });
    assert.is(cached.statusCode, 304);
    assert.is(await cached.body.text(), '');
    const part = await client.request({
      path: '/static/app.css',
      method: 'GET',
      headers: { range: 'bytes=5-' },
    });
    assert.is(part.statusCode, 206);
    assert.is(part.headers['content-range'], `bytes 5-${CSS.length - 1}/${CSS.length}`);
    assert.is(await part.body.text(), CSS.slice(5));
    const unsatisfiable = await client.request({
      path: '/static/app.css',
      method: 'GET',
      headers: { range: 'bytes=9999-' },
    });
    assert.is(unsatisfiable.statusCode, 416);
    await unsatisfiable.body.text();
  });
});

Live('every traversal and symlink escape is a 404 on the wire, and the server keeps serving', async () => {
  await withServer(async (client) => {
    for (const path of [...TRAVERSALS, ...NOT_FILES]) {
      let response = await client.request({ path, method: 'GET' });
      let body = await response.body.text();
      if (response.statusCode === 308) {
        // Routing's merge-slashes redirect for an encoded absolute path: it stays under /static/.
        const location = String(response.headers['location']);
        assert.match(location, /^\/static\/[^/]/, path);
        response = await client.request({ path: location, method: 'GET' });
        body = await response.body.text();
      }
      assert.is(response.statusCode, 404, path);
      assert.not.match(body, 'SECRET', path);
    }
    const ok = await client.request({ path: '/static/css/site.css', method: 'GET' });
    assert.is(await ok.body.text(), 'h1 {}');
  });
});

Live.run();

process.on('exit', () => rmSync(root, { recursive: true, force: true }));
