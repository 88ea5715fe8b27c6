/**
 * URL building: choose the rule of an endpoint that the values fit, fill it in, add the query
 * string, the script root, the host and the anchor. Failing, explain why (Werkzeug's BuildError).
 */
import { quoteFragment } from './quote.ts';
import type { Rule } from './rule.ts';

/**
 * Options of a build that usually come from the current request rather than from the caller.
 *
 * @example
 * ```ts
 * const options: BuildOptions = { scheme: 'https', host: 'example.com', scriptName: '/app' };
 * ```
 */
export interface BuildOptions {
  /** Pick a rule that allows this method (`_method` in values wins). */
  method?: string;
  /** Give `scheme://host/path` (`_external` in values wins). */
  external?: boolean;
  /** Scheme of external URLs when `_scheme` is not given; default `http`. */
  scheme?: string;
  /** Host (and port) of external URLs, such as the request's Host header. */
  host?: string;
  /** The prefix the app is mounted under, put before every path. */
  scriptName?: string;
}

/** Keys of the values that steer building instead of filling the rule. */
const SPECIAL_KEYS: ReadonlySet<string> = new Set(['_anchor', '_external', '_scheme', '_method']);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// A host that could end the authority early would send the URL somewhere else.
const BAD_HOST = /[\s/\\?#@]/;
/** Below this similarity (difflib's usual cutoff) a different endpoint is not worth suggesting. */
const SUGGESTION_CUTOFF = 0.6;

/** Python's `repr` of a list of strings, as Werkzeug's messages print them. */
function pyList(items: Iterable<string>): string {
  return `[${[...items].map((item) => `'${item}'`).join(', ')}]`;
}

/** Longest common block of a[alo:ahi] and b[blo:bhi]; earliest in `a` first, as difflib picks. */
function longestMatch(
  a: string,
  alo: number,
  ahi: number,
  b: string,
  blo: number,
  bhi: number,
): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0];
  let previous = new Array<number>(bhi - blo).fill(0);
  for (let i = alo; i < ahi; i++) {
    const current = new Array<number>(bhi - blo).fill(0);
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const size = (j > blo ? previous[j - blo - 1]! : 0) + 1;
      current[j - blo] = size;
      if (size > best[2]) best = [i - size + 1, j - size + 1, size];
    }
    previous = current;
  }
  return best;
}

function matchingCharacters(
  a: string,
  alo: number,
  ahi: number,
  b: string,
  blo: number,
  bhi: number,
): number {
  const [i, j, size] = longestMatch(a, alo, ahi, b, blo, bhi);
  if (size === 0) return 0;
  return (
    size + matchingCharacters(a, alo, i, b, blo, j) + matchingCharacters(a, i + size, ahi, b, j + size, bhi)
  );
}

/**
 * Python's `difflib.SequenceMatcher(None, a, b).ratio()`: 1 for equal strings, 0 for nothing in common.
 *
 * @example
 * ```ts
 * similarity('profil', 'profile'); // 0.923…
 * ```
 */
export function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingCharacters(a, 0, a.length, b, 0, b.length)) / total;
}

/** Werkzeug's `closest_rule`: mostly endpoint similarity, ties broken by fitting values and method. */
function closestRule(
  endpoint: string,
  names: readonly string[],
  method: string | undefined,
  rules: readonly Rule[],
): Rule | undefined {
  let best: Rule | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    const score =
      0.98 * similarity(rule.endpoint, endpoint) +
      0.01 * Number(names.every((name) => rule.arguments.has(name))) +
      0.01 * Number(method !== undefined && rule.methods.has(method));
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  if (
    best === undefined ||
    (best.endpoint !== endpoint && similarity(best.endpoint, endpoint) < SUGGESTION_CUTOFF)
  )
    return undefined;
  return best;
}

/**
 * No rule of the endpoint fits the values (or the endpoint does not exist). The message names the
 * endpoint and suggests the fix: a close endpoint name, the missing values, or the methods to use.
 *
 * @example
 * ```ts
 * // Could not build url for endpoint 'profil'. Did you mean 'profile' instead?
 * try { map.build('profil'); } catch (error) { error instanceof BuildError; } // true
 * ```
 */
export class BuildError extends Error {
  readonly endpoint: string;
  /** The value names given (never their values, which may be private). */
  readonly names: readonly string[];
  readonly method: string | undefined;
  /** The rule the message suggests, if any. */
  readonly suggested: Rule | undefined;

  constructor(
    endpoint: string,
    names: readonly string[],
    method: string | undefined,
    rules: readonly Rule[],
  ) {
    const suggested = closestRule(endpoint, names, method, rules);
    super(BuildError.#describe(endpoint, names, method, suggested));
    this.name = 'BuildError';
    this.endpoint = endpoint;
    this.names = names;
    this.method = method;
    this.suggested = suggested;
  }

  static #describe(
    endpoint: string,
    names: readonly string[],
    method: string | undefined,
    suggested: Rule | undefined,
  ): string {
    let message = `Could not build url for endpoint '${endpoint}'`;
    if (method !== undefined) message += ` ('${method}')`;
    if (names.length > 0) message += ` with values ${pyList([...names].sort())}`;
    message += '.';
    if (suggested === undefined) return message;
    if (suggested.endpoint !== endpoint) return `${message} Did you mean '${suggested.endpoint}' instead?`;
    if (method !== undefined && !suggested.methods.has(method)) {
      message += ` Did you mean to use methods ${pyList([...suggested.methods].sort())}?`;
    }
    const missing = [...suggested.arguments].filter((name) => !names.includes(name)).sort();
    if (missing.length > 0) message += ` Did you forget to specify values ${pyList(missing)}?`;
    return message;
  }
}

/** Values split into what fills the rule and what steers the build. */
interface BuildRequest {
  readonly values: Record<string, unknown>;
  readonly anchor: unknown;
  readonly external: boolean;
  readonly scheme: string;
  readonly method: string | undefined;
}

function readRequest(values: Readonly<Record<string, unknown>>, options: BuildOptions): BuildRequest {
  // A null-prototype copy: rules look values up by name, and `constructor` must not be inherited.
  const clean: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && !SPECIAL_KEYS.has(key)) clean[key] = value;
  }
  const givenScheme = values['_scheme'] ?? undefined;
  const external = Boolean(values['_external'] ?? options.external ?? givenScheme !== undefined);
  if (givenScheme !== undefined && !external) {
    throw new TypeError("When specifying '_scheme', '_external' must be true.");
  }
  const scheme = String(givenScheme ?? options.scheme ?? 'http');
  if (!SCHEME.test(scheme)) {
    throw new TypeError(`'_scheme' must be a URL scheme such as 'https', got '${scheme}'`);
  }
  const method = values['_method'] ?? options.method;
  return {
    values: clean,
    anchor: values['_anchor'],
    external,
    scheme,
    method: method === undefined || method === null ? undefined : String(method).toUpperCase(),
  };
}

function pickRule(
  rules: readonly Rule[],
  values: Record<string, unknown>,
  method: string | undefined,
): string | null {
  for (const rule of rules) {
    if (!rule.suitableFor(values, method)) continue;
    const url = rule.build(values);
    if (url !== null) return url;
  }
  return null;
}

/**
 * Builds a URL for `endpoint` from `candidates` (its rules, best first). `values` may hold
 * `_anchor`, `_external`, `_scheme` and `_method`; `null` and `undefined` values are ignored.
 * Without a method, GET rules are preferred. Throws a {@link BuildError} when no rule fits, a
 * TypeError for a bad scheme or host.
 *
 * @example
 * ```ts
 * buildUrl('user', [userRule], { id: 5, _anchor: 'top' }, {}, allRules); // '/user/5#top'
 * ```
 */
export function buildUrl(
  endpoint: string,
  candidates: readonly Rule[],
  values: Readonly<Record<string, unknown>>,
  options: BuildOptions,
  allRules: readonly Rule[],
): string {
  const request = readRequest(values, options);
  let path = request.method === undefined ? pickRule(candidates, request.values, 'GET') : null;
  path ??= pickRule(candidates, request.values, request.method);
  if (path === null) throw new BuildError(endpoint, Object.keys(request.values), request.method, allRules);
  let url = (options.scriptName ?? '').replace(/\/+$/, '') + path;
  if (request.external) {
    const host = options.host;
    if (host === undefined || host === '' || BAD_HOST.test(host)) {
      throw new TypeError(
        `Cannot build an external URL for endpoint '${endpoint}' without a valid host (got ${JSON.stringify(host)})`,
      );
    }
    url = `${request.scheme}://${host}${url}`;
  }
  if (request.anchor !== undefined && request.anchor !== null) {
    url += `#${quoteFragment(String(request.anchor))}`;
  }
  return url;
}
