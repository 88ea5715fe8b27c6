/**
 * A rule as the matcher sees it: one part per path segment, each either literal text or a regex
 * with the converters' captures, plus a weight that orders regex parts (Werkzeug's `RulePart` and
 * `Weighting`). A variable that spans slashes (path) turns the rest of the rule into one part.
 */
import type { Converter } from './converters.ts';
import type { RuleToken } from './parse.ts';
import { compileRegex, countGroups, escapeRegex, isolatesPart } from './regex.ts';

/**
 * Werkzeug's sort key for regex parts, compared element by element (lower is tried first): more
 * static pieces first, then longer static text earlier in the part, then more variables, then
 * lighter converters.
 */
export type Weighting = readonly [
  negativeStaticCount: number,
  staticWeights: readonly (readonly [index: number, negativeLength: number])[],
  negativeArgumentCount: number,
  argumentWeights: readonly number[],
];

/** One step of the matcher. */
export interface RulePart {
  /** True when the part is literal text that matches one segment exactly. */
  readonly static: boolean;
  /** The literal text when static, else the regex source. */
  readonly content: string;
  /** Compiled from `content` (anchored at both ends); null when static. */
  readonly regex: RegExp | null;
  /** True when the part consumes the rest of the path, slashes included. */
  readonly final: boolean;
  /** True when a final part may end with an optional `/` captured by its last group (slash redirects). */
  readonly suffixed: boolean;
  readonly weight: Weighting;
  /** Index in the regex match of each converter's value, in rule order. */
  readonly groups: readonly number[];
  /**
   * How the matcher may skip `exec`: `any` when the part is a lone default-string variable (any
   * non-empty segment matches), `whole` when it is one variable whose value is the whole text
   * (a `test` gives the value without a match array), `exec` otherwise.
   */
  readonly shortcut: 'any' | 'whole' | 'exec';
  /** Equal keys mean the matcher can share one transition between rules. */
  readonly key: string;
}

function compareLists(a: readonly unknown[], b: readonly unknown[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = compareItems(a[index], b[index]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareItems(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b);
  return (a as number) - (b as number);
}

/**
 * Orders two weightings like Python compares tuples; negative when `a` is tried first.
 *
 * @example
 * ```ts
 * compareWeighting([0, [], -1, [50]], [0, [], -1, [100]]) < 0; // true: int before string
 * ```
 */
export function compareWeighting(a: Weighting, b: Weighting): number {
  return compareLists(a, b);
}

type Piece = string | Converter;

/**
 * One copy of each distinct value a part holds (weights, regex sources, keys): the parts of an
 * app's rules mostly repeat a few, and everything a rule keeps is copied by each garbage
 * collection at start-up (with rule-setup.ts, 1,000 rules keep 1.4 MB where they kept 2.7).
 */
const shared = new Map<string, unknown>();

function share<T>(key: string, value: T): T {
  const known = shared.get(key);
  if (known !== undefined) return known as T;
  shared.set(key, value);
  return value;
}

function weighting(staticWeights: Weighting[1], argumentWeights: Weighting[3]): Weighting {
  const weight: Weighting = [-staticWeights.length, staticWeights, -argumentWeights.length, argumentWeights];
  return share(`w:${weightKey(weight)}`, weight);
}

const NO_GROUPS: readonly number[] = Object.freeze([]);

/** Regexes of the default string converter without length limits: any non-empty segment. */
const ANY_SEGMENT: ReadonlySet<string> = new Set(['[^/]+', '[^/]{1,}']);

function shortcutOf(pieces: readonly Piece[], final: boolean, suffixed: boolean): RulePart['shortcut'] {
  const only = pieces.length === 1 ? pieces[0] : undefined;
  if (only === undefined || typeof only === 'string' || suffixed) return 'exec';
  return !final && ANY_SEGMENT.has(only.regex) ? 'any' : 'whole';
}

/** The weight of static parts, which the matcher never compares (only regex parts are sorted). */
const STATIC_WEIGHT: Weighting = Object.freeze([0, Object.freeze([]), 0, Object.freeze([])]) as Weighting;

function staticPart(content: string): RulePart {
  const known = staticParts.get(content);
  if (known !== undefined) return known;
  const part: RulePart = {
    static: true,
    content,
    regex: null,
    final: false,
    suffixed: false,
    weight: STATIC_WEIGHT,
    groups: NO_GROUPS,
    shortcut: 'exec',
    key: `s:${content}`,
  };
  staticParts.set(content, part);
  return part;
}

/** A weighting as key text, cheaper than JSON for the thousands of parts of a large app. */
function weightKey([statics, staticWeights, argumentCount, argumentWeights]: Weighting): string {
  let key = `${statics};`;
  for (const [index, length] of staticWeights) key += `${index},${length};`;
  return `${key}${argumentCount};${argumentWeights.join(',')}`;
}

function makePart(
  rule: string,
  pieces: readonly Piece[],
  weight: Weighting,
  final: boolean,
  suffixed: boolean,
): RulePart {
  let content = '^';
  const groups: number[] = [];
  let group = 1;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      content += escapeRegex(piece);
    } else {
      groups.push(group);
      content += `(${piece.regex})`;
      group += 1 + countGroups(piece.regex);
    }
  }
  content += suffixed ? '(?<!/)(/?)$' : '$';
  content = share(content, content);
  let regex: RegExp;
  try {
    regex = compileRegex(content);
  } catch (error) {
    throw new Error(
      `the converters of '${rule}' combine into an invalid regex /${content}/: ${(error as Error).message}`,
    );
  }
  const key = `d:${final}:${suffixed}:${weightKey(weight)}:${content}`;
  return {
    static: false,
    content,
    regex,
    final,
    suffixed,
    weight,
    groups: share(`g:${groups.join(',')}`, groups),
    shortcut: shortcutOf(pieces, final, suffixed),
    key: share(key, key),
  };
}

/**
 * Cuts a parsed rule (starting with its leading slash) into matcher parts, given the converter of
 * each variable. A rule ending in `/` ends with an empty static part.
 *
 * @example
 * ```ts
 * compileParts('/a/<b>', parseRule('/a/<b>'), converters).map((part) => part.static); // [true, false]
 * ```
 */
export function compileParts(
  rule: string,
  tokens: readonly RuleToken[],
  converters: ReadonlyMap<string, Converter>,
): RulePart[] {
  // Plain loop state rather than closures: under tsx every named closure costs a defineProperty
  // per rule, which showed up as a third of the time of adding 1,000 rules.
  const parts: RulePart[] = [];
  let pieces: Piece[] = [];
  let final = false;
  for (let index = 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === 'static') {
      pieces.push(token.text);
    } else if (token.kind === 'variable') {
      const converter = converters.get(token.name)!;
      if (!(converter.partIsolating ?? isolatesPart(converter.regex))) final = true;
      pieces.push(converter);
    } else if (final) {
      pieces.push('/');
    } else {
      parts.push(partOf(rule, pieces, false, false));
      pieces = [];
    }
  }
  if (final && pieces.at(-1) === '/' && tokens.at(-1)?.kind === 'slash') {
    // `/<path:p>/`: the part matches with or without the slash, and an empty static part after it
    // holds the rule, so a missing slash leads to the slash redirect as for any branch rule.
    parts.push(partOf(rule, pieces.slice(0, -1), true, true));
    parts.push(staticPart(''));
  } else {
    parts.push(partOf(rule, pieces, final, false));
  }
  return parts.slice();
}

/**
 * Parts are immutable and most rules repeat a few (`users`, `<id>`, `<int:id>`): each is made once
 * (by text, or by converter for a variable alone in its part), which also halves what 1,000 rules
 * keep in memory.
 */
const staticParts = new Map<string, RulePart>();
const loneParts = { segment: new WeakMap<Converter, RulePart>(), final: new WeakMap<Converter, RulePart>() };

function partOf(rule: string, pieces: readonly Piece[], final: boolean, suffixed: boolean): RulePart {
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  if (typeof only === 'string') return staticPart(only);
  if (only !== undefined && !suffixed) {
    const cache = final ? loneParts.final : loneParts.segment;
    let part = cache.get(only);
    if (part === undefined) {
      part = makePart(rule, pieces, weightingOf(pieces), final, false);
      cache.set(only, part);
    }
    return part;
  }
  if (pieces.every((piece) => typeof piece === 'string')) return staticPart(pieces.join(''));
  return makePart(rule, pieces, weightingOf(pieces), final, suffixed);
}

/** Werkzeug's weighting of a regex part; the `/` pieces of a final part do not count. */
function weightingOf(pieces: readonly Piece[]): Weighting {
  const staticWeights: [number, number][] = [];
  const argumentWeights: number[] = [];
  for (const piece of pieces) {
    if (typeof piece !== 'string') argumentWeights.push(piece.weight);
    else if (piece !== '/') staticWeights.push([staticWeights.length, -piece.length]);
  }
  return weighting(staticWeights, argumentWeights);
}
