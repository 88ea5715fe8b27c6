/** Tests for lib/http/mimetypes.ts. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MIMETYPE, guessMimetype } from '../../lib/http/mimetypes.ts';

const GuessMimetype = suite('guessMimetype');

GuessMimetype('knows the types web apps serve', () => {
  assert.is(guessMimetype('index.html'), 'text/html');
  assert.is(guessMimetype('app.css'), 'text/css');
  assert.is(guessMimetype('app.js'), 'text/javascript');
  assert.is(guessMimetype('module.mjs'), 'text/javascript');
  assert.is(guessMimetype('data.json'), 'application/json');
  assert.is(guessMimetype('logo.svg'), 'image/svg+xml');
  assert.is(guessMimetype('photo.jpeg'), 'image/jpeg');
  assert.is(guessMimetype('font.woff2'), 'font/woff2');
  assert.is(guessMimetype('module.wasm'), 'application/wasm');
  assert.is(guessMimetype('report.pdf'), 'application/pdf');
});

GuessMimetype('reads the last extension of the last segment, case-insensitively', () => {
  assert.is(guessMimetype('static/css/APP.CSS'), 'text/css');
  assert.is(guessMimetype('dir.d/readme.txt'), 'text/plain');
  assert.is(guessMimetype('backup.tar.gz'), 'application/gzip');
  assert.is(guessMimetype('C:\\site\\logo.png'), 'image/png');
});

GuessMimetype('unknown, missing or hidden-file extensions are application/octet-stream', () => {
  assert.is(DEFAULT_MIMETYPE, 'application/octet-stream');
  assert.is(guessMimetype('README'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('file.unknownext'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('.css'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('dir.css/file'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('trailing.'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('x.constructor'), DEFAULT_MIMETYPE);
  assert.is(guessMimetype('x.__proto__'), DEFAULT_MIMETYPE);
});

GuessMimetype.run();
