/**
 * A session interface Flask lacks: the whole session in a cookie that is encrypted and
 * authenticated with AES-256-GCM, so the client can neither read it nor change it. It saves
 * exactly when, and with the same cookie settings, as the signed `SecureCookieSessionInterface`.
 *
 * ```
 * value     = "v1." BODY                         ; BODY in base64url, no padding
 * BODY      = NONCE CIPHERTEXT TAG               ; 12 random bytes, as long as PLAINTEXT, 16 bytes
 * PLAINTEXT = ISSUED JSON                        ; ISSUED: Unix seconds, 8 bytes big-endian
 * JSON      = the session as Flask's tagged JSON (tagged-json.ts): tuples, bytes, UUIDs, dates…
 * KEY       = HKDF-SHA256(secret, salt, "phial encrypted session cookie v1", 32 bytes)
 * AAD       = "v1"                               ; the version is authenticated with the rest
 * ```
 *
 * - The issue time travels inside the ciphertext: GCM authenticates it (so expiry can be enforced)
 *   and the client cannot even see when the session was last written.
 * - No compression. Compressing before encrypting makes the cookie's length depend on how much the
 *   data repeats itself, so a page that lets an attacker put text into the session next to a secret
 *   (a CSRF token, say) leaks that secret a byte at a time (the CRIME/BREACH attacks). Sessions are
 *   small; larger ones belong in a server-side session.
 * - The nonce is random for every write, so writing the same data twice gives two different
 *   cookies. Random 96-bit nonces are safe for about 2^32 writes per key (NIST SP 800-38D): a very
 *   busy site should rotate SECRET_KEY (the old one into SECRET_KEY_FALLBACKS) now and then.
 * - A value with another prefix, a non-canonical base64url spelling, a failed tag, an issue time
 *   older than PERMANENT_SESSION_LIFETIME or in the future reads as an empty session, never an error.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import type { SecretKey, SessionConfig } from './config.ts';
import type { SessionApp, SessionInterface } from './interface.ts';
import { NO_SECRET_KEY_MESSAGE } from './null-session.ts';
import { saveCookieSession } from './secure-cookie.ts';
import { Session } from './session.ts';
import { dumpSessionJson, loadSessionJson } from './tagged-json.ts';

/** Options of {@link EncryptedCookieSessionInterface}. */
export interface EncryptedCookieOptions {
  /** Separates these keys from other keys derived from the same secret. `phial-encrypted-session` by default. */
  salt?: string;
}

const VERSION = 'v1';
const PREFIX = `${VERSION}.`;
const AAD = Buffer.from(VERSION, 'latin1');
const INFO = 'phial encrypted session cookie v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ISSUED_BYTES = 8;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Keeps the session in an encrypted cookie (AES-256-GCM, key derived from SECRET_KEY with HKDF).
 * Rotation works as in Flask: new cookies are encrypted with SECRET_KEY; reading tries SECRET_KEY,
 * then SECRET_KEY_FALLBACKS from the last to the first. A missing, tampered, truncated, expired or
 * future-dated cookie is an empty session.
 *
 * @example
 * ```ts
 * app.secretKey = process.env.SECRET_KEY!;
 * app.sessionInterface = new EncryptedCookieSessionInterface();
 * ```
 */
export class EncryptedCookieSessionInterface implements SessionInterface {
  readonly salt: string;
  // One derived key per secret in use, so rotating a secret into the fallbacks derives nothing.
  #derived = new Map<SecretKey, Buffer>();
  #keys: readonly Buffer[] | null = null;
  #keysSecret: SecretKey | null = null;
  #keysFallbacks: readonly SecretKey[] | null = null;

  constructor(options: EncryptedCookieOptions = {}) {
    const { salt = 'phial-encrypted-session' } = options;
    if (typeof salt !== 'string' || salt === '') throw new TypeError('salt must be a non-empty string');
    this.salt = salt;
  }

  /**
   * The derived keys in the order they are tried: SECRET_KEY's, then the fallbacks' newest first;
   * `null` without a secret key. Cached until SECRET_KEY or SECRET_KEY_FALLBACKS change.
   *
   * @example
   * ```ts
   * new EncryptedCookieSessionInterface().keys(app.config)?.length; // 1 + fallbacks
   * ```
   */
  keys(config: SessionConfig): readonly Buffer[] | null {
    const secret = config.SECRET_KEY;
    if (isMissing(secret)) return null;
    const fallbacks = config.SECRET_KEY_FALLBACKS ?? null;
    if (this.#keys !== null && secret === this.#keysSecret && sameList(fallbacks, this.#keysFallbacks)) {
      return this.#keys;
    }
    const secrets = [checkSecret(secret, 'SECRET_KEY'), ...checkFallbacks(fallbacks).reverse()];
    const derived = new Map<SecretKey, Buffer>();
    for (const item of secrets) derived.set(item, this.#derived.get(item) ?? deriveKey(item, this.salt));
    this.#derived = derived;
    this.#keys = secrets.map((item) => derived.get(item)!);
    this.#keysSecret = secret;
    this.#keysFallbacks = fallbacks === null ? null : [...fallbacks];
    return this.#keys;
  }

  /**
   * Encrypts session data into a cookie value issued at `nowSeconds` (now by default), with the
   * app's SECRET_KEY. Throws Flask's error without a secret key, and a TypeError for data the
   * session serializer refuses.
   *
   * @example
   * ```ts
   * const value = sessions.seal(app.config, { user: 'ada' }); // 'v1.…'
   * ```
   */
  seal(config: SessionConfig, data: unknown, nowSeconds: number = currentSeconds()): string {
    if (!Number.isSafeInteger(nowSeconds) || nowSeconds < 0) {
      throw new TypeError('nowSeconds must be a whole number of seconds');
    }
    const keys = this.keys(config);
    if (keys === null) throw new Error(NO_SECRET_KEY_MESSAGE);
    return encrypt(keys[0]!, data, nowSeconds);
  }

  /**
   * Decrypts a cookie value into session data, as of `nowSeconds` (now by default). Returns
   * `undefined`, never throws, for a malformed, tampered or foreign value, without a secret key,
   * and when the value is older than PERMANENT_SESSION_LIFETIME or dated in the future.
   *
   * @example
   * ```ts
   * sessions.unseal(app.config, request.cookies.get('session') ?? ''); // { user: 'ada' } or undefined
   * ```
   */
  unseal(config: SessionConfig, value: string, nowSeconds: number = currentSeconds()): unknown {
    const keys = this.keys(config);
    if (keys === null) return undefined;
    const plaintext = decrypt(keys, value);
    if (plaintext === undefined) return undefined;
    const age = nowSeconds - Number(plaintext.readBigUInt64BE(0));
    // Same bounds as the signed cookie: an age of exactly the lifetime is still valid.
    if (!(age <= config.PERMANENT_SESSION_LIFETIME) || age < 0) return undefined;
    try {
      return loadSessionJson(plaintext.toString('utf8', ISSUED_BYTES));
    } catch {
      return undefined;
    }
  }

  openSession(app: SessionApp, request: Request): Session | null {
    if (this.keys(app.config) === null) return null;
    const value = request.cookies.get(app.config.SESSION_COOKIE_NAME);
    if (!value) return new Session();
    // Decrypted on first use only: a request that never touches the session runs no AES.
    return new Session(() => this.unseal(app.config, value));
  }

  saveSession(app: SessionApp, session: Session, response: Response): void {
    // A fresh nonce on every write, regenerate() included.
    saveCookieSession(app, session, response, (data) => {
      const keys = this.keys(app.config);
      return keys === null ? null : encrypt(keys[0]!, data, currentSeconds());
    });
  }
}

function encrypt(key: Buffer, data: unknown, issued: number): string {
  const json = Buffer.from(dumpSessionJson(data), 'utf8');
  const plaintext = Buffer.alloc(ISSUED_BYTES + json.length);
  plaintext.writeBigUInt64BE(BigInt(issued), 0);
  json.copy(plaintext, ISSUED_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

/** The authenticated plaintext (issue time and JSON), or undefined when no key opens the value. */
function decrypt(keys: readonly Buffer[], value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return undefined;
  const text = value.slice(PREFIX.length);
  if (!BASE64URL.test(text)) return undefined;
  const body = Buffer.from(text, 'base64url');
  // Only the canonical spelling is accepted, so a changed character always changes the bytes.
  if (body.toString('base64url') !== text) return undefined;
  if (body.length < NONCE_BYTES + ISSUED_BYTES + TAG_BYTES) return undefined;
  const nonce = body.subarray(0, NONCE_BYTES);
  const ciphertext = body.subarray(NONCE_BYTES, body.length - TAG_BYTES);
  const tag = body.subarray(body.length - TAG_BYTES);
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      // update() output is unauthenticated until final() succeeds, so it is used only after.
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      // Not this key (or tampered): try the next one.
    }
  }
  return undefined;
}

function deriveKey(secret: SecretKey, salt: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, INFO, 32));
}

function currentSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Flask's `if not app.secret_key`: null, an empty string and empty bytes all mean "no secret". */
function isMissing(secret: unknown): boolean {
  return (
    secret === null ||
    secret === undefined ||
    secret === '' ||
    (secret instanceof Uint8Array && !secret.length)
  );
}

function checkSecret(secret: unknown, name: string): SecretKey {
  if ((typeof secret === 'string' || secret instanceof Uint8Array) && !isMissing(secret)) return secret;
  throw new TypeError(`${name} must be a non-empty string or Uint8Array`);
}

function checkFallbacks(fallbacks: unknown): SecretKey[] {
  if (fallbacks === null || fallbacks === undefined) return [];
  if (!Array.isArray(fallbacks)) throw new TypeError('SECRET_KEY_FALLBACKS must be an array or null');
  return fallbacks.map((secret, i) => checkSecret(secret, `SECRET_KEY_FALLBACKS[${i}]`));
}

function sameList(a: readonly SecretKey[] | null, b: readonly SecretKey[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((item, i) => item === b[i]);
}
