/**
 * The application's configuration: Flask's keys, Flask's names and defaults, typed.
 */
import { type CsrfConfig, csrfDefaults } from './csrf/settings.ts';
import type { FormLimits } from './http/query.ts';
import type { SessionConfig } from './sessions/config.ts';

export type { SecretKey } from './sessions/config.ts';

/**
 * The keys Phial reads: the session's (see {@link SessionConfig}), CSRF protection's (see
 * {@link CsrfConfig}) and the rest. Apps may add their own (any other upper-case key).
 */
export interface Config extends SessionConfig, CsrfConfig {
  /** Debug mode: traceback page, request log. */
  DEBUG: boolean;
  /** Testing mode: unhandled errors propagate out of the test client instead of becoming a 500. */
  TESTING: boolean;
  /** Whether unhandled errors propagate; `null` means "when TESTING or DEBUG" (Flask's rule). */
  PROPAGATE_EXCEPTIONS: boolean | null;
  /** The largest request body accepted, in bytes; larger is a 413. `null` for no limit. */
  MAX_CONTENT_LENGTH: number | null;
  /** The largest non-file multipart field, in bytes. */
  MAX_FORM_MEMORY_SIZE: number | null;
  /** The most fields and files in a form. */
  MAX_FORM_PARTS: number | null;
  /** The host (and port) for external URLs built outside a request. */
  SERVER_NAME: string | null;
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
 * Flask's defaults, plus Phial's server timeouts and CSRF protection.
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
    ...csrfDefaults(),
  };
}

let lastLimits: FormLimits = { maxFormMemorySize: null, maxFormParts: null };

/**
 * The config's form limits as a Request takes them: one object, shared by the requests of the
 * doors while the config keeps the same values.
 *
 * @example
 * ```ts
 * new Request({ method: 'POST', url: '/', body, limits: formLimits(app.config) });
 * ```
 */
export function formLimits(config: Config): FormLimits {
  if (
    lastLimits.maxFormMemorySize !== config.MAX_FORM_MEMORY_SIZE ||
    lastLimits.maxFormParts !== config.MAX_FORM_PARTS
  ) {
    lastLimits = { maxFormMemorySize: config.MAX_FORM_MEMORY_SIZE, maxFormParts: config.MAX_FORM_PARTS };
  }
  return lastLimits;
}
