/**
 * Both layers on one request: the origin first (it needs no body and no session), then, when the
 * settings require it, the token, read from the form or a header as Flask-WTF reads it.
 */

import type { Request } from '../http/request.ts';
import type { Session } from '../sessions/session.ts';
import type { MaybePromise } from '../utils/maybe-promise.ts';
import { checkOrigin } from './origin.ts';
import type { CsrfSettings } from './settings.ts';

/** RFC 9110's safe methods: they must change nothing, so they are never checked. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * Whether a method is one the checks apply to: anything but GET, HEAD, OPTIONS and TRACE.
 *
 * @example
 * ```ts
 * isUnsafeMethod('POST'); // true
 * isUnsafeMethod('HEAD'); // false
 * ```
 */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * The token a request sends: Flask-WTF's order. The form field (`csrf_token`), then any field
 * whose name ends with it (a prefixed form's `login-csrf_token`), then the headers in order.
 * Null when none holds a non-empty value.
 *
 * @example
 * ```ts
 * const request = new Request({ method: 'POST', url: '/', headers: { 'X-CSRFToken': 'abc' } });
 * submittedToken(request, 'csrf_token', ['X-CSRFToken']); // 'abc'
 * ```
 */
export function submittedToken(
  request: Request,
  fieldName: string,
  headers: readonly string[],
): string | null {
  const form = request.form;
  const field = form.get(fieldName);
  if (field) return field;
  for (const key of form.keys()) {
    const value = key.endsWith(fieldName) ? form.get(key) : undefined;
    if (value) return value;
  }
  for (const name of headers) {
    const value = request.headers.get(name);
    if (value) return value;
  }
  return null;
}

/**
 * Throws the CsrfError of the first check an unsafe request fails: the origin layer (403), then
 * the token layer (400) when `settings.tokenRequired`. Waits for a multipart form to be parsed
 * only when it must read the token from it. Throws an Error when a token is required but no
 * secret key signs them.
 *
 * @example
 * ```ts
 * await protect(request, session, settings); // throws CsrfError on a refusal
 * ```
 */
export function protect(request: Request, session: Session<any>, settings: CsrfSettings): MaybePromise<void> {
  const refused = checkOrigin(request, settings.trustedOrigins);
  if (refused !== null) throw refused;
  if (!settings.tokenRequired) return;
  if (request.needsFormLoad) return request.loadForm().then(() => checkToken(request, session, settings));
  checkToken(request, session, settings);
}

function checkToken(request: Request, session: Session<any>, settings: CsrfSettings): void {
  const tokens = settings.tokens;
  if (tokens === null) {
    throw new Error(
      'CSRF_TOKEN_REQUIRED is on, but there is no secret key to sign tokens with: set app.secretKey ' +
        '(or turn CSRF_TOKEN_REQUIRED off).',
    );
  }
  const refused = tokens.validate(submittedToken(request, tokens.fieldName, settings.headers), session);
  if (refused !== null) throw refused;
}
