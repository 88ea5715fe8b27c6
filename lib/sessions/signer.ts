/**
 * Flask's session cookie format: itsdangerous's `URLSafeTimedSerializer` as Flask's
 * `SecureCookieSessionInterface` configures it, so Phial and Flask read each other's cookies.
 *
 * ```
 * value     = [ "." ] PAYLOAD "." TIMESTAMP "." SIGNATURE   ; all three base64url, no padding
 * PAYLOAD   = tagged JSON, zlib-compressed (and "."-prefixed) when that saves more than one byte
 * TIMESTAMP = Unix seconds, big-endian, leading zero bytes dropped
 * SIGNATURE = HMAC(HMAC(secret, salt), PAYLOAD "." TIMESTAMP)
 * ```
 */
import { createHash, createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { HmacSha1 } from './hmac-sha1.ts';
import { dumpSessionJson, loadSessionJson } from './tagged-json.ts';

/** The hash behind both HMACs; Flask uses sha1. */
export type SessionDigest = 'sha1' | 'sha256' | 'sha512';

/**
 * How the signing key is made from the secret and the salt, as itsdangerous names it: `hmac`
 * (`HMAC(secret, salt)`, what Flask's session uses) or `django-concat` (`hash(salt + "signer" +
 * secret)`, itsdangerous's default, so what Flask-WTF's CSRF tokens use).
 */
export type KeyDerivation = 'hmac' | 'django-concat';

/** Options of a {@link SessionSigner}. */
export interface SignerOptions {
  /** Signs new cookies and is tried first when reading (Flask's `SECRET_KEY`). */
  secretKey: string | Uint8Array;
  /** Older secrets still accepted when reading, oldest first (`SECRET_KEY_FALLBACKS`). */
  fallbacks?: ReadonlyArray<string | Uint8Array> | null;
  /** Separates session signatures from other uses of the same secret. Defaults to `cookie-session`. */
  salt?: string;
  /** Defaults to `sha1`, as in Flask. */
  digest?: SessionDigest;
  /** The most bytes a compressed payload may inflate to; anything larger reads as no session. 64 KiB by default. */
  maxInflate?: number;
  /** `hmac` by default, as Flask's session; `django-concat` reads and writes Flask-WTF's CSRF tokens. */
  keyDerivation?: KeyDerivation;
}

const DIGESTS: ReadonlySet<string> = new Set(['sha1', 'sha256', 'sha512']);

/**
 * Signs and reads session cookies in Flask's format. Keys are derived once, when the signer is
 * built, so keep one signer per configuration rather than one per request.
 *
 * @example
 * ```ts
 * const signer = new SessionSigner({ secretKey: 'dev', fallbacks: ['old dev'] });
 * const cookie = signer.dumps({ username: 'ada' });
 * signer.loads(cookie, 31 * 24 * 3600); // { username: 'ada' }
 * signer.loads('tampered.value.here'); // undefined
 * ```
 */
export class SessionSigner {
  readonly #digest: SessionDigest;
  readonly #maxInflate: number;
  // Derived keys in the order they are tried: the current secret, then fallbacks newest first.
  readonly #keys: readonly Buffer[];
  /** The same keys for the JS HMAC-SHA1 (see hmac-sha1.ts), when the digest is Flask's sha1. */
  readonly #sha1: readonly HmacSha1[] | null;
  /** Characters of a signature in base64url without padding: 27 for sha1. */
  readonly #signatureLength: number;

  constructor(options: SignerOptions) {
    const {
      secretKey,
      fallbacks = [],
      salt = 'cookie-session',
      digest = 'sha1',
      maxInflate = 64 * 1024,
      keyDerivation = 'hmac',
    } = options;
    if (!DIGESTS.has(digest)) throw new TypeError('digest must be sha1, sha256 or sha512');
    if (keyDerivation !== 'hmac' && keyDerivation !== 'django-concat') {
      throw new TypeError('keyDerivation must be hmac or django-concat');
    }
    if (typeof salt !== 'string') throw new TypeError('salt must be a string');
    if (!Number.isSafeInteger(maxInflate) || maxInflate < 1) {
      throw new TypeError('maxInflate must be a positive integer');
    }
    this.#digest = digest;
    this.#maxInflate = maxInflate;
    const older = [...(fallbacks ?? [])].map((secret, i) => checkSecret(secret, `fallbacks[${i}]`));
    const secrets = [checkSecret(secretKey, 'secretKey'), ...older.reverse()];
    this.#keys = secrets.map((secret) => deriveKey(keyDerivation, digest, secret, salt));
    this.#sha1 = digest === 'sha1' ? this.#keys.map((key) => new HmacSha1(key)) : null;
    this.#signatureLength = Math.ceil((this.#keys[0]!.length * 8) / 6);
  }

  /**
   * Signs session data into a cookie value, stamped with `nowSeconds` (the current time by default).
   * Throws a TypeError when the data cannot be serialized (see `dumpSessionJson`).
   */
  dumps(data: unknown, nowSeconds: number = Math.floor(Date.now() / 1000)): string {
    if (!Number.isSafeInteger(nowSeconds) || nowSeconds < 0) {
      throw new TypeError('nowSeconds must be a whole number');
    }
    const signed = encodePayload(dumpSessionJson(data)) + '.' + encodeTimestamp(nowSeconds);
    return signed + '.' + this.#sign(0, signed).toString('base64url');
  }

  /**
   * Reads a cookie value back into session data. Returns `undefined`, never throws, when the value
   * is malformed, its signature does not match any secret, or — with `maxAgeSeconds` — it is older
   * than that or dated in the future.
   */
  loads(value: string, maxAgeSeconds?: number, nowSeconds: number = Math.floor(Date.now() / 1000)): unknown {
    if (typeof value !== 'string') return undefined;
    const sigAt = value.lastIndexOf('.');
    const stampAt = sigAt > 0 ? value.lastIndexOf('.', sigAt - 1) : -1;
    if (stampAt < 0) return undefined;
    const signed = value.slice(0, sigAt);
    if (!this.#verify(signed, value.slice(sigAt + 1))) return undefined;
    const issued = decodeTimestamp(value.slice(stampAt + 1, sigAt));
    if (issued === undefined) return undefined;
    if (maxAgeSeconds !== undefined) {
      const age = nowSeconds - issued;
      // Same bounds as itsdangerous: an age of exactly maxAge is still valid.
      if (!(age <= maxAgeSeconds) || age < 0) return undefined;
    }
    return this.#decodePayload(value.slice(0, stampAt));
  }

  /** The HMAC of `signed` with the key at `index` of {@link #keys}. */
  #sign(index: number, signed: string): Buffer {
    const fast = this.#sha1 === null ? null : this.#sha1[index]!.digest(signed);
    return fast ?? createHmac(this.#digest, this.#keys[index]!).update(signed).digest();
  }

  #verify(signed: string, signature: string): boolean {
    // Compared as text with the expected signature's one base64url spelling, so another spelling
    // of the same bytes is refused, and no Buffer is decoded for it.
    if (signature.length !== this.#signatureLength) return false;
    for (let index = 0; index < this.#keys.length; index++) {
      if (sameSignature(this.#sign(index, signed).toString('base64url'), signature)) return true;
    }
    return false;
  }

  #decodePayload(payload: string): unknown {
    try {
      const compressed = payload.startsWith('.');
      const bytes = Buffer.from(compressed ? payload.slice(1) : payload, 'base64url');
      const json = compressed ? inflateSync(bytes, { maxOutputLength: this.#maxInflate }) : bytes;
      return loadSessionJson(json.toString('utf8'));
    } catch {
      // Past the signature only its holder could have written this, but a bad payload still reads
      // as no session rather than an error, as in Flask.
      return undefined;
    }
  }
}

/**
 * Whether two signatures of the same length are equal, in a time that does not depend on where
 * they differ (what `timingSafeEqual` does for bytes).
 */
function sameSignature(expected: string, given: string): boolean {
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

/** itsdangerous's `Signer.derive_key`. */
function deriveKey(
  derivation: KeyDerivation,
  digest: SessionDigest,
  secret: string | Uint8Array,
  salt: string,
): Buffer {
  if (derivation === 'hmac') return createHmac(digest, secret).update(salt).digest();
  return createHash(digest).update(salt).update('signer').update(secret).digest();
}

function checkSecret(secret: unknown, name: string): string | Uint8Array {
  const empty =
    typeof secret === 'string' ? secret === '' : secret instanceof Uint8Array && secret.length === 0;
  if (!(typeof secret === 'string' || secret instanceof Uint8Array) || empty) {
    throw new TypeError(`${name} must be a non-empty string or Uint8Array`);
  }
  return secret;
}

function encodePayload(json: string): string {
  // The JSON is ASCII (non-ASCII is escaped), so its length is its byte length.
  const raw = Buffer.from(json, 'latin1');
  // Flask keeps the compressed form only when it is at least two bytes shorter.
  if (deflateCannotWin(raw)) return raw.toString('base64url');
  const compressed = deflateSync(raw);
  return compressed.length < raw.length - 1
    ? '.' + compressed.toString('base64url')
    : raw.toString('base64url');
}

/** Occurrences of each byte value, for {@link deflateCannotWin}; zeroed again after each use. */
const byteCounts = new Uint8Array(256);

/**
 * Whether zlib provably cannot make `raw` (n bytes) two bytes shorter, so Flask's rule keeps it raw
 * and `deflateSync` need not run: it costs about 7 µs (a fresh zlib stream), over a third of a small
 * session's round trip. Only short payloads (n ≤ 26) can be proven so, by counting zlib's bits:
 *
 * - the output is a 2-byte header, the deflate data and a 4-byte Adler-32: it wins only if the data
 *   takes at most 8n − 64 bits;
 * - the data holds at least a 3-bit block header, a first byte (≥ 8 bits fixed, or ≥ 1 bit after a
 *   dynamic header of ≥ 29 bits) and an end-of-block code: 18 bits, so n ≤ 10 never wins;
 * - with no 3-byte sequence seen twice, LZ77 finds no match (its shortest is 3 bytes) and every byte
 *   is a literal. Fixed codes spend ≥ 8 bits on each (ASCII), stored blocks 8 plus a 35-bit header;
 *   a dynamic block's prefix code spends ≥ n·H bits in all (Shannon; H = the bytes' entropy), plus a
 *   29-bit header and a ≥ 1-bit end code. So n·(8 − H) ≤ 86 bits means no block type wins (one
 *   block: zlib only splits after 16 K symbols). A bit of margin covers rounding.
 *
 * The property test in signer.test.ts checks the claim against zlib.
 */
function deflateCannotWin(raw: Uint8Array): boolean {
  const n = raw.length;
  if (n <= 10) return true;
  if (n > 26) return false;
  for (let i = 0; i + 2 < n; i++) {
    for (let j = i + 1; j + 2 < n; j++) {
      if (raw[i] === raw[j] && raw[i + 1] === raw[j + 1] && raw[i + 2] === raw[j + 2]) return false;
    }
  }
  for (let i = 0; i < n; i++) byteCounts[raw[i]!]!++;
  let entropyBits = 0; // n·H
  for (let i = 0; i < n; i++) {
    const count = byteCounts[raw[i]!]!;
    if (count === 0) continue;
    entropyBits += count * Math.log2(n / count);
    byteCounts[raw[i]!] = 0;
  }
  return 8 * n - entropyBits <= 85;
}

const timestampBytes = Buffer.alloc(8);

function encodeTimestamp(seconds: number): string {
  // Big-endian with the leading zero bytes dropped; nowSeconds is a safe integer, so 7 bytes hold it.
  let start = 8;
  for (let rest = seconds; rest > 0; rest = Math.floor(rest / 256)) timestampBytes[--start] = rest % 256;
  return timestampBytes.toString('base64url', start, 8);
}

/** base64url digit values by character code; -1 for anything else. */
const BASE64URL_DIGITS = Int8Array.from({ length: 128 }, (_, code) =>
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(String.fromCharCode(code)),
);

function decodeTimestamp(text: string): number | undefined {
  // itsdangerous packs timestamps into eight bytes: eleven digits at most, big-endian. Decoded here
  // rather than through a Buffer; as Buffer.from does, bits short of a whole byte at the end drop.
  if (text.length > 11) return undefined;
  let seconds = 0;
  let pending = 0;
  let pendingBits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? BASE64URL_DIGITS[code]! : -1;
    if (digit === -1) return undefined;
    pending = (pending << 6) | digit;
    pendingBits += 6;
    if (pendingBits >= 8) {
      pendingBits -= 8;
      seconds = seconds * 256 + (pending >> pendingBits);
      pending &= (1 << pendingBits) - 1;
    }
  }
  return seconds;
}
