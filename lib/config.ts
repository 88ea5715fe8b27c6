/**
 * The application's configuration: Flask's keys, Flask's names and defaults, typed.
 */

/** A secret for signing: text or bytes. */
export type SecretKey = string | Uint8Array;

/** The keys Phial reads. Apps may add their own (any other upper-case key). */
export interface Config {
  /** Debug mode: traceback page, request log. */
  DEBUG: boolean;
  /** Testing mode: unhandled errors propagate out of the test client instead of becoming a 500. */
  TESTING: boolean;
  /** Whether unhandled errors propagate; `null` means "when TESTING or DEBUG" (Flask's rule). */
  PROPAGATE_EXCEPTIONS: boolean | null;
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
  /** The largest request body accepted, in bytes; larger is a 413. `null` for no limit. */
  MAX_CONTENT_LENGTH: number | null;
  /** The largest non-file multipart field, in bytes. */
  MAX_FORM_MEMORY_SIZE: number | null;
  /** The most fields and files in a form. */
  MAX_FORM_PARTS: number | null;
  /** A warning is logged when a cookie is larger than this; 0 turns the warning off. */
  MAX_COOKIE_SIZE: number;
  /** The host (and port) for external URLs built outside a request. */
  SERVER_NAME: string | null;
  /** Where the app is mounted; the default session cookie path. */
  APPLICATION_ROOT: string;
  /** Scheme of external URLs built outside a request. */
  PREFERRED_URL_SCHEME: string;
  /** Re-read a template file that changed; `null` means "in DEBUG" (Flask's rule). */
  TEMPLATES_AUTO_RELOAD: boolean | null;
  /** Milliseconds a client has to send all the request headers (slowloris guard). */
  SERVER_HEADERS_TIMEOUT: number;
  /** Milliseconds a client has to send the whole request. */
  SERVER_REQUEST_TIMEOUT: number;
  /** Milliseconds an idle keep-alive connection stays open. */
  SERVER_KEEP_ALIVE_TIMEOUT: number;
  /** Your own keys. */
  [key: string]: unknown;
}

/**
 * Flask's defaults, plus Phial's server timeouts.
 *
 * @example
 * ```ts
 * const config = defaultConfig();
 * config.MAX_CONTENT_LENGTH; // 1048576
 * ```
 */
export function defaultConfig(): Config {
  return {
    DEBUG: false,
    TESTING: false,
    PROPAGATE_EXCEPTIONS: null,
    SECRET_KEY: null,
    SECRET_KEY_FALLBACKS: null,
    PERMANENT_SESSION_LIFETIME: 31 * 24 * 60 * 60,
    SESSION_COOKIE_NAME: 'session',
    SESSION_COOKIE_DOMAIN: null,
    SESSION_COOKIE_PATH: null,
    SESSION_COOKIE_HTTPONLY: true,
    SESSION_COOKIE_SECURE: false,
    SESSION_COOKIE_SAMESITE: null,
    SESSION_COOKIE_PARTITIONED: false,
    SESSION_REFRESH_EACH_REQUEST: true,
    MAX_CONTENT_LENGTH: 1024 * 1024,
    MAX_FORM_MEMORY_SIZE: 500_000,
    MAX_FORM_PARTS: 1000,
    MAX_COOKIE_SIZE: 4093,
    SERVER_NAME: null,
    APPLICATION_ROOT: '/',
    PREFERRED_URL_SCHEME: 'http',
    TEMPLATES_AUTO_RELOAD: null,
    SERVER_HEADERS_TIMEOUT: 10_000,
    SERVER_REQUEST_TIMEOUT: 30_000,
    SERVER_KEEP_ALIVE_TIMEOUT: 5_000,
  };
}
