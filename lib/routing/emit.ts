/**
 * Code generation for the compiled matcher (compile.ts): the JavaScript source that walks the
 * matcher's states for one path. The code tries transitions in exactly the order of the walk in
 * matcher.ts (static first, then variables by weight, backtracking): static text is compared in
 * place character by character, the usual converters' regexes become inline checks, and a match
 * builds its params in straight-line code. Wherever the walk would end with something other than a
 * match (a slash redirect, a rule whose defaults redirect), the code returns null.
 *
 * The variables of the generated code: `p` the path, `m` the method, `L` the path's length, `s…`
 * a segment's start, `e…`/`n…` its end and the next segment's start (-1 when none), `k…` constants;
 * and from compile.ts: `VE` ValidationError, `REJ` REJECTED, `dg` isDigits, `P` ParamsObject.
 */
import { rawValue } from './converters.ts';
import type { Capture, Emitter, Entry } from './emitter.ts';
import type { MatcherState } from './matcher.ts';
import type { RulePart } from './parts.ts';
import type { Rule } from './rule.ts';

/**
 * Whether text[start, end) is one or more ASCII digits (`\d+`, as the `u` flag reads it too).
 *
 * @example
 * ```ts
 * isDigits('/u/42', 3, 5); // true
 * ```
 */
export function isDigits(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Inline checks for the regexes of the built-in converters, by anchored part source: `s` is the
 * variable's start, `e` its end (`L` for a part that takes the rest of the path). `dg` is
 * {@link isDigits}.
 */
const INLINE: Readonly<Record<string, (s: string, e: string) => string>> = {
  '^(\\d+)$': (s, e) => `dg(p,${s},${e})`,
  '^(-?\\d+)$': (s, e) => `dg(p,p.charCodeAt(${s})===45?${s}+1:${s},${e})`,
  '^([^/].*?)$': (s) => `${s}<L&&p.charCodeAt(${s})!==47`,
};

function allows(rule: Rule): string {
  let test = '';
  for (const method of rule.methods) test += `${test === '' ? '' : '||'}m===${JSON.stringify(method)}`;
  return test;
}

/** Returns the match of `rule`, its params converted from the captured expressions. */
function emitSuccess(em: Emitter, rule: Rule, captures: readonly Capture[]): string {
  if (em.context.viaMap(rule)) return 'return null;';
  const names = rule.variables;
  if (names.length !== captures.length) throw new Error(`${rule}: ${captures.length} captures`);
  const r = em.constant(rule);
  let assign = '';
  let converts = false;
  for (let index = 0; index < names.length; index++) {
    const converter = rule.converters.get(names[index]!)!;
    const key = `q[${JSON.stringify(names[index])}]`;
    if (converter.toValue === rawValue) {
      assign += `${key}=${captures[index]!.expr};`;
    } else {
      assign += `${key}=${em.constant(converter)}.toValue(${captures[index]!.expr});`;
      converts = true;
    }
  }
  if (converts) assign = `try{${assign}}catch(error){if(error instanceof VE)return REJ;throw error}`;
  const defaults = rule.defaults === undefined ? '' : `Object.assign(q,${r}.defaults);`;
  return `{const q=new P();${assign}${defaults}return{kind:"match",rule:${r},params:q}}`;
}

/**
 * The code of the rules of fully static paths, by path (for the Map in front of the tree).
 *
 * @example
 * ```ts
 * emitRules(em, rules); // 'if(m==="GET"||m==="HEAD"){const q=new P();return{…}}'
 * ```
 */
export function emitRules(em: Emitter, rules: readonly Rule[]): string {
  let code = '';
  for (const rule of rules) code += `if(${allows(rule)})${emitSuccess(em, rule, [])}`;
  return code;
}

/** Werkzeug's `parts == []`: the state's rules, then a branch rule one slash further. */
function emitEnd(em: Emitter, state: MatcherState, captures: readonly Capture[]): string {
  let code = '';
  for (const rule of state.rules) code += `if(${allows(rule)})${emitSuccess(em, rule, captures)}`;
  for (const rule of state.branch?.rules ?? []) {
    // The walk stops at a strict branch rule with SLASH_REQUIRED: the map redirects.
    code += `if(${allows(rule)})${rule.strictSlashes ? 'return null;' : emitSuccess(em, rule, captures)}`;
  }
  return code;
}

/**
 * The code of a state entered at `pos` (see {@link Entry}).
 *
 * @example
 * ```ts
 * emitEntry(em, root, 'segment', '1', []); // 'const s0=1;switch(p.charCodeAt(s0)){…}'
 * ```
 */
export function emitEntry(
  em: Emitter,
  state: MatcherState,
  entry: Entry,
  pos: string,
  captures: readonly Capture[],
): string {
  if (entry === 'segment') return emitSegment(em, state, pos, captures);
  const end = emitEnd(em, state, captures);
  if (pos === '-1') return end;
  if (entry === 'after') {
    // Knowing where the text ends spares an `indexOf`: the path ends there or has a slash.
    const segment = emitSegment(em, state, `${pos}+1`, captures);
    if (segment === '') return end === '' ? '' : `if(${pos}===L){${end}}`;
    const next = `if(p.charCodeAt(${pos})===47){${segment}}`;
    return end === '' ? next : `if(${pos}===L){${end}}else ${next}`;
  }
  const segment = emitSegment(em, state, pos, captures);
  if (segment === '') return end === '' ? '' : `if(${pos}===-1){${end}}`;
  if (end === '') return `if(${pos}!==-1){${segment}}`;
  return `if(${pos}===-1){${end}}else{${segment}}`;
}

/** Enters a child state: inline, or by calling its function when it has one. */
function enter(
  em: Emitter,
  state: MatcherState,
  entry: Entry,
  pos: string,
  captures: readonly Capture[],
): string {
  if (pos !== '-1' && em.context.isBoundary(state)) return em.context.call(state, entry, pos, captures);
  const a = `a${em.id()}`;
  const code = emitEntry(em, state, entry, pos === '-1' ? pos : a, captures);
  return code === '' || pos === '-1' ? code : `{const ${a}=${pos};${code}}`;
}

/** The segment starting at `pos`: static transitions, then variables in order, then lenient slashes. */
function emitSegment(em: Emitter, state: MatcherState, pos: string, captures: readonly Capture[]): string {
  const lenient = state.rules.filter((rule) => !rule.strictSlashes);
  const { branch, staticChildren, dynamic } = state;
  if (branch === null && staticChildren.length === 0 && dynamic.length === 0 && lenient.length === 0) {
    return '';
  }
  const id = em.id();
  const s = `s${id}`;
  let code = `const ${s}=${pos};`;
  // An empty segment (`//` or a trailing slash) takes the branch, as the walk's `pos === end`.
  if (branch !== null) code += emitEntry(em, branch, 'after', s, captures);
  if (staticChildren.length > 0) {
    const next = (child: Child, c: string) => enter(em, child.state, 'after', c, captures);
    code +=
      staticChildren.length > MANY_CHILDREN
        ? emitStaticLookup(em, staticChildren, s, next)
        : emitStatics(staticChildren, s, next);
  }
  if (dynamic.some((transition) => !transition.part.final)) {
    code += `let e${id}=p.indexOf("/",${s}),n${id}=e${id}+1;if(e${id}===-1){e${id}=L;n${id}=-1}`;
  }
  const segment = { s, e: `e${id}`, n: `n${id}` };
  for (const transition of dynamic) {
    code += emitVariable(em, transition.part, transition.regex, transition.state, segment, captures);
  }
  if (lenient.length > 0) {
    // Only an empty segment (a trailing slash) is left: non-strict leaf rules accept it.
    let accept = '';
    for (const rule of lenient) accept += `if(${allows(rule)})${emitSuccess(em, rule, captures)}`;
    code += `if(${s}===L){${accept}}`;
  }
  return code;
}

type Child = MatcherState['staticChildren'][number];

/**
 * Static transitions: a switch on the segment's first character, then each text compared in
 * place, `next(child, c)` running where the text ends at `c`.
 */
function emitStatics(
  children: readonly Child[],
  s: string,
  next: (child: Child, c: string) => string,
): string {
  if (children.length === 1) return emitCompare(children[0]!, s, 0, next);
  const byFirst = new Map<number, Child[]>();
  for (const child of children) {
    const code = child.text.charCodeAt(0);
    const bucket = byFirst.get(code);
    if (bucket === undefined) byFirst.set(code, [child]);
    else bucket.push(child);
  }
  let cases = '';
  for (const [code, bucket] of byFirst) {
    cases += `case ${code}:{`;
    for (const child of bucket) cases += emitCompare(child, s, 1, next);
    cases += 'break}';
  }
  return `switch(p.charCodeAt(${s})){${cases}}`;
}

/**
 * Above this many static transitions, one Map lookup of the segment picks the transition: the
 * code of 100 resources at the root of an app was 24 KB of character comparisons, 2 ms of its
 * start-up to generate and parse.
 */
const MANY_CHILDREN = 32;

/** Static transitions by a Map lookup of the segment's text, then a switch on its number. */
function emitStaticLookup(
  em: Emitter,
  children: readonly Child[],
  s: string,
  next: (child: Child, c: string) => string,
): string {
  const e = `e${em.id()}`;
  const numbers = new Map<string, number>();
  let cases = '';
  for (const child of children) {
    cases += `case ${numbers.size}:{${next(child, e)}break}`;
    numbers.set(child.text, numbers.size);
  }
  return `{let ${e}=p.indexOf("/",${s});if(${e}===-1)${e}=L;switch(${em.constant(numbers)}.get(p.slice(${s},${e}))){${cases}}}`;
}

/** Compares path[s + from, …) with the child's text from `from` on, then goes on with `next`. */
function emitCompare(
  child: Child,
  s: string,
  from: number,
  next: (child: Child, c: string) => string,
): string {
  const text = child.text;
  let test = '';
  for (let index = from; index < text.length; index++) {
    test += `${test === '' ? '' : '&&'}p.charCodeAt(${s}+${index})===${text.charCodeAt(index)}`;
  }
  const body = next(child, `${s}+${text.length}`);
  return test === '' ? body : `if(${test}){${body}}`;
}

interface Segment {
  readonly s: string;
  readonly e: string;
  readonly n: string;
}

/** A regex transition: test (inline where the regex is a known one), capture, then the next state. */
function emitVariable(
  em: Emitter,
  part: RulePart,
  regex: RegExp,
  target: MatcherState,
  { s, e, n }: Segment,
  captures: readonly Capture[],
): string {
  const id = em.id();
  const rest = part.final ? '-1' : n;
  const next = (pos: string, captured: readonly Capture[]) =>
    enter(em, target, 'state', pos, [...captures, ...captured]);
  const text = part.final
    ? { expr: `p.slice(${s})`, vars: [s] }
    : { expr: `p.slice(${s},${e})`, vars: [s, e] };
  if (part.shortcut === 'any') return `if(${e}>${s}){${next(rest, [text])}}`;
  const inline = part.shortcut === 'whole' ? INLINE[part.content] : undefined;
  if (inline !== undefined) return `if(${inline(s, part.final ? 'L' : e)}){${next(rest, [text])}}`;
  const re = em.constant(regex);
  if (part.shortcut === 'whole') {
    const t = `t${id}`;
    return `{const ${t}=${text.expr};if(${re}.test(${t})){${next(rest, [{ expr: t, vars: [t] }])}}}`;
  }
  const x = `x${id}`;
  const groups = part.groups.map((group) => ({ expr: `${x}[${group}]`, vars: [x] }));
  const found = `const ${x}=${re}.exec(${text.expr});if(${x}!==null)`;
  if (!part.suffixed) return `{${found}{${next(rest, groups)}}}`;
  // A suffixed part that swallowed the trailing slash leaves one empty segment, as in the walk.
  const r = `r${id}`;
  return `{${found}{const ${r}=${x}[${x}.length-1]==="/"?L:${rest};${next(r, groups)}}}`;
}
