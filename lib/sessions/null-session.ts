/**
 * The session a request gets when sessions are unavailable (no secret key): it reads as empty
 * and every write fails with Flask's message, so the mistake is found at the first write.
 */
import { Session } from './session.ts';

/** Flask's message when a session is written without a secret key, naming Phial's `app.secretKey`. */
export const NO_SECRET_KEY_MESSAGE =
  'The session is unavailable because no secret key was set. Set app.secretKey on the application ' +
  "to something unique and secret (app.secretKey = process.env.SECRET_KEY; Flask's secret_key).";

function fail(): never {
  throw new Error(NO_SECRET_KEY_MESSAGE);
}

/**
 * An empty, read-only session.
 *
 * @example
 * ```ts
 * new NullSession().get('username'); // undefined
 * new NullSession().set('username', 'x'); // throws: no secret key was set
 * ```
 */
export class NullSession extends Session<Record<string, any>> {
  override set(..._args: unknown[]): this {
    return fail();
  }

  override delete(..._args: unknown[]): boolean {
    return fail();
  }

  override pop(..._args: unknown[]): never {
    return fail();
  }

  override clear(..._args: unknown[]): void {
    fail();
  }

  override setDefault(..._args: unknown[]): never {
    return fail();
  }

  override update(..._args: unknown[]): void {
    fail();
  }

  override get permanent(): boolean {
    return false;
  }

  override set permanent(_value: boolean) {
    fail();
  }
}
