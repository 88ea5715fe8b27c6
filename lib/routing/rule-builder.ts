/**
 * A rule's URL builder: the rule compiled into steps (URL text, pre-quoted, and variables to
 * convert) on first use, then run against the values `urlFor` is given. Werkzeug's
 * `Rule._compile_builder`.
 */
import { type Converter, ValidationError } from './converters.ts';
import type { RuleToken } from './parse.ts';
import { quotePath } from './quote.ts';

/** A builder step: URL text, or a variable to convert. */
export type BuildOp = string | { readonly name: string; readonly converter: Converter };

/** Appends URL text to the builder steps, joining it to the previous text. */
function pushText(ops: BuildOp[], text: string): void {
  const last = ops.length - 1;
  if (typeof ops[last] === 'string') ops[last] += text;
  else ops.push(text);
}

/**
 * The builder steps of a rule's tokens: static text pre-quoted, and a variable with a default
 * resolved to the default's URL text, as Werkzeug's builder does.
 *
 * @example
 * ```ts
 * compileBuildOps(parseRule('/a b/<int:id>'), converters, undefined); // ['/a%20b/', { name: 'id', … }]
 * ```
 */
export function compileBuildOps(
  tokens: readonly RuleToken[],
  converters: ReadonlyMap<string, Converter>,
  defaults: Readonly<Record<string, unknown>> | undefined,
): BuildOp[] {
  const ops: BuildOp[] = [];
  for (const token of tokens) {
    if (token.kind === 'slash') pushText(ops, '/');
    else if (token.kind === 'static') pushText(ops, quotePath(token.text));
    else if (defaults !== undefined && Object.hasOwn(defaults, token.name)) {
      pushText(ops, converters.get(token.name)!.toUrl(defaults[token.name]));
    } else ops.push({ name: token.name, converter: converters.get(token.name)! });
  }
  return ops.slice();
}

/**
 * Runs the builder steps on `values`: the path, or null when a converter's `toUrl` throws a
 * {@link ValidationError} (URL building then tries the next rule). Other errors propagate.
 *
 * @example
 * ```ts
 * buildPath(ops, { id: 5 }); // '/a%20b/5'
 * ```
 */
export function buildPath(ops: readonly BuildOp[], values: Readonly<Record<string, unknown>>): string | null {
  let url = '';
  try {
    for (const op of ops) url += typeof op === 'string' ? op : op.converter.toUrl(values[op.name]);
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
  return url;
}
