/**
 * Compile-time assertions for the `*.types.ts` files, which `tsc --noEmit` checks and nothing runs.
 * A failed assertion is a type error; a `@ts-expect-error` line that compiles is one too (TS2578).
 */

/**
 * `true` when A and B are the same type (not merely assignable either way; `any` equals only `any`).
 *
 * @example
 * ```ts
 * expectType<Equal<RuleParams<'/<int:id>'>, { id: number }>>();
 * ```
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Compiles only when given `true`: `expectType<Equal<typeof value, number>>()`.
 *
 * @example
 * ```ts
 * expectType<Equal<typeof params.id, number>>();
 * ```
 */
export function expectType<_Check extends true>(): void {}
