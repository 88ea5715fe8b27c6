/**
 * What a rule is made of besides its path: its methods and the converters of its variables, each
 * checked with a message that says what is wrong. The common ones are shared between rules (a
 * method Set, a built-in converter without arguments): an app's rules repeat a few, and whatever
 * 1,000 rules keep is copied by every garbage collection at start-up.
 */
import { parseConverterArgs } from './args.ts';
import type { Converter, ConverterFactory } from './converters.ts';
import { defaultConverters } from './converters.ts';
import { RuleError, type RuleToken } from './parse.ts';
import { compileRegex, countGroups } from './regex.ts';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** GET and HEAD, the methods of a rule that gives none. */
const DEFAULT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
/** Method sets of rules with one method, shared: most rules have one, and a Set is ~200 bytes. */
const singleMethods = new Map<string, ReadonlySet<string>>();

/**
 * A rule's methods, upper-cased, HEAD added to GET; GET and HEAD when none are given. Throws a
 * {@link RuleError} for anything but a list of HTTP method names. Equal lists of one method
 * share one Set (most rules give one).
 *
 * @example
 * ```ts
 * normalizeMethods('/x', ['get']); // Set { 'GET', 'HEAD' }
 * ```
 */
export function normalizeMethods(rule: string, methods: readonly string[] | undefined): ReadonlySet<string> {
  if (methods === undefined) return DEFAULT_METHODS;
  const single = Array.isArray(methods) && methods.length === 1 ? methods[0] : undefined;
  const shared = typeof single === 'string' ? singleMethods.get(single) : undefined;
  if (shared !== undefined) return shared;
  if (typeof methods === 'string' || !Array.isArray(methods)) {
    throw new RuleError(
      rule,
      `methods must be an array of strings such as ['GET', 'POST'], got ${JSON.stringify(methods)}`,
    );
  }
  if (methods.length === 0) throw new RuleError(rule, 'methods must not be empty (leave it out for GET)');
  const set = new Set<string>();
  for (const method of methods) {
    if (typeof method !== 'string' || !TOKEN.test(method)) {
      throw new RuleError(rule, `${JSON.stringify(method)} is not an HTTP method`);
    }
    set.add(method.toUpperCase());
  }
  if (set.has('GET')) set.add('HEAD');
  if (typeof single === 'string') singleMethods.set(single, set);
  return set;
}

/** The built-in converters without arguments, made once: they keep no state (frozen). */
const sharedConverters = new Map<ConverterFactory, Converter>();
const builtinFactories: ReadonlySet<ConverterFactory> = new Set(Object.values(defaultConverters));

/**
 * The converter of a rule variable, made by its factory from the arguments written in the rule.
 * Throws a {@link RuleError} naming the variable for an unknown converter, bad arguments, or a
 * factory that returns no valid converter. Built-in converters without arguments are made once.
 *
 * @example
 * ```ts
 * makeConverter('/u/<int:id>', variableToken, defaultConverters).weight; // 50
 * ```
 */
export function makeConverter(
  rule: string,
  token: RuleToken & { kind: 'variable' },
  factories: Readonly<Record<string, ConverterFactory>>,
): Converter {
  const factory = Object.hasOwn(factories, token.converter) ? factories[token.converter] : undefined;
  const shareable = token.args === null && factory !== undefined && builtinFactories.has(factory);
  if (shareable) {
    const shared = sharedConverters.get(factory);
    if (shared !== undefined) return shared;
  }
  if (typeof factory !== 'function') {
    const known = Object.keys(factories).sort().join(', ');
    // `<id:int>`: the name where the converter belongs.
    const swapped =
      token.args === null && Object.hasOwn(factories, token.name)
        ? `; did you mean <${token.name}:${token.converter}>?`
        : '';
    throw new RuleError(
      rule,
      `unknown converter '${token.converter}' in ${token.source} (known converters: ${known})${swapped}`,
    );
  }
  let converter: Converter;
  try {
    const { args, kwargs } = token.args === null ? { args: [], kwargs: {} } : parseConverterArgs(token.args);
    converter = factory(args, kwargs);
  } catch (error) {
    throw new RuleError(rule, `bad converter arguments in ${token.source}: ${(error as Error).message}`);
  }
  const problem = converterProblem(converter);
  if (problem !== null) {
    throw new RuleError(rule, `converter '${token.converter}' in ${token.source} ${problem}`);
  }
  if (shareable) sharedConverters.set(factory, Object.freeze(converter));
  return converter;
}

function converterProblem(converter: Converter): string | null {
  if (typeof converter !== 'object' || converter === null) return 'did not return a converter object';
  if (typeof converter.regex !== 'string') return 'has no regex string';
  try {
    compileRegex(converter.regex);
    countGroups(converter.regex);
  } catch (error) {
    return `has an invalid regex /${converter.regex}/: ${(error as Error).message}`;
  }
  if (typeof converter.weight !== 'number' || !Number.isFinite(converter.weight)) {
    return 'has no numeric weight';
  }
  if (typeof converter.toValue !== 'function') return 'has no toValue function';
  if (typeof converter.toUrl !== 'function') return 'has no toUrl function';
  return null;
}
