/**
 * The error a refused request raises: which layer refused it and why. An HttpError, so the app's
 * `errorHandler(403)` / `errorHandler(400)` (or `errorHandler(CsrfError)`) style the page.
 */
import { HttpError } from '../http/errors.ts';

/**
 * Why a request was refused. The origin layer (403):
 *
 * - `sec-fetch-site`: the browser said the request comes from another site (`Sec-Fetch-Site`
 *   other than `same-origin` or `none`);
 * - `origin`: no `Sec-Fetch-Site`, and the `Origin` header names another origin.
 *
 * The token layer (400, Flask-WTF's reasons): `token-missing`, `session-token-missing` (the session
 * holds no token: it expired, or the form came from another session), `token-invalid`,
 * `token-expired`, `tokens-differ`.
 */
export type CsrfReason =
  | 'sec-fetch-site'
  | 'origin'
  | 'token-missing'
  | 'session-token-missing'
  | 'token-invalid'
  | 'token-expired'
  | 'tokens-differ';

/** Flask-WTF's messages for the token layer, word for word. */
const TOKEN_MESSAGES: Readonly<Record<string, string>> = {
  'token-missing': 'The CSRF token is missing.',
  'session-token-missing': 'The CSRF session token is missing.',
  'token-invalid': 'The CSRF token is invalid.',
  'token-expired': 'The CSRF token has expired.',
  'tokens-differ': 'The CSRF tokens do not match.',
};

/**
 * A request refused as a possible cross-site request forgery: 403 from the origin layer, 400 from
 * the token layer (as Flask-WTF's `CSRFError`). Its description, shown on the error page, says
 * which check failed.
 *
 * @example
 * ```ts
 * app.errorHandler(CsrfError)((error: CsrfError) => [`Refused: ${escapeHtml(error.description)}`, error.status]);
 * ```
 */
export class CsrfError extends HttpError {
  /** Why the request was refused. */
  readonly reason: CsrfReason;

  /** A refusal for `reason`; `description` replaces the standard message (the origin layer's name the origins). */
  constructor(reason: CsrfReason, description?: string) {
    const layer = reason === 'sec-fetch-site' || reason === 'origin' ? 'origin' : 'token';
    super(layer === 'origin' ? 403 : 400, description ?? TOKEN_MESSAGES[reason] ?? 'CSRF check failed.');
    this.name = 'CsrfError';
    this.reason = reason;
  }

  /** The layer that refused the request: `origin` (403) or `token` (400). */
  get layer(): 'origin' | 'token' {
    return this.status === 403 ? 'origin' : 'token';
  }
}
