/**
 * Session ids for server-side sessions: random, and signed with the app's secret so a forged,
 * guessed or malformed id is refused before it reaches the store.
 *
 * ```
 * cookie    = ID "." SIGNATURE                 ; both base64url, no padding
 * ID        = randomBytes(idBytes)             ; 32 bytes (256 bits) by default
 * SIGNATURE = HMAC-SHA256(HMAC-SHA256(secret, salt), ID)
 * ```
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Options of a {@link SessionIdSigner}.
 *
 * @example
 * ```ts
 * new SessionIdSigner({ secretKey: 'new', fallbacks: ['old'], salt: 'phial-session-id' });
 * ```
 */
export interface SessionIdSignerOptions {
  /** Signs new ids and is tried first when verifying (`SECRET_KEY`). */
  secretKey: string | Uint8Array;
  /** Older secrets still accepted, oldest first (`SECRET_KEY_FALLBACKS`). */
  fallbacks?: ReadonlyArray<string | Uint8Array> | null;
  /** Separates id signatures from other signatures made with the same secret. */
  salt?: string;
}

/**
 * The default salt: it keeps id signatures apart from cookie-session signatures made with the same
 * secret.
 *
 * @example
 * ```ts
 * new SessionIdSigner({ secretKey: 'dev', salt: SESSION_ID_SALT });
 * ```
 */
export const SESSION_ID_SALT = 'phial-session-id';

/**
 * An id is 16 bytes (128 bits) or more; 22 base64url characters and up. The upper bound only keeps
 * hostile cookies from costing an HMAC over megabytes.
 */
const ID = /^[A-Za-z0-9_-]{22,256}$/;
/** A SHA-256 signature: 32 bytes, 43 base64url characters. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A random session id of `bytes` random bytes (at least 16), base64url.
 *
 * @example
 * ```ts
 * newSessionId(); // 'Zk3…' (43 characters for the default 32 bytes)
 * ```
 */
export function newSessionId(bytes = 32): string {
  if (!Number.isSafeInteger(bytes) || bytes < 16 || bytes > 128) {
    throw new TypeError('idBytes must be an integer from 16 to 128');
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * Signs and verifies session ids. Keys are derived once, when the signer is built.
 *
 * @example
 * ```ts
 * const signer = new SessionIdSigner({ secretKey: 'dev' });
 * const cookie = signer.sign(newSessionId());
 * signer.unsign(cookie); // the id
 * signer.unsign('forged.value'); // undefined
 * ```
 */
export class SessionIdSigner {
  // The current secret's key first, then fallbacks newest first.
  readonly #keys: readonly Buffer[];

  constructor(options: SessionIdSignerOptions) {
    const { secretKey, fallbacks = [], salt = SESSION_ID_SALT } = options;
    if (typeof salt !== 'string') throw new TypeError('salt must be a string');
    const older = [...(fallbacks ?? [])].map((secret, i) => checkSecret(secret, `fallbacks[${i}]`));
    const secrets = [checkSecret(secretKey, 'secretKey'), ...older.reverse()];
    this.#keys = secrets.map((secret) => createHmac('sha256', secret).update(salt).digest());
  }

  /** The cookie value for `id`: the id, a dot, its signature under the current secret. */
  sign(id: string): string {
    if (!ID.test(id)) throw new TypeError('id must be 22 to 256 base64url characters');
    return `${id}.${mac(this.#keys[0]!, id).toString('base64url')}`;
  }

  /** The id in a cookie value whose signature verifies under any secret; undefined otherwise, never throws. */
  unsign(value: string): string | undefined {
    if (typeof value !== 'string') return undefined;
    const dot = value.lastIndexOf('.');
    if (dot < 0) return undefined;
    const id = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (!ID.test(id) || !SIGNATURE.test(signature)) return undefined;
    const given = Buffer.from(signature, 'base64url');
    // A 43-character string can carry stray low bits: only the canonical spelling is accepted.
    if (given.toString('base64url') !== signature) return undefined;
    for (const key of this.#keys) {
      if (timingSafeEqual(given, mac(key, id))) return id;
    }
    return undefined;
  }
}

function mac(key: Buffer, id: string): Buffer {
  return createHmac('sha256', key).update(id).digest();
}

function checkSecret(secret: unknown, name: string): string | Uint8Array {
  const empty =
    typeof secret === 'string' ? secret === '' : secret instanceof Uint8Array && secret.length === 0;
  if (!(typeof secret === 'string' || secret instanceof Uint8Array) || empty) {
    throw new TypeError(`${name} must be a non-empty string or Uint8Array`);
  }
  return secret;
}
