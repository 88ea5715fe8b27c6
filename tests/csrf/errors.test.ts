/** CsrfError (lib/csrf/errors.ts): the status, layer and message of each refusal. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CsrfError, type CsrfReason } from '../../lib/csrf/errors.ts';
import { HttpError } from '../../lib/http/errors.ts';

const Errors = suite('CsrfError');

Errors('the origin layer refuses with 403, the token layer with 400, as an HttpError', () => {
  const layers: Record<CsrfReason, [number, 'origin' | 'token']> = {
    'sec-fetch-site': [403, 'origin'],
    origin: [403, 'origin'],
    'token-missing': [400, 'token'],
    'session-token-missing': [400, 'token'],
    'token-invalid': [400, 'token'],
    'token-expired': [400, 'token'],
    'tokens-differ': [400, 'token'],
  };
  for (const [reason, [status, layer]] of Object.entries(layers) as Array<[CsrfReason, [number, string]]>) {
    const error = new CsrfError(reason, 'why');
    assert.ok(error instanceof HttpError, reason);
    assert.is(error.status, status, reason);
    assert.is(error.layer, layer, reason);
    assert.is(error.reason, reason);
    assert.is(error.name, 'CsrfError');
    assert.ok(error.expose, 'a 4xx description reaches the client');
  }
});

Errors("the token layer's default messages are Flask-WTF's, shown escaped on the page", () => {
  assert.is(new CsrfError('token-missing').description, 'The CSRF token is missing.');
  assert.is(new CsrfError('token-expired').description, 'The CSRF token has expired.');
  assert.is(new CsrfError('tokens-differ').description, 'The CSRF tokens do not match.');
  const page = new CsrfError('origin', 'Origin <evil> refused').toHtml();
  assert.match(page, '<title>403 Forbidden</title>');
  assert.match(page, 'Origin &lt;evil&gt; refused');
});

Errors.run();
