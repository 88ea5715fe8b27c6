/**
 * The matcher: Werkzeug's `StateMachineMatcher` (routing/matcher.py) over path segments, plus a
 * Map of fully static paths in front of it.
 *
 * Each state has static transitions (by segment text) and regex transitions sorted by weight.
 * Matching walks segment by segment, trying the static transition first, then the regex ones in
 * order, backtracking on failure. That order is what makes `/user/me` beat `/user/<name>`
 * whatever the registration order.
 *
 * compile.ts turns these states into generated code that answers the paths that match; this walk
 * is the reference it follows, and decides the rest (redirects, 404s, 405s, OPTIONS).
 */
import { compareWeighting, type RulePart } from './parts.ts';
import type { Rule } from './rule.ts';

/** Returned instead of a rule when the path only matches with a trailing slash added. */
export const SLASH_REQUIRED: unique symbol = Symbol('slash required');

/** What one walk collects besides its result. */
export interface Walk {
  /** Texts captured by regex parts, in rule order; reset between walks. */
  readonly values: string[];
  /** Methods of rules whose path matched but whose methods did not; null until one is seen. */
  allowed: Set<string> | null;
}

interface Transition {
  readonly part: RulePart;
  readonly regex: RegExp;
  readonly state: State;
}

interface StaticTransition {
  readonly text: string;
  readonly state: State;
}

/**
 * A state of the matcher as the code generator (compile.ts) reads it: the same data the walk
 * below uses, transitions in the order the walk tries them once `sort()` has run.
 *
 * @example
 * ```ts
 * matcher.root().staticChildren.map((child) => child.text); // ['user', 'static']
 * ```
 */
export interface MatcherState {
  readonly staticChildren: readonly { readonly text: string; readonly state: MatcherState }[];
  readonly branch: MatcherState | null;
  readonly dynamic: readonly {
    readonly part: RulePart;
    readonly regex: RegExp;
    readonly state: MatcherState;
  }[];
  readonly rules: readonly Rule[];
}

class State implements MatcherState {
  /**
   * Static transitions by segment text. (The compiled matcher takes matching paths; this walk runs
   * for the others, so it slices each segment for a plain Map lookup.)
   */
  static: Map<string, State> | null = null;
  /** The transitions of {@link static}, in a flat list for sorting and code generation. */
  staticChildren: StaticTransition[] = [];
  /** The transition for an empty segment (a trailing slash), kept apart for the slash checks. */
  branch: State | null = null;
  dynamic: Transition[] = [];
  rules: Rule[] = [];
}

/**
 * Appends to a list, starting it as a one-item literal: a first `push` gives an empty array 16
 * spare slots, ~0.3 MB over the states of 1,000 rules, all copied by each scavenge at start-up.
 */
function append<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** `pos` value meaning that every segment has been consumed (Werkzeug's `parts == []`). */
const DONE = -1;

function staticChild(state: State, path: string, pos: number, end: number): State | null {
  if (pos === end) return state.branch;
  if (state.static === null) return null;
  return state.static.get(path.slice(pos, end)) ?? null;
}

// Registration runs once, in a cold process, mostly in V8's interpreter: the loops below are
// indexed and make no closures, which is what interpreted code runs fastest.

function addStaticChild(state: State, text: string): State {
  if (text === '') {
    state.branch ??= new State();
    return state.branch;
  }
  state.static ??= new Map();
  const existing = state.static.get(text);
  if (existing !== undefined) return existing;
  const child = new State();
  state.static.set(text, child);
  state.staticChildren = append(state.staticChildren, { text, state: child });
  return child;
}

function addDynamicChild(state: State, part: RulePart): State {
  const dynamic = state.dynamic;
  for (let index = 0; index < dynamic.length; index++) {
    if (dynamic[index]!.part.key === part.key) return dynamic[index]!.state;
  }
  const transition = { part, regex: part.regex!, state: new State() };
  state.dynamic = append(dynamic, transition);
  return transition.state;
}

function byWeight(a: Transition, b: Transition): number {
  return compareWeighting(a.part.weight, b.part.weight);
}

function sortState(state: State): void {
  const dynamic = state.dynamic;
  if (dynamic.length > 1) dynamic.sort(byWeight);
  const children = state.staticChildren;
  for (let index = 0; index < children.length; index++) sortState(children[index]!.state);
  if (state.branch !== null) sortState(state.branch);
  for (let index = 0; index < dynamic.length; index++) sortState(dynamic[index]!.state);
}

function noteMethods(walk: Walk, rule: Rule): void {
  walk.allowed ??= new Set();
  for (const method of rule.methods) walk.allowed.add(method);
  if (rule.automaticOptions) walk.allowed.add('OPTIONS');
}

/** Werkzeug's `parts == []`: the rules here, else a strict branch rule one slash further. */
function matchEnd(state: State, method: string, walk: Walk): Rule | typeof SLASH_REQUIRED | null {
  for (const rule of state.rules) {
    if (rule.allows(method)) return rule;
    noteMethods(walk, rule);
  }
  for (const rule of state.branch?.rules ?? []) {
    if (rule.allows(method)) return rule.strictSlashes ? SLASH_REQUIRED : rule;
  }
  return null;
}

/** Matches the segments of `path` from index `pos` (just after a slash) against `state`. */
function matchFrom(
  state: State,
  path: string,
  pos: number,
  method: string,
  walk: Walk,
): Rule | typeof SLASH_REQUIRED | null {
  if (pos === DONE) return matchEnd(state, method, walk);
  const slash = path.indexOf('/', pos);
  const end = slash === -1 ? path.length : slash;
  const next = slash === -1 ? DONE : slash + 1;
  const child = staticChild(state, path, pos, end);
  if (child !== null) {
    const found = matchFrom(child, path, next, method, walk);
    if (found !== null) return found;
  }
  const dynamic = state.dynamic;
  let segment: string | null = null;
  for (let index = 0; index < dynamic.length; index++) {
    const { part, regex, state: target } = dynamic[index]!;
    let text: string;
    if (part.final) {
      text = path.slice(pos);
    } else {
      segment ??= path.slice(pos, end);
      text = segment;
    }
    const mark = walk.values.length;
    let remaining = part.final ? DONE : next;
    // Most variables are alone in their segment: their value is the whole text, so a `test` (or
    // no regex at all for a plain `<name>`) replaces `exec` and its match array.
    if (part.shortcut === 'any') {
      if (text === '') continue;
      walk.values.push(text);
    } else if (part.shortcut === 'whole') {
      if (!regex.test(text)) continue;
      walk.values.push(text);
    } else {
      const match = regex.exec(text);
      if (match === null) continue;
      // A suffixed part that swallowed the trailing slash leaves one empty segment for the
      // rule's final empty static part, as Werkzeug's `remaining = [""]`.
      if (part.suffixed && match[match.length - 1] === '/') remaining = path.length;
      const groups = part.groups;
      for (let group = 0; group < groups.length; group++) walk.values.push(match[groups[group]!]!);
    }
    const found = matchFrom(target, path, remaining, method, walk);
    if (found !== null) return found;
    walk.values.length = mark;
  }
  if (pos === path.length) {
    // Only an empty segment (a trailing slash) is left: non-strict leaf rules accept it.
    for (const rule of state.rules) {
      if (rule.strictSlashes) continue;
      if (rule.allows(method)) return rule;
      noteMethods(walk, rule);
    }
  }
  return null;
}

/**
 * Compiled routes. Add every rule, call `sort()`, then `find()` as often as needed.
 *
 * @example
 * ```ts
 * const matcher = new Matcher();
 * matcher.add(new Rule('/u/<int:id>', { endpoint: 'u' }));
 * matcher.sort();
 * const walk = { values: [], allowed: null };
 * matcher.find('/u/5', 'GET', walk); // the rule; walk.values is ['5']
 * ```
 */
export class Matcher {
  readonly #root = new State();
  // Static rules are also in the tree (for slash redirects and 405s); this Map answers the
  // common case, an exact static path with an allowed method, in one lookup.
  readonly #staticPaths = new Map<string, Rule[]>();

  /** Adds a rule; rules at the same place keep registration order. */
  add(rule: Rule): void {
    let state = this.#root;
    const parts = rule.parts;
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index]!;
      state = part.static ? addStaticChild(state, part.content) : addDynamicChild(state, part);
    }
    state.rules = append(state.rules, rule);
    if (rule.staticPath !== null) {
      const rules = this.#staticPaths.get(rule.staticPath);
      if (rules === undefined) this.#staticPaths.set(rule.staticPath, [rule]);
      else rules.push(rule);
    }
  }

  /** The start state, for the code generator. */
  root(): MatcherState {
    return this.#root;
  }

  /** The rules without variables, by path (what {@link findStatic} looks up). */
  staticRules(): ReadonlyMap<string, readonly Rule[]> {
    return this.#staticPaths;
  }

  /** Orders every state's regex transitions by weight; ties keep registration order (stable sort). */
  sort(): void {
    sortState(this.#root);
  }

  /**
   * Finds the rule for a decoded path that starts with `/`. Returns {@link SLASH_REQUIRED} when a
   * strict branch rule matches with a slash appended, null when nothing matches (then
   * `walk.allowed` holds the methods the path would accept).
   */
  find(path: string, method: string, walk: Walk): Rule | typeof SLASH_REQUIRED | null {
    return this.findStatic(path, method) ?? this.findInTree(path, method, walk);
  }

  /** The static rule for exactly this path that allows the method, or null: one Map lookup. */
  findStatic(path: string, method: string): Rule | null {
    const rules = this.#staticPaths.get(path);
    if (rules !== undefined) {
      for (let index = 0; index < rules.length; index++) {
        if (rules[index]!.allows(method)) return rules[index]!;
      }
    }
    return null;
  }

  /** {@link find} without the static lookup first: the segment-by-segment walk alone. */
  findInTree(path: string, method: string, walk: Walk): Rule | typeof SLASH_REQUIRED | null {
    return matchFrom(this.#root, path, 1, method, walk);
  }
}
