/**
 * The configuration keys sessions read: Flask's names and meanings. The app's `Config` extends this,
 * so a session interface sees the app's config without importing the core.
 */

/** A secret for signing: text or bytes. */
export type SecretKey = string | Uint8Array;

/**
 * The session keys of the app's config (Flask's defaults are in `defaultConfig()`).
 *
 * @example
 * ```ts
 * function cookieName(config: SessionConfig): string {
 *   return config.SESSION_COOKIE_NAME;
 * }
 * ```
 */
export interface SessionConfig {
  /** Signs session cookies. */
  SECRET_KEY: SecretKey | null;
  /** Old secrets still accepted when reading (key rotation), oldest first. */
  SECRET_KEY_FALLBACKS: SecretKey[] | null;
  /** Lifetime of a permanent session, in seconds (31 days). */
  PERMANENT_SESSION_LIFETIME: number;
  /** The session cookie's name. */
  SESSION_COOKIE_NAME: string;
  /** The session cookie's Domain; null for the current host only. */
  SESSION_COOKIE_DOMAIN: string | null;
  /** The session cookie's Path; null for APPLICATION_ROOT. */
  SESSION_COOKIE_PATH: string | null;
  /** HttpOnly on the session cookie. */
  SESSION_COOKIE_HTTPONLY: boolean;
  /** Secure on the session cookie. */
  SESSION_COOKIE_SECURE: boolean;
  /** SameSite on the session cookie. */
  SESSION_COOKIE_SAMESITE: 'Strict' | 'Lax' | 'None' | null;
  /** Partitioned on the session cookie (implies Secure). */
  SESSION_COOKIE_PARTITIONED: boolean;
  /** Re-send a permanent session's cookie on every request, extending its life. */
  SESSION_REFRESH_EACH_REQUEST: boolean;
  /** A warning is logged when a cookie is larger than this; 0 turns the warning off. */
  MAX_COOKIE_SIZE: number;
  /** Where the app is mounted; the default session cookie path. */
  APPLICATION_ROOT: string;
  /** The app's other keys, read by name. */
  [key: string]: unknown;
}
