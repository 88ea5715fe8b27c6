/** docs/static-files.md: the static folder, caching, sendFile and sendFromDirectory. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// #region serve
import { fileURLToPath } from 'node:url';
import { App, html, sendFile, sendFromDirectory, serveStatic } from 'phial';

export const app = new App();

// The `static` folder next to this file, whatever the current directory is.
const staticFolder = fileURLToPath(new URL('static', import.meta.url));
serveStatic(app, '/static', staticFolder);
// #endregion serve

// #region link
app.get('/')(function index({ urlFor }) {
  const href = urlFor('static', { filename: 'app.css' }); // '/static/app.css'
  return html`<link rel="stylesheet" href="${href}"><h1>Hello</h1>`;
});
// #endregion link

// #region cached
// Files whose names change with their content (app.3f9a1c.css) can be cached for a year.
serveStatic(app, '/assets', staticFolder, { endpoint: 'assets', maxAge: 365 * 24 * 60 * 60 });
// #endregion cached

const reportsFolder = mkdtempSync(join(tmpdir(), 'phial-docs-reports-'));
writeFileSync(join(reportsFolder, 'latest.csv'), 'month,total\n2024-01,42\n');
const uploadsFolder = mkdtempSync(join(tmpdir(), 'phial-docs-uploads-'));
writeFileSync(join(uploadsFolder, 'cat.txt'), 'meow');
process.on('exit', () => {
  for (const folder of [reportsFolder, uploadsFolder]) rmSync(folder, { recursive: true, force: true });
});

// #region send_file
app.get('/report')(function report(ctx) {
  // A path the app chose, never one the client sent.
  return sendFile(ctx, join(reportsFolder, 'latest.csv'), {
    asAttachment: true,
    downloadName: 'report-2024.csv',
  });
});

app.get('/export')(function exportCsv(ctx) {
  const csv = 'id,name\n1,Ada\n';
  return sendFile(ctx, Buffer.from(csv), { downloadName: 'export.csv', asAttachment: true });
});
// #endregion send_file

// #region send_from_directory
app.get('/uploads/<path:name>')(function uploadedFile(ctx) {
  // `name` comes from the client: sendFromDirectory refuses any way out of the folder with a 404.
  return sendFromDirectory(ctx, uploadsFolder, ctx.params.name);
});
// #endregion send_from_directory

export async function check(): Promise<void> {
  const client = app.testClient();
  // #region test
  const css = await client.get('/static/app.css');
  assert.equal(css.status, 200);
  assert.equal(css.mimetype, 'text/css');
  assert.equal(css.headers.get('cache-control'), 'no-cache');

  // The browser's next visit: the file has not changed, so no body is sent.
  const again = await client.get('/static/app.css', {
    headers: { 'If-None-Match': css.headers.get('etag')! },
  });
  assert.equal(again.status, 304);

  const part = await client.get('/static/app.css', { headers: { Range: 'bytes=0-3' } });
  assert.equal(part.status, 206);
  assert.equal(part.text, 'body');

  assert.equal((await client.get('/static/../app.ts')).status, 404);
  // #endregion test

  assert.match((await client.get('/')).text, /href="\/static\/app.css"/);
  const assets = await client.get('/assets/app.css');
  assert.equal(assets.headers.get('cache-control'), 'public, max-age=31536000');
  const report = await client.get('/report');
  assert.equal(report.headers.get('content-disposition'), 'attachment; filename=report-2024.csv');
  assert.equal(report.text, 'month,total\n2024-01,42\n');
  const exported = await client.get('/export');
  assert.equal(exported.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal((await client.get('/uploads/cat.txt')).text, 'meow');
  assert.equal((await client.get('/uploads/%2e%2e/cat.txt')).status, 404);
}
