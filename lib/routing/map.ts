/**
 * Layer routing/: rules, converters, the compiled matcher and URL building; imports http/ and utils/.
 *
 * UrlMap: the registered rules, compiled lazily into a matcher, answering "which rule serves this
 * path and method?" and "what is the URL of this endpoint?". Mirrors Werkzeug's `Map` and
 * `MapAdapter` (routing/map.py) without binding: the app passes what the request knows.
 */
import { upperCase } from '../http/upper-case.ts';
import { type BuildOptions, buildUrl } from './build.ts';
import { type CompiledMatch, compileMatch, REJECTED } from './compile.ts';
import type { ConverterFactory } from './converters.ts';
import { defaultConverters } from './converters.ts';
import { Matcher, SLASH_REQUIRED, type Walk } from './matcher.ts';
import { RuleError } from './parse.ts';
import { quotePath } from './quote.ts';
import { Rule, type RuleOptions } from './rule.ts';

export { BuildError, type BuildOptions } from './build.ts';
export { RuleError } from './parse.ts';

/**
 * What routing decided for a request.
 *
 * @example
 * ```ts
 * const result = map.match('/user/5', 'GET');
 * if (result.kind === 'match') result.params.id; // 5
 * ```
 */
export type MatchResult =
  | { kind: 'match'; rule: Rule; params: Record<string, unknown> }
  /** A path, percent-encoded: the app appends the query string and answers 308. */
  | { kind: 'redirect'; location: string }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  /** The automatic answer to OPTIONS; `rule` is the rule the path matched. */
  | { kind: 'options'; allowed: string[]; rule: Rule };

/**
 * Settings of a map; each rule may override the slash settings.
 *
 * @example
 * ```ts
 * new UrlMap({ strictSlashes: false });
 * ```
 */
export interface MapOptions {
  /** Redirect `/branch` to `/branch/` when only the slashed rule exists (default true). */
  strictSlashes?: boolean;
  /** Redirect `/a//b` to `/a/b` when the merged path matches (default true). */
  mergeSlashes?: boolean;
  /** Redirect a match to the rule whose defaults give the same values (default true). */
  redirectDefaults?: boolean;
  /** Extra converters, or replacements for the default ones. */
  converters?: Record<string, ConverterFactory>;
}

/** A method no rule can have (not an HTTP token), used to collect every method a path allows. */
const NO_METHOD = ' ';
const NOT_FOUND: MatchResult = Object.freeze({ kind: 'notFound' });
/** The walk of a static match: nothing captured, no methods seen. */
const NO_WALK: Walk = Object.freeze({ values: Object.freeze([]) as unknown as string[], allowed: null });

/** Everything derived from the rules, rebuilt on the first match or build after a change. */
interface Compiled {
  readonly matcher: Matcher;
  /** The generated matcher (compile.ts), which answers the paths that match. */
  readonly match: CompiledMatch;
  /** Each endpoint's rules in build order: more arguments first, then more defaults. */
  readonly byEndpoint: ReadonlyMap<string, readonly Rule[]>;
  /** For rules that another rule's defaults make canonical: the rules to redirect to. */
  readonly canonical: ReadonlyMap<Rule, readonly Rule[]>;
}

/**
 * Strips leading slashes to one, as Werkzeug does: `//a` serves `/a`, and a redirect built from
 * the path never starts with `//` (another host, to a browser). An empty path is `/`.
 */
function normalizePath(path: string): string {
  return path.startsWith('/') && path[1] !== '/' ? path : `/${path.replace(/^\/+/, '')}`;
}

function duplicateOf(rule: Rule, sameShape: readonly Rule[]): Rule | undefined {
  for (let index = 0; index < sameShape.length; index++) {
    if (sameShape[index]!.isDuplicateOf(rule)) return sameShape[index];
  }
  return undefined;
}

function noMatch(walk: Walk): MatchResult {
  return walk.allowed === null ? NOT_FOUND : { kind: 'methodNotAllowed', allowed: [...walk.allowed].sort() };
}

/**
 * The URL map of an app.
 *
 * @example
 * ```ts
 * const map = new UrlMap();
 * map.add('/user/<int:id>', { endpoint: 'user' });
 * map.match('/user/5', 'GET');  // { kind: 'match', rule, params: { id: 5 } }
 * map.build('user', { id: 5 }); // '/user/5'
 * ```
 */
export class UrlMap {
  /** Converter factories by name; add custom ones before adding the rules that use them. */
  readonly converters: Record<string, ConverterFactory>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly redirectDefaults: boolean;
  readonly #rules: Rule[] = [];
  /** Rules by signature, so the duplicate check at `add` is one lookup rather than a scan. */
  readonly #bySignature = new Map<string, Rule[]>();
  #compiled: Compiled | null = null;

  constructor(options: MapOptions = {}) {
    this.converters = Object.assign(Object.create(null), defaultConverters, options.converters);
    this.strictSlashes = options.strictSlashes ?? true;
    this.mergeSlashes = options.mergeSlashes ?? true;
    this.redirectDefaults = options.redirectDefaults ?? true;
  }

  /**
   * Registers a rule. Throws a {@link RuleError} saying what is wrong with a bad rule, including
   * one that duplicates an existing rule for the same methods (it could never match).
   *
   * @example
   * ```ts
   * map.add('/post/<int:id>', { endpoint: 'post', methods: ['GET', 'POST'] });
   * ```
   */
  add(rule: string, options: RuleOptions): Rule {
    const created = new Rule(rule, options, this);
    const sameShape = this.#bySignature.get(created.signature);
    const duplicate = sameShape === undefined ? undefined : duplicateOf(created, sameShape);
    if (duplicate !== undefined) {
      throw new RuleError(
        rule,
        `it matches the same URLs and methods as ${duplicate}, so one of them could never be reached`,
      );
    }
    if (sameShape === undefined) this.#bySignature.set(created.signature, [created]);
    else sameShape.push(created);
    this.#rules.push(created);
    this.#compiled = null;
    return created;
  }

  /**
   * Compiles the rules now rather than on the first match (say, at startup). Idempotent.
   *
   * @example
   * ```ts
   * map.compile();
   * ```
   */
  compile(): void {
    this.#compile();
  }

  #compile(): Compiled {
    if (this.#compiled !== null) return this.#compiled;
    const matcher = new Matcher();
    const byEndpoint = new Map<string, Rule[]>();
    const all = this.#rules;
    for (let index = 0; index < all.length; index++) {
      const rule = all[index]!;
      matcher.add(rule);
      const rules = byEndpoint.get(rule.endpoint);
      if (rules === undefined) byEndpoint.set(rule.endpoint, [rule]);
      else rules.push(rule);
    }
    matcher.sort();
    const canonical = new Map<Rule, Rule[]>();
    for (const rules of byEndpoint.values()) {
      // Most endpoints have one rule: nothing to order, no defaults to redirect to.
      if (rules.length === 1) continue;
      rules.sort(
        (a, b) =>
          b.arguments.size - a.arguments.size ||
          Object.keys(b.defaults ?? {}).length - Object.keys(a.defaults ?? {}).length,
      );
      rules.forEach((rule, index) => {
        // Werkzeug's `get_default_redirect`: only rules before this one in build order count.
        const providers = rules.slice(0, index).filter((provider) => provider.providesDefaultsFor(rule));
        if (providers.length > 0) canonical.set(rule, providers);
      });
    }
    const viaMap = this.redirectDefaults ? (rule: Rule) => canonical.has(rule) : () => false;
    this.#compiled = { matcher, match: compileMatch(matcher, viaMap), byEndpoint, canonical };
    return this.#compiled;
  }

  /**
   * Routes a request. `path` is the percent-decoded path without the query string (`request.path`,
   * Werkzeug's PATH_INFO), so a `%2F` sent by the client already is a `/`. `method` is upper-cased.
   * Never throws for any path; a converter error other than ValidationError propagates.
   *
   * @example
   * ```ts
   * map.match('/about', 'GET'); // { kind: 'redirect', location: '/about/' } for a rule '/about/'
   * ```
   */
  match(path: string, method: string): MatchResult {
    const compiled = this.#compiled ?? this.#compile();
    // A request's path has one leading slash and its method is upper-case: the compiled matcher
    // takes them as they are (a method in another case matches no rule there, and goes the slow way).
    if (path.charCodeAt(0) === 0x2f && path.charCodeAt(1) !== 0x2f) {
      const found = compiled.match(path, method);
      if (found !== null) return found === REJECTED ? this.#rejected(compiled.matcher, path, method) : found;
    }
    return this.#walk(compiled, normalizePath(path), upperCase(method), path, method);
  }

  /** What the compiled matcher leaves to the walk: redirects, 404s, 405s, OPTIONS. */
  #walk(compiled: Compiled, target: string, verb: string, path: string, method: string): MatchResult {
    if (target !== path || verb !== method) {
      const found = compiled.match(target, verb);
      if (found !== null) return found === REJECTED ? this.#rejected(compiled.matcher, target, verb) : found;
    }
    const matcher = compiled.matcher;
    const direct = matcher.findStatic(target, verb);
    if (direct !== null) return this.#matched(compiled, direct, NO_WALK, target, verb);
    const walk: Walk = { values: [], allowed: null };
    const found = matcher.findInTree(target, verb, walk);
    if (found === SLASH_REQUIRED) return { kind: 'redirect', location: quotePath(`${target}/`) };
    if (found !== null) return this.#matched(compiled, found, walk, target, verb);
    if (this.mergeSlashes && target.includes('//')) {
      const merged = target.replace(/\/{2,}/g, '/');
      const again = matcher.find(merged, verb, walk);
      if (again === SLASH_REQUIRED) return { kind: 'redirect', location: quotePath(`${merged}/`) };
      if (again?.mergeSlashes) return { kind: 'redirect', location: quotePath(merged) };
    }
    return noMatch(walk);
  }

  /** The compiled matcher's match was refused by a converter: the walk says which methods fit. */
  #rejected(matcher: Matcher, target: string, method: string): MatchResult {
    const walk: Walk = { values: [], allowed: null };
    matcher.findInTree(target, method, walk);
    return noMatch(walk);
  }

  #matched(compiled: Compiled, rule: Rule, walk: Walk, target: string, method: string): MatchResult {
    if (method === 'OPTIONS' && rule.automaticOptions) {
      return { kind: 'options', allowed: this.#allowed(target), rule };
    }
    const params = rule.toParams(walk.values);
    // Werkzeug: a value the converter rejects ends matching here; no other rule is tried.
    if (params === null) return noMatch(walk);
    const canonicalRules = compiled.canonical;
    const providers = this.redirectDefaults && canonicalRules.size > 0 ? canonicalRules.get(rule) : undefined;
    const canonical = providers?.find((provider) => provider.suitableFor(params, method));
    if (canonical !== undefined) {
      const location = canonical.build({ ...params, ...canonical.defaults }, false);
      if (location !== null) return { kind: 'redirect', location };
    }
    return { kind: 'match', rule, params };
  }

  /**
   * Every method some rule accepts for a decoded path, OPTIONS included when answered
   * automatically, sorted; empty when nothing matches.
   *
   * @example
   * ```ts
   * map.allowedMethods('/post/1'); // ['GET', 'HEAD', 'OPTIONS', 'POST']
   * ```
   */
  allowedMethods(path: string): string[] {
    return this.#allowed(normalizePath(path));
  }

  #allowed(target: string): string[] {
    const walk: Walk = { values: [], allowed: null };
    this.#compile().matcher.find(target, NO_METHOD, walk);
    return walk.allowed === null ? [] : [...walk.allowed].sort();
  }

  /**
   * Builds the URL of an endpoint. Values the rule does not use become the query string (arrays
   * repeat the key; `null`/`undefined` are skipped). `_anchor`, `_external`, `_scheme` and
   * `_method` in values steer the build like Flask's `url_for`. Throws a {@link BuildError} when
   * no rule of the endpoint fits.
   *
   * @example
   * ```ts
   * map.build('user', { id: 5, q: 'x', _anchor: 'top' }); // '/user/5?q=x#top'
   * map.build('user', { id: 5, _external: true }, { host: 'example.com' }); // 'http://example.com/user/5'
   * ```
   */
  build(
    endpoint: string,
    values: Readonly<Record<string, unknown>> = {},
    options: BuildOptions = {},
  ): string {
    const { byEndpoint } = this.#compile();
    return buildUrl(endpoint, byEndpoint.get(endpoint) ?? [], values, options, this.#rules);
  }

  /**
   * The rules in registration order, for a `routes` listing.
   *
   * @example
   * ```ts
   * map.rules().map((rule) => `${rule.rule} -> ${rule.endpoint}`);
   * ```
   */
  rules(): readonly Rule[] {
    return this.#rules;
  }

  /**
   * The distinct endpoints in registration order.
   *
   * @example
   * ```ts
   * map.endpoints(); // ['index', 'user']
   * ```
   */
  endpoints(): string[] {
    return [...new Set(this.#rules.map((rule) => rule.endpoint))];
  }
}
