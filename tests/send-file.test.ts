/**
 * Tests for lib/send-file.ts, through the test client (what a browser would get) and by calling
 * sendFile directly. Files live in a temporary folder made for this run.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { HttpError } from '../lib/http/errors.ts';
import { httpDate } from '../lib/http/http-date.ts';
import { Request } from '../lib/http/request.ts';
import { contentDisposition, type SendFileOptions, sendFile, sendResolvedFile } from '../lib/send-file.ts';

const root = mkdtempSync(join(tmpdir(), 'phial-send-file-'));
const TEXT = 'Hello, file!\n';
const MTIME = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
const notes = join(root, 'notes.txt');
writeFileSync(notes, TEXT);
utimesSync(notes, MTIME, MTIME);
const big = join(root, 'big.bin');
const BIG = Buffer.alloc(300 * 1024 + 7, 0);
for (let i = 0; i < BIG.length; i++) BIG[i] = (i * 31 + (i >> 8)) & 0xff;
writeFileSync(big, BIG);
mkdirSync(join(root, 'folder'));
const ETAG = `"${TEXT.length.toString(16)}-${Math.trunc(statSync(notes).mtimeMs).toString(16)}"`;
const LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';

/** Resolves to the error `run` rejects with, after checking it against `expected`. */
async function rejects(run: () => Promise<unknown>, expected: RegExp | ((error: unknown) => boolean)) {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, 'expected a rejection');
  if (expected instanceof RegExp) assert.match(String((caught as Error).message), expected);
  else assert.ok(expected(caught), String(caught));
}

/** A test client for an app whose `/file` view sends `file` with `options`. */
function clientFor(file: string | Uint8Array, options: SendFileOptions = {}) {
  const app = new App();
  app.route('/file', { methods: ['GET', 'POST'] })(function file_view(ctx) {
    return sendFile(ctx, file, options);
  });
  return app.testClient();
}

function request(headers: Record<string, string> = {}, method = 'GET'): Request {
  return new Request({ method, url: '/file', headers });
}

// ── a file ──────────────────────────────────────────────────────────────────────────────────────

const SendFile = suite('sendFile');

SendFile('sends the file with its type, length, validators and caching headers', async () => {
  const response = await clientFor(notes).get('/file');
  assert.is(response.status, 200);
  assert.is(response.text, TEXT);
  assert.is(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.is(response.headers.get('content-length'), String(TEXT.length));
  assert.is(response.headers.get('content-disposition'), 'inline; filename=notes.txt');
  assert.is(response.headers.get('etag'), ETAG);
  assert.is(response.headers.get('last-modified'), LAST_MODIFIED);
  assert.is(response.headers.get('cache-control'), 'no-cache');
  assert.is(response.headers.get('accept-ranges'), 'bytes');
});

SendFile('streams the body, and opens the file only when the body is read', async () => {
  const response = await sendFile(request(), notes);
  assert.ok(response.isStreamed);
  assert.is(response.headers.get('content-length'), String(TEXT.length));
  // A path that cannot be opened: closing the unread body (HEAD, a replaced response) is fine…
  const gone = { path: join(root, 'gone.txt'), stats: statSync(notes), name: 'gone.txt' };
  const unread = sendResolvedFile(request(), gone).body as AsyncGenerator<Uint8Array>;
  await unread.return(undefined);
  // …while reading it is what fails.
  const read = sendResolvedFile(request(), gone).body as AsyncGenerator<Uint8Array>;
  await rejects(() => read.next(), /ENOENT/);
});

SendFile('accepts a RequestContext or a Request', async () => {
  const response = await sendFile(request(), notes);
  assert.is(response.status, 200);
});

SendFile('a large file arrives whole, in several chunks', async () => {
  const response = await clientFor(big).get('/file');
  assert.is(response.headers.get('content-type'), 'application/octet-stream');
  assert.is(response.data.byteLength, BIG.length);
  assert.ok(Buffer.from(response.data).equals(BIG));
});

SendFile('HEAD gets the headers, Content-Length included, and no body', async () => {
  const response = await clientFor(notes).head('/file');
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-length'), String(TEXT.length));
  assert.is(response.data.byteLength, 0);
});

SendFile('an empty file is a 200 with Content-Length 0', async () => {
  const empty = join(root, 'empty.txt');
  writeFileSync(empty, '');
  const response = await clientFor(empty).get('/file', { headers: { Range: 'bytes=0-' } });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-length'), '0');
  assert.is(response.text, '');
});

SendFile('a missing file or a folder rejects (a 500, as in Flask): the path was trusted', async () => {
  await rejects(() => sendFile(request(), join(root, 'missing.txt')), /ENOENT/);
  await rejects(() => sendFile(request(), join(root, 'folder')), /not a regular file/);
});

SendFile('a file that changed after its headers were made is refused, not sent wrong', async () => {
  const changing = join(root, 'changing.txt');
  writeFileSync(changing, 'first version');
  const stats = statSync(changing);
  writeFileSync(changing, 'the second, longer version');
  const response = sendResolvedFile(request(), { path: changing, stats, name: 'changing.txt' });
  await rejects(async () => {
    for await (const _ of response.body as AsyncIterable<Uint8Array>);
  }, /changed between its checks and its reading/);
});

SendFile.run();

// ── options ─────────────────────────────────────────────────────────────────────────────────────

const Options = suite('sendFile options');

Options('mimetype, asAttachment and downloadName', async () => {
  const response = await clientFor(notes, {
    mimetype: 'text/csv',
    asAttachment: true,
    downloadName: 'report 2024.csv',
  }).get('/file');
  assert.is(response.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.is(response.headers.get('content-disposition'), 'attachment; filename="report 2024.csv"');
});

Options('downloadName decides the guessed mimetype', async () => {
  const response = await clientFor(notes, { downloadName: 'page.html' }).get('/file');
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
});

Options('maxAge: public with max-age and Expires; 0 means revalidate', async () => {
  const cached = await clientFor(notes, { maxAge: 3600 }).get('/file');
  assert.is(cached.headers.get('cache-control'), 'public, max-age=3600');
  const expires = Date.parse(cached.headers.get('expires')!);
  assert.ok(expires > Date.now() + 3500_000 && expires <= Date.now() + 3600_000);
  const zero = await clientFor(notes, { maxAge: 0 }).get('/file');
  assert.is(zero.headers.get('cache-control'), 'no-cache, max-age=0');
});

Options('etag: false sends none, a string is quoted, a quoted tag is kept', async () => {
  assert.is((await clientFor(notes, { etag: false }).get('/file')).headers.get('etag'), null);
  assert.is((await clientFor(notes, { etag: 'v7' }).get('/file')).headers.get('etag'), '"v7"');
  assert.is((await clientFor(notes, { etag: 'W/"v7"' }).get('/file')).headers.get('etag'), 'W/"v7"');
});

Options('lastModified: a Date or Unix seconds', async () => {
  const date = new Date(Date.UTC(2020, 5, 1, 0, 0, 0, 999));
  const byDate = await clientFor(notes, { lastModified: date }).get('/file');
  assert.is(byDate.headers.get('last-modified'), 'Mon, 01 Jun 2020 00:00:00 GMT');
  const bySeconds = await clientFor(notes, { lastModified: 1_600_000_000 }).get('/file');
  assert.is(bySeconds.headers.get('last-modified'), httpDate(1_600_000_000));
});

Options('conditional: false ignores Range and validators in the request', async () => {
  const response = await clientFor(notes, { conditional: false }).get('/file', {
    headers: { Range: 'bytes=0-1', 'If-None-Match': ETAG },
  });
  assert.is(response.status, 200);
  assert.is(response.text, TEXT);
  assert.is(response.headers.get('accept-ranges'), null);
});

Options('bad options throw a TypeError naming the option', async () => {
  await rejects(() => sendFile(request(), notes, { maxAge: -1 }), /'maxAge'/);
  await rejects(() => sendFile(request(), notes, { maxAge: Number.NaN }), /'maxAge'/);
  await rejects(() => sendFile(request(), notes, { etag: 'a\nb' }), /'etag'/);
  await rejects(() => sendFile(request(), notes, { lastModified: new Date('nope') }), /'lastModified'/);
});

Options.run();

// ── bytes ───────────────────────────────────────────────────────────────────────────────────────

const Bytes = suite('sendFile bytes');

Bytes('sends bytes under a download name, without validators unless given', async () => {
  const data = Buffer.from('a,b\n1,2\n');
  const response = await clientFor(data, { downloadName: 'export.csv', asAttachment: true }).get('/file');
  assert.is(response.text, 'a,b\n1,2\n');
  assert.is(response.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.is(response.headers.get('content-disposition'), 'attachment; filename=export.csv');
  assert.is(response.headers.get('etag'), null);
  assert.is(response.headers.get('last-modified'), null);
});

Bytes('ranges and tags work on bytes too', async () => {
  const client = clientFor(Buffer.from('0123456789'), { mimetype: 'text/plain', etag: 'digits' });
  const part = await client.get('/file', { headers: { Range: 'bytes=2-4' } });
  assert.is(part.status, 206);
  assert.is(part.text, '234');
  const unchanged = await client.get('/file', { headers: { 'If-None-Match': '"digits"' } });
  assert.is(unchanged.status, 304);
});

Bytes('bytes need a mimetype or a downloadName, and a name to be an attachment', async () => {
  await rejects(() => sendFile(request(), new Uint8Array(1)), /'mimetype' or 'downloadName'/);
  await rejects(
    () => sendFile(request(), new Uint8Array(1), { mimetype: 'text/plain', asAttachment: true }),
    /'asAttachment' needs 'downloadName'/,
  );
});

Bytes.run();

// ── conditional requests ────────────────────────────────────────────────────────────────────────

const Conditional = suite('sendFile conditional requests');

Conditional('If-None-Match with the ETag: 304 without body or representation headers', async () => {
  const response = await clientFor(notes).get('/file', { headers: { 'If-None-Match': ETAG } });
  assert.is(response.status, 304);
  assert.is(response.data.byteLength, 0);
  assert.is(response.headers.get('etag'), ETAG);
  assert.is(response.headers.get('cache-control'), 'no-cache');
  assert.is(response.headers.get('content-type'), null);
  assert.is(response.headers.get('content-length'), null);
});

Conditional('If-None-Match with another tag: 200', async () => {
  const response = await clientFor(notes).get('/file', { headers: { 'If-None-Match': '"other"' } });
  assert.is(response.status, 200);
  assert.is(response.text, TEXT);
});

Conditional('If-Modified-Since at Last-Modified: 304; before it: 200', async () => {
  const client = clientFor(notes);
  const same = await client.get('/file', { headers: { 'If-Modified-Since': LAST_MODIFIED } });
  assert.is(same.status, 304);
  const older = await client.get('/file', {
    headers: { 'If-Modified-Since': 'Tue, 02 Jan 2024 03:04:04 GMT' },
  });
  assert.is(older.status, 200);
});

Conditional('If-Match with another tag, or If-Unmodified-Since before the mtime: 412', async () => {
  const client = clientFor(notes);
  assert.is((await client.get('/file', { headers: { 'If-Match': '"other"' } })).status, 412);
  assert.is((await client.get('/file', { headers: { 'If-Match': ETAG } })).status, 200);
  const since = 'Mon, 01 Jan 2024 00:00:00 GMT';
  assert.is((await client.get('/file', { headers: { 'If-Unmodified-Since': since } })).status, 412);
});

Conditional('a POST whose If-None-Match matches is a 412, not a 304', async () => {
  const response = await clientFor(notes).post('/file', { headers: { 'If-None-Match': ETAG } });
  assert.is(response.status, 412);
});

Conditional('a 412 from sendFile is an HttpError the app can handle', async () => {
  await rejects(
    () => sendFile(request({ 'If-Match': '"x"' }), notes),
    (error: unknown) => error instanceof HttpError && error.status === 412,
  );
});

Conditional.run();

// ── ranges ──────────────────────────────────────────────────────────────────────────────────────

const Ranges = suite('sendFile ranges');

Ranges('a single range: 206 with Content-Range and its own Content-Length', async () => {
  const response = await clientFor(notes).get('/file', { headers: { Range: 'bytes=0-4' } });
  assert.is(response.status, 206);
  assert.is(response.text, 'Hello');
  assert.is(response.headers.get('content-range'), `bytes 0-4/${TEXT.length}`);
  assert.is(response.headers.get('content-length'), '5');
});

Ranges('a suffix range, and an open range in a large file', async () => {
  const suffix = await clientFor(notes).get('/file', { headers: { Range: 'bytes=-6' } });
  assert.is(suffix.text, 'file!\n');
  const start = BIG.length - 70_000;
  const tail = await clientFor(big).get('/file', { headers: { Range: `bytes=${start}-` } });
  assert.is(tail.status, 206);
  assert.ok(Buffer.from(tail.data).equals(BIG.subarray(start)));
});

Ranges('a range past the end: 416 with Content-Range bytes */size', async () => {
  const response = await clientFor(notes).get('/file', { headers: { Range: 'bytes=999-' } });
  assert.is(response.status, 416);
  assert.is(response.headers.get('content-range'), `bytes */${TEXT.length}`);
});

Ranges('several ranges or a malformed one: the whole file, 200', async () => {
  for (const range of ['bytes=0-1,3-4', 'bytes=x-y', 'lines=1-2']) {
    const response = await clientFor(notes).get('/file', { headers: { Range: range } });
    assert.is(response.status, 200, range);
    assert.is(response.text, TEXT);
  }
});

Ranges('If-Range: the current ETag or date gives the part, a stale one the whole file', async () => {
  const client = clientFor(notes);
  const fresh = await client.get('/file', { headers: { Range: 'bytes=0-4', 'If-Range': ETAG } });
  assert.is(fresh.status, 206);
  const byDate = await client.get('/file', { headers: { Range: 'bytes=0-4', 'If-Range': LAST_MODIFIED } });
  assert.is(byDate.status, 206);
  const stale = await client.get('/file', { headers: { Range: 'bytes=0-4', 'If-Range': '"old"' } });
  assert.is(stale.status, 200);
  assert.is(stale.text, TEXT);
});

Ranges('HEAD ignores Range (RFC 9110 defines ranges for GET only)', async () => {
  const response = await clientFor(notes).head('/file', { headers: { Range: 'bytes=0-4' } });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-length'), String(TEXT.length));
});

Ranges.run();

// ── Content-Disposition ─────────────────────────────────────────────────────────────────────────

const Disposition = suite('contentDisposition');

Disposition('a token is bare, other ASCII is quoted with escapes', () => {
  assert.is(contentDisposition('app.css'), 'inline; filename=app.css');
  assert.is(contentDisposition('a "b" \\c.txt', true), 'attachment; filename="a \\"b\\" \\\\c.txt"');
});

Disposition('a name that is not ASCII gets a fallback and filename*', () => {
  assert.is(
    contentDisposition('файл.txt'),
    "inline; filename=.txt; filename*=UTF-8''%D1%84%D0%B0%D0%B9%D0%BB.txt",
  );
  assert.is(contentDisposition('café.txt'), "inline; filename=cafe.txt; filename*=UTF-8''caf%C3%A9.txt");
});

Disposition('controls and lone surrogates never reach the header raw', () => {
  const value = contentDisposition('a\r\nSet-Cookie: x=1\ud800.txt');
  assert.not.match(value, /[\r\n]/);
  assert.match(value, /filename\*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1%EF%BF%BD\.txt$/);
});

Disposition.run();

process.on('exit', () => rmSync(root, { recursive: true, force: true }));
