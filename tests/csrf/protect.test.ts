/**
 * Both layers on one request (lib/csrf/protect.ts): which methods are checked, the order of the
 * checks, and where the token is read from.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CsrfError } from '../../lib/csrf/errors.ts';
import { isUnsafeMethod, protect, submittedToken } from '../../lib/csrf/protect.ts';
import { type CsrfConfigWithSecrets, CsrfSettingsCache, csrfDefaults } from '../../lib/csrf/settings.ts';
import { Request } from '../../lib/http/request.ts';
import { Session } from '../../lib/sessions/session.ts';

function settings(overrides: Partial<CsrfConfigWithSecrets> = {}) {
  return new CsrfSettingsCache().read({
    ...csrfDefaults(),
    SECRET_KEY: 'dev',
    SECRET_KEY_FALLBACKS: null,
    ...overrides,
  });
}

function post(init: { headers?: Record<string, string>; form?: string; contentType?: string } = {}): Request {
  const body = init.form === undefined ? null : Buffer.from(init.form);
  return new Request({
    method: 'POST',
    url: '/',
    headers: {
      Host: 'app.test',
      ...(body !== null && { 'Content-Type': init.contentType ?? 'application/x-www-form-urlencoded' }),
      ...init.headers,
    },
    body,
  });
}

/** What protect() does: 'ok', or the reason of the CsrfError it throws or rejects with. */
async function verdict(request: Request, session: Session<any>, values = settings()): Promise<string> {
  try {
    await protect(request, session, values);
    return 'ok';
  } catch (error) {
    if (error instanceof CsrfError) return error.reason;
    throw error;
  }
}

const Methods = suite('isUnsafeMethod');

Methods('every method but the safe ones (GET, HEAD, OPTIONS, TRACE) is checked', () => {
  for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE']) assert.not.ok(isUnsafeMethod(method), method);
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'MKCOL', 'LOCK']) {
    assert.ok(isUnsafeMethod(method), method);
  }
});

const Token = suite('submittedToken');

Token("Flask-WTF's order: the field, a prefixed field, then the headers in order", () => {
  const headers = ['X-CSRFToken', 'X-CSRF-Token'];
  const read = (init: Parameters<typeof post>[0]) => submittedToken(post(init), 'csrf_token', headers);
  assert.is(read({ form: 'csrf_token=field', headers: { 'X-CSRFToken': 'header' } }), 'field');
  assert.is(read({ form: 'login-csrf_token=prefixed&x=1' }), 'prefixed');
  assert.is(read({ form: 'csrf_token=&other-csrf_token=second' }), 'second', 'an empty value is skipped');
  assert.is(read({ headers: { 'X-CSRFToken': 'one', 'X-CSRF-Token': 'two' } }), 'one');
  assert.is(read({ headers: { 'x-csrf-token': 'two' } }), 'two', 'header names are case-insensitive');
  assert.is(read({ form: 'csrf_token=', headers: { 'X-CSRFToken': '' } }), null);
  assert.is(
    read({ form: '{"csrf_token":"json"}', contentType: 'application/json' }),
    null,
    'JSON is no form',
  );
});

const Protect = suite('protect');

Protect('the origin layer first: a cross-site request is a 403 even with a valid token', async () => {
  const values = settings({ CSRF_TOKEN_REQUIRED: true });
  const session = new Session();
  const token = values.tokens!.generate(session);
  const form = `csrf_token=${token}`;
  assert.is(await verdict(post({ form }), session, values), 'ok');
  assert.is(
    await verdict(post({ form, headers: { 'Sec-Fetch-Site': 'cross-site' } }), session, values),
    'sec-fetch-site',
  );
  assert.is(
    await verdict(post({ form, headers: { Origin: 'https://evil.example' } }), session, values),
    'origin',
  );
});

Protect('tokens are only checked when required', async () => {
  const session = new Session();
  assert.is(await verdict(post(), session), 'ok');
  assert.is(await verdict(post(), session, settings({ CSRF_TOKEN_REQUIRED: true })), 'token-missing');
  assert.is(
    await verdict(post({ form: 'csrf_token=forged' }), session, settings({ CSRF_TOKEN_REQUIRED: true })),
    'session-token-missing',
  );
});

Protect('a token in a multipart form: the form is parsed first (asynchronously)', async () => {
  const values = settings({ CSRF_TOKEN_REQUIRED: true });
  const session = new Session();
  const token = values.tokens!.generate(session);
  const multipart = (value: string) =>
    post({
      form: `--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${value}\r\n--b--\r\n`,
      contentType: 'multipart/form-data; boundary=b',
    });
  const request = multipart(token);
  assert.ok(request.needsFormLoad);
  const checked = protect(request, session, values);
  assert.instance(checked, Promise);
  await checked;
  assert.is(await verdict(multipart('forged'), session, values), 'token-invalid');
  // Without tokens required, the origin check never parses the body.
  const unread = multipart(token);
  assert.is(protect(unread, session, settings()), undefined, 'synchronous');
  assert.ok(unread.needsFormLoad, 'the body was not parsed');
});

Protect('a token required with no secret key is a configuration error, not a refusal', async () => {
  const values = settings({ CSRF_TOKEN_REQUIRED: true, SECRET_KEY: null });
  assert.throws(
    () => protect(post(), new Session(), values),
    (error: unknown) => {
      return !(error instanceof CsrfError) && error instanceof Error && /secret key/.test(error.message);
    },
  );
});

Methods.run();
Token.run();
Protect.run();
