/**
 * The hand-off between the `phial` command (lib/cli) and an `app.run()` (lib/server) that the app's
 * own module calls, as the quick start's `server.ts` does (`await app.run()`). While `phial run`
 * loads the module, the first `app.run()` takes the command line's settings (`--port`, `--host`,
 * `--debug`…), which win over the module's, and the command does not start a second server. While
 * `phial routes` loads it, that `app.run()` hands over its app and serves nothing (Flask ignores
 * `app.run()` under its CLI).
 *
 * It sits in the core because doors never import each other, and knows nothing of the options it
 * carries. The offer is a slot on `globalThis` under a registered symbol, so that the command and
 * an app built with another copy of Phial (a linked package) still meet.
 */
import type { App } from './app.ts';

/**
 * What the command offers the first `app.run()` of the module it loads.
 *
 * @example
 * ```ts
 * offerLaunch({ command: 'run', options: { port: 5111 }, onRun: (app) => console.log(app) });
 * ```
 */
export interface Launch<O extends object = object> {
  /** `run` serves the app with `options`; `routes` only wants the app, so nothing is served. */
  readonly command: 'run' | 'routes';
  /** The command line's settings (`RunOptions`): they win over the ones the module passes to `app.run()`. */
  readonly options: O;
  /** Told which app the module runs, when it calls `app.run()`. */
  onRun(app: App<any>): void;
}

const SLOT = Symbol.for('phial.launch');

type Slotted = { [SLOT]?: Launch | undefined };

/**
 * Offers the command's settings to the next `app.run()` in this process.
 *
 * @example
 * ```ts
 * offerLaunch({ command: 'routes', options: {}, onRun: (app) => print(app) });
 * ```
 */
export function offerLaunch<O extends object>(launch: Launch<O>): void {
  (globalThis as Slotted)[SLOT] = launch;
}

/**
 * Withdraws an offer nobody took (the module did not call `app.run()`).
 *
 * @example
 * ```ts
 * try { await import(file); } finally { withdrawLaunch(); }
 * ```
 */
export function withdrawLaunch(): void {
  delete (globalThis as Slotted)[SLOT];
}

/**
 * Takes the offer, if there is one: only the first `app.run()` of the module gets it.
 *
 * @example
 * ```ts
 * const launch = takeLaunch(); // undefined outside the phial command
 * ```
 */
export function takeLaunch(): Launch | undefined {
  const launch = (globalThis as Slotted)[SLOT];
  withdrawLaunch();
  return launch;
}

/**
 * The options an `app.run()` serves with: the command line's over the module's when the command
 * offered them, `options` as they are otherwise; null under `phial routes`, which wants the app
 * and no server.
 *
 * @example
 * ```ts
 * launchOptions(app, { port: 8000 }); // { port: 5111 } under `phial run --port 5111`
 * ```
 */
export function launchOptions<O extends object>(app: App<any>, options: O): O | null {
  const launch = takeLaunch();
  if (launch === undefined) return options;
  launch.onRun(app);
  if (launch.command === 'routes') return null;
  const merged: O = { ...options };
  for (const [name, value] of Object.entries(launch.options)) {
    if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  return merged;
}
