/**
 * The matcher: Werkzeug's `StateMachineMatcher` (routing/matcher.py) over path segments, plus a
 * Map of fully static paths in front of it.
 *
 * Each state has static transitions (by segment text) and regex transitions sorted by weight.
 * Matching walks segment by segment, trying the static transition first, then the regex ones in
 * order, backtracking on failure. That order is what makes `/user/me` beat `/user/<name>`
 * whatever the registration order.
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

class State {
  /**
   * Static transitions bucketed by {@link bucketOf} their text. Looking a segment up by its
   * length and first character needs no substring: slicing the segment and hashing the fresh
   * string for a Map<string> cost about twice as much per segment.
   */
  static: Map<number, StaticTransition[]> | null = null;
  /** The transition for an empty segment (a trailing slash), kept apart for the slash checks. */
  branch: State | null = null;
  readonly dynamic: Transition[] = [];
  readonly rules: Rule[] = [];
}

/** `pos` value meaning that every segment has been consumed (Werkzeug's `parts == []`). */
const DONE = -1;
const LONG = 4095;

/** A small integer from a segment's first character and length (capped), a Map key. */
function bucketOf(firstCode: number, length: number): number {
  return firstCode * (LONG + 1) + Math.min(length, LONG);
}

/** Whether path[pos, pos + text.length) equals text, which has the right length and first character. */
function sameText(path: string, pos: number, text: string): boolean {
  for (let index = 1; index < text.length; index++) {
    if (path.charCodeAt(pos + index) !== text.charCodeAt(index)) return false;
  }
  return true;
}

function staticChild(state: State, path: string, pos: number, end: number): State | null {
  if (pos === end) return state.branch;
  const bucket = state.static?.get(bucketOf(path.charCodeAt(pos), end - pos));
  if (bucket === undefined) return null;
  for (let index = 0; index < bucket.length; index++) {
    const transition = bucket[index]!;
    if (transition.text.length === end - pos && sameText(path, pos, transition.text)) return transition.state;
  }
  return null;
}

function addStaticChild(state: State, text: string): State {
  if (text === '') {
    state.branch ??= new State();
    return state.branch;
  }
  const existing = staticChild(state, text, 0, text.length);
  if (existing !== null) return existing;
  const child = new State();
  state.static ??= new Map();
  const key = bucketOf(text.charCodeAt(0), text.length);
  const bucket = state.static.get(key);
  if (bucket === undefined) state.static.set(key, [{ text, state: child }]);
  else bucket.push({ text, state: child });
  return child;
}

function addDynamicChild(state: State, part: RulePart): State {
  const existing = state.dynamic.find((transition) => transition.part.key === part.key);
  if (existing !== undefined) return existing.state;
  const transition = { part, regex: part.regex!, state: new State() };
  state.dynamic.push(transition);
  return transition.state;
}

function sortState(state: State): void {
  state.dynamic.sort((a, b) => compareWeighting(a.part.weight, b.part.weight));
  for (const bucket of state.static?.values() ?? []) for (const { state: child } of bucket) sortState(child);
  if (state.branch !== null) sortState(state.branch);
  for (const transition of state.dynamic) sortState(transition.state);
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
    for (const part of rule.parts) {
      state = part.static ? addStaticChild(state, part.content) : addDynamicChild(state, part);
    }
    state.rules.push(rule);
    if (rule.staticPath !== null) {
      const rules = this.#staticPaths.get(rule.staticPath);
      if (rules === undefined) this.#staticPaths.set(rule.staticPath, [rule]);
      else rules.push(rule);
    }
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
    const rules = this.#staticPaths.get(path);
    if (rules !== undefined) {
      for (const rule of rules) if (rule.allows(method)) return rule;
    }
    return matchFrom(this.#root, path, 1, method, walk);
  }
}
