/**
 * Reads rule syntax, `/user/<int(min=1):id>/posts/<slug>`, into tokens, and says precisely what is
 * wrong with a rule that cannot be read. Converters are looked up later (rule.ts).
 */

/** A piece of a rule: literal text (never containing `/`), a slash, or a variable. */
export type RuleToken =
  | { readonly kind: 'static'; readonly text: string }
  | { readonly kind: 'slash' }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly converter: string;
      /** The text between the converter's parentheses, or null without parentheses. */
      readonly args: string | null;
      /** The variable as written, `<int:id>`, for error messages. */
      readonly source: string;
    };

/**
 * A rule that cannot be registered; the message names the rule and says how to fix it.
 *
 * @example
 * ```ts
 * try { parseRule('user/<id>'); } catch (error) { error instanceof RuleError; } // true
 * ```
 */
export class RuleError extends Error {
  /** The rule as it was given. */
  readonly rule: string;

  constructor(rule: string, reason: string) {
    super(`Invalid URL rule '${rule}': ${reason}`);
    this.name = 'RuleError';
    this.rule = rule;
  }
}

/** Variable names `urlFor` reads itself, which a rule therefore cannot use. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['_anchor', '_external', '_scheme', '_method']);

/** Every slash token is this one: a rule has several, and they carry nothing. */
const SLASH: RuleToken = Object.freeze({ kind: 'slash' });

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE_STOP = /[()<>:/]/g;
const STATIC_STOP = /[/<>]/g;
/** Names already internalized: most rules reuse a few (`id`, `slug`), so each is made once. */
const internalized = new Map<string, string>();

function identifierProblem(kind: string, name: string, source: string): string | null {
  if (name === '') return `${source} has no ${kind}`;
  if (!IDENTIFIER.test(name)) {
    return `${kind} '${name}' in ${source} is not an identifier (use letters, digits and _, not starting with a digit)`;
  }
  return null;
}

/** Index of the `)` closing the arguments that start at `from`, skipping quoted strings; -1 if none. */
function closingParen(rule: string, from: number): number {
  let quote = '';
  for (let at = from; at < rule.length; at++) {
    const char = rule[at];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ')') {
      return at;
    }
  }
  return -1;
}

/** Index of the next character in `()<>:/` at or after `from`, or the rule's length. */
function nextStop(rule: string, from: number): number {
  VARIABLE_STOP.lastIndex = from;
  return VARIABLE_STOP.exec(rule)?.index ?? rule.length;
}

/**
 * Returns the engine's canonical copy of a string. A name sliced out of the rule is a fresh string;
 * used as a property key on every match it would miss V8's inline caches (measured ~10x slower
 * `toParams` for the second rule of a map). Property keys are canonical, so round-trip through one.
 */
function internalize(name: string): string {
  let canonical = internalized.get(name);
  if (canonical === undefined) {
    canonical = Object.keys({ [name]: true })[0]!;
    internalized.set(canonical, canonical);
  }
  return canonical;
}

/** The end of the static text at `from`: the next `/`, `<` or `>`, or the rule's end. */
function staticEnd(rule: string, from: number): number {
  // A native regex scan: a loop over the characters in JS ran ~25 times per rule at start-up.
  STATIC_STOP.lastIndex = from;
  return STATIC_STOP.test(rule) ? STATIC_STOP.lastIndex - 1 : rule.length;
}

interface Variable {
  readonly token: RuleToken & { kind: 'variable' };
  readonly end: number;
}

function fail(rule: string, reason: string): never {
  throw new RuleError(rule, reason);
}

const WELL_FORMED_VARIABLE = /^<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?[A-Za-z_]\w*>$/;

/**
 * The variable a newcomer meant when they wrote it with spaces (`<int id>`, `<int: id>`,
 * `<int(min=1) id>`), or null when respacing does not make a well-formed variable.
 *
 * @example
 * ```ts
 * respelledVariable('<int id>'); // '<int:id>'
 * respelledVariable('<my-id>');  // null
 * ```
 */
export function respelledVariable(source: string): string | null {
  const inner = source
    .slice(1, -1)
    .trim()
    .replace(/\s*:\s*/, ':')
    .replace(/^([A-Za-z_]\w*(?:\([^)]*\))?)\s+(?=[A-Za-z_]\w*$)/, '$1:');
  const respelled = `<${inner}>`;
  return respelled !== source && WELL_FORMED_VARIABLE.test(respelled) ? respelled : null;
}

/** Fails with "did you mean <int:id>?" when respacing the variable at `start` fixes it, else with `reason`. */
function failVariable(rule: string, start: number, reason: string): never {
  const close = rule.indexOf('>', start);
  const respelled = close === -1 ? null : respelledVariable(rule.slice(start, close + 1));
  if (respelled === null) fail(rule, reason);
  fail(
    rule,
    `${rule.slice(start, close + 1)} is not a variable: did you mean ${respelled}? (<converter:name>, no spaces)`,
  );
}

/** Reads `<converter(args):name>` starting at the `<` at `start`. */
function readVariable(rule: string, start: number): Variable {
  const unclosed = `'<' at position ${start} is never closed with '>'`;
  let at = nextStop(rule, start + 1);
  let converter = 'default';
  let args: string | null = null;
  if (rule[at] === '(') {
    converter = rule.slice(start + 1, at);
    const close = closingParen(rule, at + 1);
    if (close === -1) fail(rule, `'(' at position ${at} is never closed with ')'`);
    args = rule.slice(at + 1, close);
    at = close + 1;
    if (rule[at] !== ':') {
      failVariable(
        rule,
        start,
        `expected ':' and a variable name after the converter arguments at position ${at}`,
      );
    }
  } else if (rule[at] === ':') {
    converter = rule.slice(start + 1, at);
  } else {
    at = start;
  }
  const nameStart = at + 1;
  const end = nextStop(rule, nameStart);
  if (end >= rule.length || rule[end] === '/' || rule[end] === '<') fail(rule, unclosed);
  if (rule[end] !== '>') fail(rule, `unexpected '${rule[end]}' at position ${end} inside a variable`);
  const source = rule.slice(start, end + 1);
  const name = rule.slice(nameStart, end);
  const problem =
    (converter === 'default' && args === null
      ? null
      : identifierProblem('converter name', converter, source)) ??
    identifierProblem('variable name', name, source);
  if (problem !== null) failVariable(rule, start, problem);
  if (RESERVED_NAMES.has(name)) {
    fail(rule, `variable name '${name}' is reserved for urlFor options; choose another name`);
  }
  return { token: { kind: 'variable', name: internalize(name), converter, args, source }, end: end + 1 };
}

/**
 * Splits a rule into static text, slashes and variables. Throws a {@link RuleError} when the rule
 * does not start with `/`, a `<` or `(` is never closed, a `>` has no `<`, a name is not an
 * identifier, or a variable name is used twice.
 *
 * @example
 * ```ts
 * parseRule('/u/<int:id>'); // [slash, static 'u', slash, variable id (int)]
 * ```
 */
export function parseRule(rule: string): RuleToken[] {
  if (typeof rule !== 'string' || !rule.startsWith('/')) {
    throw new RuleError(String(rule), `it must start with a slash (did you mean '/${String(rule)}'?)`);
  }
  const tokens: RuleToken[] = [];
  let at = 0;
  while (at < rule.length) {
    const char = rule[at];
    if (char === '/') {
      tokens.push(SLASH);
      at += 1;
    } else if (char === '<') {
      const { token, end } = readVariable(rule, at);
      if (tokens.some((other) => other.kind === 'variable' && other.name === token.name)) {
        throw new RuleError(rule, `variable name '${token.name}' is used twice`);
      }
      tokens.push(token);
      at = end;
    } else if (char === '>') {
      throw new RuleError(rule, `'>' at position ${at} has no opening '<'`);
    } else {
      const end = staticEnd(rule, at + 1);
      tokens.push({ kind: 'static', text: rule.slice(at, end) });
      at = end;
    }
  }
  return tokens;
}
