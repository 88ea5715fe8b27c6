/**
 * The compiled matcher: JavaScript functions generated from the matcher's states (as rou3's
 * compiler and find-my-way do; the code itself is emit.ts), for the common case, a path that
 * matches a rule allowing the method. Anything else (a redirect, a 404 or 405, OPTIONS) gives
 * null, and the map runs the walk of matcher.ts, which decides as before.
 *
 * The code is cut into functions of bounded size, and each is generated the first time it runs:
 * an app with 1,000 routes compiles the root dispatch at start-up and the code of `/users/…` when
 * the first request for it arrives (~0.5 ms in a cold process), rather than 300 KB of source up
 * front (~25 ms, more than registering the routes).
 */
import { ValidationError } from './converters.ts';
import { emitEntry, emitRules, isDigits } from './emit.ts';
import { type Capture, type EmitContext, Emitter, type Entry } from './emitter.ts';
import type { MatchResult } from './map.ts';
import type { MatcherState } from './matcher.ts';
import { ParamsObject, type Rule } from './rule.ts';

/**
 * Returned when a converter rejected the value of the rule the path matched: a 404 or a 405.
 *
 * @example
 * ```ts
 * if (match('/page/9', 'GET') === REJECTED) walkForAllowedMethods();
 * ```
 */
export const REJECTED: unique symbol = Symbol('rejected');

/**
 * A compiled matcher: the match for a path starting with one slash and an upper-case method,
 * {@link REJECTED}, or null when the walk must decide (no match, a redirect, OPTIONS).
 *
 * @example
 * ```ts
 * const match: CompiledMatch = compileMatch(matcher, () => false);
 * ```
 */
export type CompiledMatch = (path: string, method: string) => MatchResult | typeof REJECTED | null;

/**
 * The matcher's parts the compiler reads.
 *
 * @example
 * ```ts
 * const source: CompileSource = matcher; // a sorted Matcher
 * ```
 */
export interface CompileSource {
  /** The start state, transitions sorted. */
  root(): MatcherState;
  /** The rules without variables, by path. */
  staticRules(): ReadonlyMap<string, readonly Rule[]>;
}

/**
 * The size of one generated function, in transitions and rules (~100 characters of source each).
 * V8 never optimizes a function of more than 60 KB of bytecode: one function for the 200-route set
 * ran interpreted at 330 ns per match; cut, it takes ~60. Larger functions save calls: 60 units
 * matched ~5% faster than 20.
 */
const FUNCTION_SIZE = 60;

/**
 * Picks the states whose code goes in a function of its own: wherever a state's code with its
 * children inline would exceed {@link FUNCTION_SIZE}, its largest children get functions.
 */
function planFunctions(root: MatcherState, functionSize: number): Set<MatcherState> {
  const boundaries = new Set<MatcherState>();
  const sizeOf = (state: MatcherState): number => {
    let size = 1 + state.rules.length + (state.branch === null ? 0 : sizeOf(state.branch));
    const { staticChildren, dynamic } = state;
    if (staticChildren.length + dynamic.length === 0) return size;
    const children: MatcherState[] = [];
    for (const child of staticChildren) children.push(child.state);
    for (const transition of dynamic) children.push(transition.state);
    const sizes: number[] = [];
    for (const child of children) {
      sizes.push(1 + sizeOf(child));
      size += sizes[sizes.length - 1]!;
    }
    if (size <= functionSize) return size;
    const largestFirst = children.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]!);
    for (const index of largestFirst) {
      if (size <= functionSize) break;
      boundaries.add(children[index]!);
      size -= sizes[index]! - 1;
    }
    return size;
  };
  sizeOf(root);
  return boundaries;
}

/** A function of the compiled matcher: where it starts, and its parameters. */
interface Part {
  readonly state: MatcherState;
  readonly entry: Entry;
  readonly captures: readonly Capture[];
  /** The parameter holding the position where the state is entered. */
  readonly at: string;
  /** `p,m,L`, {@link at}, and the variables the captures read. */
  readonly params: string;
}

/** Makes the generated functions, each on its first call, in `table` (`F` in the generated code). */
class Compiler {
  readonly table: ((...args: unknown[]) => unknown)[] = [];
  readonly context: EmitContext;
  readonly #parts: Part[] = [];

  constructor(matcher: CompileSource, viaMap: (rule: Rule) => boolean, functionSize: number) {
    const boundaries = planFunctions(matcher.root(), functionSize);
    this.context = {
      viaMap,
      isBoundary: (state) => boundaries.has(state),
      call: (state, entry, pos, captures) => this.#call(state, entry, pos, captures),
      ids: 0,
    };
  }

  #call(state: MatcherState, entry: Entry, pos: string, captures: readonly Capture[]): string {
    const index = this.table.length;
    const vars = [...new Set(captures.flatMap((capture) => capture.vars))];
    const a = `a${this.context.ids++}`;
    this.#parts.push({ state, entry, captures, at: a, params: ['p', 'm', 'L', a, ...vars].join(',') });
    this.table.push((...args) => {
      const compiled = this.#function(index);
      this.table[index] = compiled;
      return compiled(...args);
    });
    return `{const x=F[${index}](${['p', 'm', 'L', pos, ...vars].join(',')});if(x!==undefined)return x}`;
  }

  /** The source of function `index` of the table. */
  source(index: number, em = new Emitter(this.context)): string {
    const { state, entry, captures, at, params } = this.#parts[index]!;
    return `function f${index}(${params}){${emitEntry(em, state, entry, at, captures)}}`;
  }

  #function(index: number): (...args: unknown[]) => unknown {
    const em = new Emitter(this.context);
    const code = this.source(index, em);
    return this.make(em, `return ${code}`);
  }

  /** Evaluates generated source with the names it may use. */
  make<T>(em: Emitter, source: string): T {
    const make = new Function('K', 'F', 'VE', 'REJ', 'dg', 'P', `${em.declarations()}${source}`);
    return make(em.constants, this.table, ValidationError, REJECTED, isDigits, ParamsObject);
  }
}

/** From this length on, a static path is looked up whole in a Map before the tree is walked. */
const LONG_STATIC = 16;

/**
 * Long static paths: one Map lookup gives the path's number, and a switch on it the code of its
 * rules. Comparing `/very/deeply/nested/route/hello/there` in place took 53 ns, the lookup ~10
 * (a path's hash is computed once per string). Shorter ones are cheaper to compare in the tree,
 * and the lookup is only made for the lengths of long static paths, as a miss costs those 10 ns.
 */
function emitLongStatics(em: Emitter, statics: ReadonlyMap<string, readonly Rule[]>): string {
  let cases = '';
  const numbers = new Map<string, number>();
  const lengths = new Set<number>();
  for (const [path, rules] of statics) {
    if (path.length < LONG_STATIC) continue;
    cases += `case ${numbers.size}:{${emitRules(em, rules)}break}`;
    numbers.set(path, numbers.size);
    lengths.add(path.length);
  }
  if (numbers.size === 0) return '';
  let gate = '';
  for (const length of lengths) gate += `case ${length}:`;
  return `switch(p.length){${gate}{switch(${em.constant(numbers)}.get(p)){${cases}}}}`;
}

/** The main function's source: OPTIONS, long static paths, then the root of the tree. */
function mainSource(em: Emitter, matcher: CompileSource): string {
  const statics = emitLongStatics(em, matcher.staticRules());
  const tree = emitEntry(em, matcher.root(), 'segment', '1', []);
  return `function compiledMatch(p,m){if(m==="OPTIONS")return null;${statics}const L=p.length;${tree}return null}`;
}

/**
 * Generates the matcher of a sorted tree. `viaMap(rule)` marks rules whose matches the map must
 * finish itself (defaults that redirect): the compiled matcher returns null for them.
 * `functionSize` bounds each generated function (tests make it small to cut the code everywhere).
 * Where code generation is disallowed, the result always gives null (the walk decides).
 *
 * @example
 * ```ts
 * const match = compileMatch(matcher, () => false);
 * match('/user/5', 'GET'); // { kind: 'match', rule, params: { id: 5 } }
 * ```
 */
export function compileMatch(
  matcher: CompileSource,
  viaMap: (rule: Rule) => boolean,
  functionSize = FUNCTION_SIZE,
): CompiledMatch {
  const compiler = new Compiler(matcher, viaMap, functionSize);
  const em = new Emitter(compiler.context);
  try {
    return compiler.make(em, `return ${mainSource(em, matcher)}`);
  } catch (error) {
    // `node --disallow-code-generation-from-strings` refuses `new Function`: the walk does it all.
    if (error instanceof EvalError) return walkOnly;
    throw error;
  }
}

/** The compiled matcher where code cannot be generated: every path goes to the walk. */
function walkOnly(): null {
  return null;
}

/**
 * The source the compiler generates for a rule set, every function included, to read it.
 *
 * @example
 * ```ts
 * compiledSource(matcher); // 'function compiledMatch(p,m){…}function f0(p,m,L,a7){…}'
 * ```
 */
export function compiledSource(matcher: CompileSource, functionSize = FUNCTION_SIZE): string {
  const compiler = new Compiler(matcher, () => false, functionSize);
  let source = mainSource(new Emitter(compiler.context), matcher);
  for (let index = 0; index < compiler.table.length; index++) source += compiler.source(index);
  return source;
}
