/**
 * The CSRF settings: their configuration keys (named after Flask-WTF's `WTF_CSRF_*`, without the
 * WTForms prefix), their defaults, and what the checks make of them, rebuilt only when they change.
 */
import type { SessionConfig } from '../sessions/config.ts';
import { trustedOrigins } from './origin.ts';
import { CsrfTokens } from './token.ts';

/** The configuration keys of CSRF protection, part of the app's `config`. */
export interface CsrfConfig {
  /**
   * Whether unsafe requests (any method but GET, HEAD, OPTIONS and TRACE) are checked at all.
   * On by default. Flask-WTF: `WTF_CSRF_ENABLED`.
   */
  CSRF_ENABLED: boolean;
  /**
   * Whether every unsafe request must also carry a valid token (`csrf_token` field or
   * `X-CSRFToken` header), besides coming from this origin. Off by default: the origin layer
   * protects every current browser; the token also guards browsers too old to send
   * `Sec-Fetch-Site` or `Origin`, at the price of a token in every form and script.
   */
  CSRF_TOKEN_REQUIRED: boolean;
  /**
   * Other origins whose requests pass the origin layer, e.g. `['https://admin.example.com']`
   * (scheme, host and port, no path). Empty by default.
   */
  CSRF_TRUSTED_ORIGINS: string[];
  /** The form field and session key of the token. `csrf_token`. Flask-WTF: `WTF_CSRF_FIELD_NAME`. */
  CSRF_FIELD_NAME: string;
  /** Headers a script may send the token in, tried in order. Flask-WTF: `WTF_CSRF_HEADERS`. */
  CSRF_HEADERS: string[];
  /**
   * Seconds a signed token stays valid (3600); null for as long as the session keeps its value.
   * Flask-WTF: `WTF_CSRF_TIME_LIMIT`.
   */
  CSRF_TIME_LIMIT: number | null;
}

/**
 * The defaults: protection on, tokens optional, Flask-WTF's field, headers and time limit.
 *
 * @example
 * ```ts
 * csrfDefaults().CSRF_HEADERS; // ['X-CSRFToken', 'X-CSRF-Token']
 * ```
 */
export function csrfDefaults(): CsrfConfig {
  return {
    CSRF_ENABLED: true,
    CSRF_TOKEN_REQUIRED: false,
    CSRF_TRUSTED_ORIGINS: [],
    CSRF_FIELD_NAME: 'csrf_token',
    CSRF_HEADERS: ['X-CSRFToken', 'X-CSRF-Token'],
    CSRF_TIME_LIMIT: 3600,
  };
}

/** What the CSRF settings read besides their own keys: the secrets that sign the tokens. */
export interface CsrfConfigWithSecrets
  extends CsrfConfig,
    Pick<SessionConfig, 'SECRET_KEY' | 'SECRET_KEY_FALLBACKS'> {}

/** The settings as the checks use them. */
export interface CsrfSettings {
  /** Whether every unsafe request needs a token. */
  readonly tokenRequired: boolean;
  /** The trusted origins, normalized. */
  readonly trustedOrigins: ReadonlySet<string>;
  /** Headers the token may come in. */
  readonly headers: readonly string[];
  /** Makes and checks tokens; null without a secret key. */
  readonly tokens: CsrfTokens | null;
}

/** The values the settings were built from; lists copied, so a list changed in place is seen. */
interface Source {
  tokenRequired: unknown;
  fieldName: unknown;
  timeLimit: unknown;
  secret: unknown;
  trusted: unknown;
  headers: unknown;
  fallbacks: unknown;
}

function sourceOf(config: CsrfConfigWithSecrets): Source {
  return {
    tokenRequired: config.CSRF_TOKEN_REQUIRED,
    fieldName: config.CSRF_FIELD_NAME,
    timeLimit: config.CSRF_TIME_LIMIT,
    secret: config.SECRET_KEY,
    trusted: copied(config.CSRF_TRUSTED_ORIGINS),
    headers: copied(config.CSRF_HEADERS),
    fallbacks: copied(config.SECRET_KEY_FALLBACKS),
  };
}

function copied(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

/** Whether `value` is what `copy` was made from: the same items for a list, the same value else. */
function sameAs(value: unknown, copy: unknown): boolean {
  if (!Array.isArray(value) || !Array.isArray(copy)) return value === copy;
  return value.length === copy.length && value.every((item, i) => item === copy[i]);
}

/** Compared key by key, allocating nothing: this runs on every unsafe request. */
function unchanged(config: CsrfConfigWithSecrets, source: Source): boolean {
  return (
    config.CSRF_TOKEN_REQUIRED === source.tokenRequired &&
    config.CSRF_FIELD_NAME === source.fieldName &&
    config.CSRF_TIME_LIMIT === source.timeLimit &&
    config.SECRET_KEY === source.secret &&
    sameAs(config.CSRF_TRUSTED_ORIGINS, source.trusted) &&
    sameAs(config.CSRF_HEADERS, source.headers) &&
    sameAs(config.SECRET_KEY_FALLBACKS, source.fallbacks)
  );
}

/**
 * Reads {@link CsrfSettings} from a configuration, building them again only when a key they
 * depend on changed (tokens derive their keys once). Throws a TypeError naming a bad setting.
 *
 * @example
 * ```ts
 * const cache = new CsrfSettingsCache();
 * const settings = cache.read({ ...csrfDefaults(), SECRET_KEY: 'dev', SECRET_KEY_FALLBACKS: null });
 * settings.tokens?.fieldName; // 'csrf_token'
 * ```
 */
export class CsrfSettingsCache {
  #settings: CsrfSettings | null = null;
  #source: Source | null = null;

  /** The settings of `config`, the same object as last time when nothing changed. */
  read(config: CsrfConfigWithSecrets): CsrfSettings {
    if (this.#settings !== null && this.#source !== null && unchanged(config, this.#source)) {
      return this.#settings;
    }
    const source = sourceOf(config);
    this.#settings = buildSettings(config);
    this.#source = source;
    return this.#settings;
  }
}

function buildSettings(config: CsrfConfigWithSecrets): CsrfSettings {
  const headers = config.CSRF_HEADERS;
  if (!Array.isArray(headers) || !headers.every((name) => typeof name === 'string' && name !== '')) {
    throw new TypeError("CSRF_HEADERS must be an array of header names, e.g. ['X-CSRFToken'].");
  }
  const secret = config.SECRET_KEY;
  const tokens =
    secret === null || secret.length === 0
      ? null
      : new CsrfTokens({
          secretKey: secret,
          fallbacks: config.SECRET_KEY_FALLBACKS,
          fieldName: config.CSRF_FIELD_NAME,
          timeLimit: config.CSRF_TIME_LIMIT,
        });
  return {
    tokenRequired: Boolean(config.CSRF_TOKEN_REQUIRED),
    trustedOrigins: trustedOrigins(config.CSRF_TRUSTED_ORIGINS),
    headers: [...headers],
    tokens,
  };
}
