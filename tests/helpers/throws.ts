/** An assertion for errors that must be TypeErrors with a given message. */
import * as assert from 'uvu/assert';

/**
 * Asserts that `run` throws a TypeError whose message matches `pattern` and, when `secret` is
 * given, does not contain it (error messages must not echo the values they reject).
 *
 * @example
 * ```ts
 * throwsTypeError(() => serializeCookie('a b', 'x'), /not a token/);
 * ```
 */
export function throwsTypeError(run: () => unknown, pattern: RegExp, secret?: string): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, pattern);
    if (secret !== undefined)
      assert.not.ok((error as Error).message.includes(secret), 'message echoes the value');
    return;
  }
  assert.unreachable('expected a TypeError');
}
