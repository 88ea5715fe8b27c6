/**
 * The default session interface: the whole session in a signed cookie, in Flask's format, so a
 * Flask app and a Phial app with the same SECRET_KEY share sessions. FLASK.md, "Session behaviour".
 */

import type { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import type { CookieOptions } from '../http/set-cookie.ts';
import type { SecretKey, SessionConfig } from './config.ts';
import type { SessionApp, SessionInterface } from './interface.ts';
import { Session } from './session.ts';
import { type SessionDigest, SessionSigner } from './signer.ts';

/** Options of {@link SecureCookieSessionInterface}. */
export interface SecureCookieOptions {
  /** The HMAC hash: `sha1` (Flask's, the default), or `sha256`/`sha512` for apps that need no Flask interop. */
  digest?: SessionDigest;
  /** Separates session signatures from other signatures made with the same secret. `cookie-session` as in Flask. */
  salt?: string;
}

/**
 * Flask's `SecureCookieSessionInterface`: the session is signed (not encrypted: the client can
 * read it, not change it). A missing, tampered, expired or future-dated cookie is an empty session.
 *
 * @example
 * ```ts
 * app.sessionInterface = new SecureCookieSessionInterface({ digest: 'sha256' });
 * ```
 */
export class SecureCookieSessionInterface implements SessionInterface {
  readonly digest: SessionDigest;
  readonly salt: string;
  #signer: SessionSigner | null = null;
  #signerSecret: SecretKey | null = null;
  #signerFallbacks: readonly SecretKey[] | null = null;
  #signerInflate = 0;

  constructor(options: SecureCookieOptions = {}) {
    this.digest = options.digest ?? 'sha1';
    this.salt = options.salt ?? 'cookie-session';
  }

  /**
   * The signer for the app's current secrets and inflate limit; rebuilt only when they change
   * (keys are derived once).
   */
  signer(config: SessionConfig): SessionSigner | null {
    const secret = config.SECRET_KEY;
    // Flask's `if not app.secret_key`: '' and empty bytes are no secret either.
    if (!secret || secret.length === 0) return null;
    const fallbacks = config.SECRET_KEY_FALLBACKS;
    const inflate = maxInflate(config);
    if (
      this.#signer === null ||
      secret !== this.#signerSecret ||
      inflate !== this.#signerInflate ||
      !sameList(fallbacks, this.#signerFallbacks)
    ) {
      this.#signer = new SessionSigner({
        secretKey: secret,
        fallbacks,
        digest: this.digest,
        salt: this.salt,
        maxInflate: inflate,
      });
      this.#signerSecret = secret;
      this.#signerInflate = inflate;
      this.#signerFallbacks = fallbacks === null ? null : [...fallbacks];
    }
    return this.#signer;
  }

  openSession(app: SessionApp, request: Request): Session | null {
    const signer = this.signer(app.config);
    if (signer === null) return null;
    // Most requests of a cookie-less client need no cookie parsing at all.
    if (request.headers.store['cookie'] === undefined) return new Session();
    const value = request.cookies.get(app.config.SESSION_COOKIE_NAME);
    if (!value) return new Session();
    const maxAge = app.config.PERMANENT_SESSION_LIFETIME;
    // Verified on first use only: a request that never touches the session never runs the HMAC.
    return new Session(() => signer.loads(value, maxAge));
  }

  saveSession(app: SessionApp, session: Session, response: Response): void {
    saveCookieSession(app, session, response, this.#encode);
  }

  // Made once rather than a closure per request: most requests write no cookie at all.
  readonly #encode = (data: Record<string, unknown>, app: SessionApp): string | null =>
    this.signer(app.config)?.dumps(data) ?? null;
}

/**
 * The most bytes a compressed session cookie may inflate to: 16 × MAX_COOKIE_SIZE, and never less
 * than 64 KiB (so MAX_COOKIE_SIZE = 0, the warning off, keeps a bound). A cookie a browser keeps
 * holds MAX_COOKIE_SIZE bytes; session JSON compresses a few times over, a zlib bomb a thousand
 * times, so a bomb is cut off by zlib at this size, before it is inflated any further.
 *
 * @example
 * ```ts
 * maxInflate(app.config); // 65536 with the default MAX_COOKIE_SIZE (4093)
 * ```
 */
export function maxInflate(config: SessionConfig): number {
  const size = config.MAX_COOKIE_SIZE;
  return Math.max(64 * 1024, Number.isSafeInteger(size) && size > 0 ? 16 * size : 0);
}

/**
 * Flask's save rules for a session kept in a cookie, after the after-request hooks: an emptied
 * session deletes the cookie; a read adds `Vary: Cookie`; a modified session, or a permanent one
 * while SESSION_REFRESH_EACH_REQUEST is on, is written with `encode(data)` (Expires = now +
 * PERMANENT_SESSION_LIFETIME when permanent). Shared by the signed and the encrypted interfaces.
 *
 * @example
 * ```ts
 * saveCookieSession(app, session, response, (data) => signer.dumps(data));
 * ```
 */
export function saveCookieSession(
  app: SessionApp,
  session: Session,
  response: Response,
  encode: (data: Record<string, unknown>, app: SessionApp) => string | null,
): void {
  const config = app.config;
  const name = config.SESSION_COOKIE_NAME;
  // A session nobody touched and that cannot need a refresh is left alone, undecoded.
  if (!session.loaded && !config.SESSION_REFRESH_EACH_REQUEST) return;
  // Flask 3.1: any access varies the response, even when the session turns out empty.
  if (session.accessed) addVaryCookie(response);
  const { size, permanent } = session.peek();
  if (size === 0) {
    // destroy() has emptied the data already, so an ended session is deleted here.
    if (session.modified || session.renewal === 'destroy') {
      response.deleteCookie(name, cookieOptions(config));
      addVaryCookie(response);
    }
    return;
  }
  // regenerate() marks the session modified, so the cookie is written afresh.
  if (!session.modified && !(permanent && config.SESSION_REFRESH_EACH_REQUEST)) return;
  const value = encode(session.data, app);
  if (value === null) return;
  const options = cookieOptions(config);
  if (permanent) options.expires = new Date(Date.now() + config.PERMANENT_SESSION_LIFETIME * 1000);
  response.setCookie(name, value, options);
  addVaryCookie(response);
  warnIfTooLarge(app, name, response);
}

/** The SESSION_COOKIE_* settings as cookie options. */
export function cookieOptions(config: SessionConfig): CookieOptions {
  const options: CookieOptions = {
    path: config.SESSION_COOKIE_PATH ?? config.APPLICATION_ROOT,
    secure: config.SESSION_COOKIE_SECURE,
    httpOnly: config.SESSION_COOKIE_HTTPONLY,
    partitioned: config.SESSION_COOKIE_PARTITIONED,
  };
  if (config.SESSION_COOKIE_DOMAIN) options.domain = config.SESSION_COOKIE_DOMAIN;
  if (config.SESSION_COOKIE_SAMESITE) options.sameSite = config.SESSION_COOKIE_SAMESITE;
  return options;
}

/** Adds `Cookie` to the Vary header once. */
export function addVaryCookie(response: Response): void {
  const vary = response.headers.get('vary');
  // A constant, valid value: written to the store without the header checks.
  if (vary === null) response.headers.store['vary'] = 'Cookie';
  else if (vary === 'Cookie') return;
  else if (!vary.split(',').some((item) => item.trim().toLowerCase() === 'cookie')) {
    response.headers.set('vary', `${vary}, Cookie`);
  }
}

/** Werkzeug's warning when a Set-Cookie header is larger than browsers keep (MAX_COOKIE_SIZE). */
export function warnIfTooLarge(app: SessionApp, name: string, response: Response): void {
  const limit = app.config.MAX_COOKIE_SIZE;
  if (!limit) return;
  const cookies = response.headers.store['set-cookie'];
  const header = (typeof cookies === 'string' ? cookies : cookies?.[cookies.length - 1]) ?? '';
  const size = Buffer.byteLength(header);
  if (size > limit) {
    app.logger.warn(
      `The '${name}' cookie is too large: the final size was ${size} bytes but the limit is ${limit} bytes. ` +
        'Browsers may silently ignore cookies larger than this.',
    );
  }
}

function sameList(a: readonly SecretKey[] | null, b: readonly SecretKey[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((item, i) => item === b[i]);
}
