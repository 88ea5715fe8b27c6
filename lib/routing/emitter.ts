/**
 * The bookkeeping of code generation (emit.ts writes the code): the constants a generated
 * function refers to, fresh variable names, and what all the functions of one compiled matcher
 * share (compile.ts decides where the code is cut into functions).
 */
import type { MatcherState } from './matcher.ts';
import type { Rule } from './rule.ts';

/**
 * A value captured for a variable: the expression that gives it, and the variables it reads (a
 * function of its own receives them as parameters).
 *
 * @example
 * ```ts
 * const id: Capture = { expr: 'p.slice(s3,e3)', vars: ['s3', 'e3'] };
 * ```
 */
export interface Capture {
  readonly expr: string;
  readonly vars: readonly string[];
}

/**
 * How a state is entered: after static text (at the index where it ends), at a segment start, or
 * at a position that may be -1 (every segment consumed).
 *
 * @example
 * ```ts
 * emitEntry(em, child, 'after', 's0+5', []); // the path ends at s0+5, or has a slash there
 * ```
 */
export type Entry = 'after' | 'segment' | 'state';

/**
 * What every emitter of one compiled matcher shares.
 *
 * @example
 * ```ts
 * const context: EmitContext = { viaMap: () => false, isBoundary: () => false, call, ids: 0 };
 * ```
 */
export interface EmitContext {
  /** Whether a rule's match must go through the map (a canonical redirect to check). */
  readonly viaMap: (rule: Rule) => boolean;
  /** Whether a state's code goes in a function of its own. */
  readonly isBoundary: (state: MatcherState) => boolean;
  /** The call of the function of a boundary state (returning undefined when nothing matched). */
  readonly call: (state: MatcherState, entry: Entry, pos: string, captures: readonly Capture[]) => string;
  /** Numbers for variable names, unique across the functions of the matcher. */
  ids: number;
}

/**
 * The constants of one generated function (rules, converters, regexes) and the shared context.
 *
 * @example
 * ```ts
 * const em = new Emitter(context);
 * const code = emitEntry(em, root, 'segment', '1', []);
 * em.declarations(); // 'const k0=K[0],k1=K[1];'
 * ```
 */
export class Emitter {
  readonly constants: unknown[] = [];
  readonly context: EmitContext;
  readonly #names = new Map<unknown, string>();

  constructor(context: EmitContext) {
    this.context = context;
  }

  /** The name of a constant of the generated function. */
  constant(value: unknown): string {
    let name = this.#names.get(value);
    if (name === undefined) {
      name = `k${this.constants.length}`;
      this.constants.push(value);
      this.#names.set(value, name);
    }
    return name;
  }

  /** A fresh number for the variables of one segment or transition. */
  id(): number {
    return this.context.ids++;
  }

  /** `const k0=K[0],…;` for the constants used so far. */
  declarations(): string {
    if (this.constants.length === 0) return '';
    return `const ${this.constants.map((_, index) => `k${index}=K[${index}]`).join(',')};`;
  }
}
