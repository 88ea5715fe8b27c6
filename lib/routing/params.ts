/**
 * Types only: reads a rule string at compile time, the way parse.ts reads it at run time, so that
 * `app.get('/user/<int:id>')(({ params }) => …)` gives `params.id: number`. Nothing here exists
 * at run time; a rule the types cannot read (a plain `string`) gives `Record<string, any>`.
 */

/**
 * The value each built-in converter gives a view. `any` is not listed: its value is the union of
 * the items written in the rule (`<any(tea, coffee):drink>` gives `'tea' | 'coffee'`).
 *
 * @example
 * ```ts
 * const id: BuiltinConverterTypes['int'] = 5;
 * ```
 */
export interface BuiltinConverterTypes {
  default: string;
  string: string;
  path: string;
  uuid: string;
  int: number;
  float: number;
}

/**
 * No custom converters: the default of every `Converters` type parameter.
 *
 * @example
 * ```ts
 * const app = new App<SessionData, NoConverters>(); // the same as new App()
 * ```
 */
// biome-ignore lint/complexity/noBannedTypes: the empty object type is the neutral element of `&`.
export type NoConverters = {};

/** Reads the text between `<` and `>`: `any(a, b):x`, `int:id` or `slug` (the default converter). */
type ReadVariable<Inner extends string> = Inner extends `${infer Converter}(${infer Args}):${infer Name}`
  ? { name: Name; converter: Converter; args: Args }
  : Inner extends `${infer Converter}:${infer Name}`
    ? { name: Name; converter: Converter; args: '' }
    : { name: Inner; converter: 'default'; args: '' };

/** Every variable of a rule, as a union of `{ name, converter, args }`. */
type RuleVariables<Rule extends string> = Rule extends `${string}<${infer Inner}>${infer Rest}`
  ? ReadVariable<Inner> | RuleVariables<Rest>
  : never;

type Trim<Text extends string> = Text extends ` ${infer Rest}`
  ? Trim<Rest>
  : Text extends `${infer Rest} `
    ? Trim<Rest>
    : Text;

/** A bare item of `any(…)` as the converter turns it into a string (`True` → `'true'`). */
type BareItem<Word extends string> = Word extends ''
  ? never
  : Word extends 'True'
    ? 'true'
    : Word extends 'False'
      ? 'false'
      : Word extends 'None'
        ? 'null'
        : Word;

/** What follows a quoted item: nothing, or a comma and more items. */
type ItemsAfterQuote<Rest extends string> = Rest extends `${string},${infer More}` ? AnyItems<More> : never;

/** The items of `any(a, 'b c', "d")` as a union of string literals. */
type AnyItems<Args extends string> = string extends Args
  ? string
  : Trim<Args> extends `'${infer Quoted}'${infer Rest}`
    ? Quoted | ItemsAfterQuote<Rest>
    : Trim<Args> extends `"${infer Quoted}"${infer Rest}`
      ? Quoted | ItemsAfterQuote<Rest>
      : Trim<Args> extends `${infer Word},${infer More}`
        ? BareItem<Trim<Word>> | AnyItems<More>
        : BareItem<Trim<Args>>;

/**
 * The value a converter gives: a declared custom type first (so a custom `int` replaces the
 * built-in one), then `any`'s items, then the built-ins; `unknown` for a converter nobody declared.
 */
type ConverterValue<Name extends string, Args extends string, Converters> = Name extends keyof Converters
  ? Converters[Name]
  : Name extends 'any'
    ? AnyItems<Args>
    : Name extends keyof BuiltinConverterTypes
      ? BuiltinConverterTypes[Name]
      : unknown;

/**
 * The `params` a rule gives its view: one property per variable, typed by its converter.
 * `Converters` declares the value types of custom converters, by converter name. A rule that is
 * not a literal type (a `string` built at run time) gives `Record<string, any>`; a union of rules
 * gives the union of their params.
 *
 * @example
 * ```ts
 * type P = RuleParams<'/user/<int:id>/<any(posts, likes):tab>/<path:rest>'>;
 * // { id: number; tab: 'posts' | 'likes'; rest: string }
 * type Q = RuleParams<'/tags/<list:tags>', { list: string[] }>; // { tags: string[] }
 * ```
 */
export type RuleParams<Rule extends string, Converters = NoConverters> = Rule extends unknown
  ? string extends Rule
    ? Record<string, any>
    : {
        [V in RuleVariables<Rule> as V['name']]: string extends V['name']
          ? any
          : ConverterValue<V['converter'], V['args'], Converters>;
      }
  : never;

/**
 * The `params` of a route: the rule's variables, plus the `defaults` of the route for names the
 * rule does not have (defaults reach the view in `params` too).
 *
 * @example
 * ```ts
 * type P = RouteParams<'/all/', NoConverters, { page: number }>; // { page: number }
 * ```
 */
export type RouteParams<Rule extends string, Converters = NoConverters, Defaults = Record<never, never>> =
  // Written out (not through a helper alias) so that editors and errors show `{ id: number }`.
  RuleParams<Rule, Converters> extends infer Params
    ? Params extends unknown
      ? { [K in keyof (Params & Omit<Defaults, keyof Params>)]: (Params & Omit<Defaults, keyof Params>)[K] }
      : never
    : never;
