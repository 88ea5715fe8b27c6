/**
 * The token layer: Flask-WTF's session-bound CSRF token. A random value is kept in the session
 * (under the field name, `csrf_token`); pages carry it signed with the secret key (itsdangerous's
 * URLSafeTimedSerializer, salt `wtf-csrf-token`, so the time of signing is in the token), and an
 * unsafe request must send it back. Flask-WTF and Phial apps with the same secret read each
 * other's tokens.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretKey } from '../sessions/config.ts';
import type { Session } from '../sessions/session.ts';
import { SessionSigner } from '../sessions/signer.ts';
import { CsrfError } from './errors.ts';

/** Options of {@link CsrfTokens}. */
export interface CsrfTokenOptions {
  /** Signs the tokens (the app's `SECRET_KEY`). */
  secretKey: SecretKey;
  /** Older secrets whose tokens are still accepted (`SECRET_KEY_FALLBACKS`), oldest first. */
  fallbacks?: readonly SecretKey[] | null;
  /** The session key and form field of the token; `csrf_token` by default. */
  fieldName?: string;
  /** Seconds a signed token stays valid; null for as long as the session holds its value. 3600 by default. */
  timeLimit?: number | null;
}

/** Flask-WTF's salt: the same secret signs sessions and tokens, never interchangeably. */
const SALT = 'wtf-csrf-token';

/**
 * Makes and checks the signed tokens of one configuration. Build one per secret and reuse it:
 * keys are derived once.
 *
 * @example
 * ```ts
 * const tokens = new CsrfTokens({ secretKey: 'dev' });
 * const session = new Session();
 * const token = tokens.generate(session);   // stores a random value in session.csrf_token
 * tokens.validate(token, session);           // null: valid
 * tokens.validate('forged', session)?.reason; // 'token-invalid'
 * ```
 */
export class CsrfTokens {
  /** The session key and form field of the token. */
  readonly fieldName: string;
  /** Seconds a token stays valid, or null. */
  readonly timeLimit: number | null;
  readonly #signer: SessionSigner;

  constructor(options: CsrfTokenOptions) {
    const { fieldName = 'csrf_token', timeLimit = 3600 } = options;
    if (typeof fieldName !== 'string' || fieldName === '') {
      throw new TypeError('CSRF_FIELD_NAME must be a non-empty string.');
    }
    if (timeLimit !== null && !(Number.isSafeInteger(timeLimit) && timeLimit > 0)) {
      throw new TypeError(
        `CSRF_TIME_LIMIT must be a positive whole number of seconds or null: got ${timeLimit}.`,
      );
    }
    this.fieldName = fieldName;
    this.timeLimit = timeLimit;
    this.#signer = new SessionSigner({
      secretKey: options.secretKey,
      fallbacks: options.fallbacks ?? null,
      salt: SALT,
      keyDerivation: 'django-concat',
      // A token's payload is 42 bytes of JSON: nothing legitimate inflates further.
      maxInflate: 1024,
    });
  }

  /**
   * A signed token for the session, storing a new random value in it first when it has none
   * (which modifies the session: it is saved with the response). Call it once per request and
   * reuse the result; every token of the same session value is valid.
   */
  generate(session: Session<any>, nowSeconds?: number): string {
    let raw = session.get(this.fieldName);
    if (typeof raw !== 'string' || raw === '') {
      // 160 random bits, written as Flask-WTF writes them (a sha1 hexdigest's 40 characters).
      raw = randomBytes(20).toString('hex');
      session.set(this.fieldName, raw);
    }
    return this.#signer.dumps(raw, nowSeconds);
  }

  /**
   * Null when `data` is a valid, unexpired token of this session's value; else the CsrfError
   * (400) with Flask-WTF's reason. The values are compared in constant time.
   */
  validate(data: string | null | undefined, session: Session<any>, nowSeconds?: number): CsrfError | null {
    if (!data) return new CsrfError('token-missing');
    const raw = session.get(this.fieldName);
    if (raw === undefined) return new CsrfError('session-token-missing');
    const maxAge = this.timeLimit ?? undefined;
    const signed = this.#signer.loads(data, maxAge, nowSeconds);
    if (signed === undefined) {
      // A good signature past its time (or dated in the future): itsdangerous's SignatureExpired.
      const expired = maxAge !== undefined && this.#signer.loads(data) !== undefined;
      return new CsrfError(expired ? 'token-expired' : 'token-invalid');
    }
    return sameValue(raw, signed) ? null : new CsrfError('tokens-differ');
  }
}

/** Whether two token values are equal strings, compared without an early exit. */
function sameValue(stored: unknown, signed: unknown): boolean {
  if (typeof stored !== 'string' || typeof signed !== 'string') return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(signed);
  return a.length === b.length && timingSafeEqual(a, b);
}
