/**
 * Reading a JSON request body for `request.json`: strict UTF-8, JSON.parse, and a bound on nesting so
 * that a hostile body is a 400 rather than a stack overflow later.
 */
import { HttpError } from './errors.ts';

const jsonDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The deepest nesting `request.json` accepts, as deep as Python's json reads. JSON.parse itself
 * copes with any depth, but JSON.stringify (a view echoing the value, a session saving it) runs
 * out of stack a few thousand levels down: deeper bodies are a 400 rather than that 500.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * A JSON request body, parsed: `{ value }`, or `{ error }` holding the 400 to raise for a body that
 * is not UTF-8, not JSON, or nested deeper than {@link MAX_JSON_DEPTH}. Keys such as `__proto__`
 * stay plain own keys (JSON.parse defines them). Never throws.
 *
 * @example
 * ```ts
 * parseJsonBody(new TextEncoder().encode('{"id": 42}')); // { value: { id: 42 } }
 * ```
 */
export function parseJsonBody(body: Uint8Array): { value: unknown } | { error: HttpError } {
  try {
    const text = jsonDecoder.decode(body);
    // Valid JSON needs two brackets per level: shorter texts cannot be too deep.
    if (text.length > 2 * MAX_JSON_DEPTH && nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      throw new RangeError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    return { value: JSON.parse(text) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { error: new HttpError(400, `Failed to decode JSON object: ${reason}`, { cause }) };
  }
}

/**
 * Whether arrays and objects in JSON text nest deeper than `limit`; brackets inside strings do not
 * count. Text that is not JSON gets an answer too, which JSON.parse then refuses anyway.
 *
 * @example
 * ```ts
 * nestsDeeperThan('[[1]]', 1); // true
 * nestsDeeperThan('["[[["]', 1); // false
 * ```
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip the string: a backslash escapes the next character, so `\"` does not end it.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) i++;
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}
