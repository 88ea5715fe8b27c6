/**
 * A Rule: one URL pattern with its endpoint, methods and converters, compiled once into matcher
 * parts and a URL builder. Mirrors Werkzeug's `routing/rules.py`.
 */
import { inertClass } from '../utils/inert-object.ts';
import type { Converter, ConverterFactory } from './converters.ts';
import { defaultConverters, ValidationError } from './converters.ts';
import { parseRule, RuleError, type RuleToken } from './parse.ts';
import { compileParts, type RulePart } from './parts.ts';
import { urlEncode } from './quote.ts';
import { type BuildOp, buildPath, compileBuildOps } from './rule-builder.ts';
import { makeConverter, normalizeMethods } from './rule-setup.ts';

/**
 * The class of route params: objects that inherit nothing (a variable named `constructor` is an
 * own property), with fast properties, unlike `Object.create(null)`'s hash tables: ~15 ns and
 * ~200 bytes less per match.
 *
 * @example
 * ```ts
 * const params = new ParamsObject();
 * params.id = 5;
 * ```
 */
export const ParamsObject = inertClass<Record<string, unknown>>();

/**
 * How a rule is registered.
 *
 * @example
 * ```ts
 * const options: RuleOptions = { endpoint: 'user', methods: ['GET', 'POST'] };
 * ```
 */
export interface RuleOptions {
  // `| undefined`: an absent option and an undefined one both mean the default, also for an app
  // type-checked with exactOptionalPropertyTypes.
  /** The name `urlFor` builds URLs from; several rules may share one. */
  endpoint: string;
  /** Allowed methods, upper-cased; default `['GET']`. HEAD is added when GET is present. */
  methods?: readonly string[] | undefined;
  /** Redirect `/branch` to `/branch/` (true, the map's default) or accept both (false). */
  strictSlashes?: boolean | undefined;
  /** Redirect requests with repeated slashes to the merged path; the map's default unless given. */
  mergeSlashes?: boolean | undefined;
  /** Values given to the view on every match, also used to pick this rule when building URLs. */
  defaults?: Record<string, unknown> | undefined;
}

/**
 * Map-level settings a rule is compiled with.
 *
 * @example
 * ```ts
 * new Rule('/x', { endpoint: 'x' }, { strictSlashes: false });
 * ```
 */
export interface RuleContext {
  converters?: Readonly<Record<string, ConverterFactory>>;
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
}

/** The tokens a rule is compiled from: with `mergeSlashes`, a slash after a slash is dropped. */
function compiledTokens(rule: string, parsed: RuleToken[], mergeSlashes: boolean): RuleToken[] {
  if (!mergeSlashes || !rule.includes('//')) return parsed;
  return parsed.filter((token, index) => token.kind !== 'slash' || parsed[index - 1]?.kind !== 'slash');
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_CONVERTERS: ReadonlyMap<string, Converter> = new Map();
const NO_CONVERTER_LIST: readonly Converter[] = Object.freeze([]);
const NO_ARGUMENTS: ReadonlySet<string> = new Set();

/** Variable names plus default names. */
function argumentsOf(
  variables: readonly string[],
  defaults: Readonly<Record<string, unknown>> | undefined,
): ReadonlySet<string> {
  if (variables.length === 0 && defaults === undefined) return NO_ARGUMENTS;
  const names = new Set(variables);
  for (const name of Object.keys(defaults ?? {})) names.add(name);
  return names;
}

/** The path of tokens without variables. */
function staticText(tokens: readonly RuleToken[]): string {
  let text = '';
  for (const token of tokens) text += token.kind === 'static' ? token.text : '/';
  return text;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

/**
 * One URL rule, compiled. Made by `UrlMap.add`; the constructor throws a {@link RuleError} that
 * says what is wrong with a bad rule.
 *
 * @example
 * ```ts
 * const rule = new Rule('/user/<int:id>', { endpoint: 'user' });
 * rule.build({ id: 5, tab: 'posts' }); // '/user/5?tab=posts'
 * ```
 */
export class Rule {
  /** The rule as registered, `/user/<int:id>`. */
  readonly rule: string;
  readonly endpoint: string;
  /** Upper-cased methods, HEAD included when GET is; OPTIONS only when listed explicitly. */
  readonly methods: ReadonlySet<string>;
  #arguments: ReadonlySet<string> | null = null;
  /** Variable names in the order they appear in the rule. */
  readonly variables: readonly string[];
  readonly converters: ReadonlyMap<string, Converter>;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  /** True when OPTIONS is answered by the map rather than by this rule's view. */
  readonly automaticOptions: boolean;
  /** The path when the rule has no variables (slashes merged when merging applies), else null. */
  readonly staticPath: string | null;
  /** The matcher's view of the rule. @internal */
  readonly parts: readonly RulePart[];
  /** Equal for rules that match exactly the same paths (the keys of their parts). */
  readonly signature: string;
  readonly #converterList: readonly Converter[];
  /** The builder steps, made on the first build: matching never needs them. */
  #ops: readonly BuildOp[] | null = null;

  constructor(rule: string, options: RuleOptions, context: RuleContext = {}) {
    const parsed = parseRule(rule);
    if (typeof options?.endpoint !== 'string' || options.endpoint === '') {
      throw new RuleError(rule, 'endpoint must be a non-empty string');
    }
    if (
      options.defaults !== undefined &&
      (typeof options.defaults !== 'object' || options.defaults === null)
    ) {
      throw new RuleError(rule, 'defaults must be an object');
    }
    this.rule = rule;
    this.endpoint = options.endpoint;
    this.methods = normalizeMethods(rule, options.methods);
    this.automaticOptions = !this.methods.has('OPTIONS');
    this.strictSlashes = options.strictSlashes ?? context.strictSlashes ?? true;
    this.mergeSlashes = options.mergeSlashes ?? context.mergeSlashes ?? true;
    this.defaults = options.defaults === undefined ? undefined : Object.freeze({ ...options.defaults });
    const tokens = compiledTokens(rule, parsed, this.mergeSlashes);
    const factories = context.converters ?? defaultConverters;
    // A rule without variables (most of an app's) shares the empty collections.
    let converters: Map<string, Converter> | null = null;
    let variables: string[] | null = null;
    let converterList: Converter[] | null = null;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!;
      if (token.kind !== 'variable') continue;
      const converter = makeConverter(rule, token, factories);
      converters ??= new Map();
      converters.set(token.name, converter);
      variables = variables === null ? [token.name] : [...variables, token.name];
      converterList = converterList === null ? [converter] : [...converterList, converter];
    }
    this.converters = converters ?? NO_CONVERTERS;
    this.variables = variables ?? NO_NAMES;
    this.#converterList = converterList ?? NO_CONVERTER_LIST;
    try {
      this.parts = compileParts(rule, tokens, this.converters);
      // A default of a variable is converted by its converter now, so a bad one fails here.
      if (this.defaults !== undefined && this.variables.some((name) => Object.hasOwn(this.defaults!, name))) {
        this.#ops = compileBuildOps(tokens, this.converters, this.defaults);
      }
    } catch (error) {
      if (error instanceof RuleError) throw error;
      throw new RuleError(rule, (error as Error).message);
    }
    // `join` makes one flat string, where `+=` would keep a rope of pieces for the rule's life.
    this.signature = this.parts.map((part) => part.key).join('\n');
    // Without variables the rule is its own path, unless merging slashes changed its tokens.
    this.staticPath = converters !== null ? null : tokens === parsed ? rule : staticText(tokens);
  }

  /** Variable names plus default names: what building consumes instead of the query string. */
  get arguments(): ReadonlySet<string> {
    // Made on first use: matching never needs it, and a Set per rule is memory every start-up copies.
    this.#arguments ??= argumentsOf(this.variables, this.defaults);
    return this.#arguments;
  }

  /** The rule's tokens again (parsed for the builder rather than kept: most rules never build). */
  #tokens(): RuleToken[] {
    return compiledTokens(this.rule, parseRule(this.rule), this.mergeSlashes);
  }

  /**
   * Whether this rule answers `method` (upper-case); OPTIONS is always answered.
   *
   * @example
   * ```ts
   * new Rule('/x', { endpoint: 'x' }).allows('HEAD'); // true
   * ```
   */
  allows(method: string): boolean {
    return this.methods.has(method) || (method === 'OPTIONS' && this.automaticOptions);
  }

  /**
   * Turns the texts the matcher captured (in variable order) into params: an object that inherits
   * nothing (`ParamsObject`), with converted values and the rule's defaults. Null when a
   * converter rejects a value.
   *
   * @example
   * ```ts
   * new Rule('/<int:id>', { endpoint: 'x' }).toParams(['7']); // { id: 7 }
   * ```
   */
  toParams(captured: readonly string[]): Record<string, unknown> | null {
    const params = new ParamsObject();
    const names = this.variables;
    const converters = this.#converterList;
    try {
      for (let index = 0; index < names.length; index++) {
        params[names[index]!] = converters[index]!.toValue(captured[index]!);
      }
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
    if (this.defaults !== undefined) Object.assign(params, this.defaults);
    return params;
  }

  /**
   * Builds the path (and with `appendUnknown` the query string of values the rule does not use).
   * Null when a converter's `toUrl` throws a {@link ValidationError}; other errors propagate.
   *
   * @example
   * ```ts
   * new Rule('/p/<path:p>', { endpoint: 'p' }).build({ p: 'a b/c' }); // '/p/a%20b/c'
   * ```
   */
  build(values: Readonly<Record<string, unknown>>, appendUnknown = true): string | null {
    this.#ops ??= compileBuildOps(this.#tokens(), this.converters, this.defaults);
    const url = buildPath(this.#ops, values);
    if (url === null || !appendUnknown) return url;
    const query = urlEncode(Object.entries(values).filter(([key]) => !this.arguments.has(key)));
    return query === '' ? url : `${url}?${query}`;
  }

  /**
   * Whether `values` (and `method`, when given) are enough to build this rule: every variable has
   * a value or a default, and values given for defaults equal them.
   *
   * @example
   * ```ts
   * new Rule('/u/<id>', { endpoint: 'u' }).suitableFor({}); // false
   * ```
   */
  suitableFor(values: Readonly<Record<string, unknown>>, method?: string): boolean {
    if (method !== undefined && !this.methods.has(method)) return false;
    const defaults = this.defaults ?? {};
    for (const name of this.variables) {
      if (!Object.hasOwn(defaults, name) && !Object.hasOwn(values, name)) return false;
    }
    for (const [name, value] of Object.entries(defaults)) {
      if (Object.hasOwn(values, name) && values[name] !== value) return false;
    }
    return true;
  }

  /**
   * Whether this rule's defaults make it the canonical URL of `other`'s matches (same endpoint,
   * same arguments): matching `other` with those values redirects here.
   *
   * @example
   * ```ts
   * allRule.providesDefaultsFor(pageRule); // '/all/' {page: 1} for '/all/page/<int:page>'
   * ```
   */
  providesDefaultsFor(other: Rule): boolean {
    return (
      this.defaults !== undefined &&
      Object.keys(this.defaults).length > 0 &&
      this !== other &&
      this.endpoint === other.endpoint &&
      sameSet(this.arguments, other.arguments)
    );
  }

  /**
   * Whether this rule matches exactly what `other` matches, for overlapping methods, so one of
   * them could never be reached. HEAD and OPTIONS alone do not count as an overlap.
   *
   * @example
   * ```ts
   * new Rule('/a', { endpoint: 'a' }).isDuplicateOf(new Rule('/a', { endpoint: 'b' })); // true
   * ```
   */
  isDuplicateOf(other: Rule): boolean {
    if (this.signature !== other.signature) return false;
    if (sameSet(this.methods, other.methods)) return true;
    return [...this.methods].some(
      (method) => method !== 'HEAD' && method !== 'OPTIONS' && other.methods.has(method),
    );
  }

  /** `<Rule '/user/<int:id>' (GET, HEAD) -> user>`, for messages and debugging. */
  toString(): string {
    return `<Rule '${this.rule}' (${[...this.methods].join(', ')}) -> ${this.endpoint}>`;
  }
}
