import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { abort, HttpError } from '../../lib/http/errors.ts';

const Errors = suite('HttpError');

Errors('has the status, phrase and Werkzeug default description', () => {
  const error = new HttpError(404);
  assert.is(error.status, 404);
  assert.is(error.phrase, 'Not Found');
  assert.match(error.description, /not found on the server/);
  assert.ok(error.expose);
  assert.ok(error instanceof Error);
});

Errors('5xx are not exposed by default; 4xx are', () => {
  assert.not.ok(new HttpError(500, 'db password is hunter2').expose);
  assert.ok(new HttpError(400, 'bad').expose);
  assert.ok(new HttpError(503, 'maintenance', { expose: true }).expose);
});

Errors('toHtml shows the default description instead of an unexposed one', () => {
  const html = new HttpError(500, 'secret detail').toHtml();
  assert.not.match(html, 'secret detail');
  assert.match(html, '<title>500 Internal Server Error</title>');
  assert.match(html, 'The server encountered an internal error');
});

Errors('toHtml escapes an exposed custom description', () => {
  const html = new HttpError(400, '<script>alert(1)</script>').toHtml();
  assert.match(html, '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.not.match(html, '<script>');
});

Errors('a status outside 400–599 is a RangeError', () => {
  assert.throws(() => new HttpError(302), RangeError);
  assert.throws(() => new HttpError(600), RangeError);
  assert.throws(() => new HttpError(404.5), RangeError);
});

Errors('abort throws an HttpError with the status and headers', () => {
  try {
    abort(418, undefined, { headers: { 'X-Tea': 'yes' } });
    assert.unreachable('abort returned');
  } catch (error) {
    assert.instance(error, HttpError);
    assert.is((error as HttpError).status, 418);
    assert.equal((error as HttpError).headers, { 'X-Tea': 'yes' });
    assert.match((error as HttpError).toHtml(), 'teapot');
  }
});

Errors.run();
