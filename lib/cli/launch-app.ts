/**
 * Loading the app for a command when its module may start the server itself. The quick start's
 * `server.ts` ends with `await app.run()`; `phial run server.ts --port 5111` must serve that app
 * once, on 5111, and `phial routes server.ts` must list its routes without serving. The command
 * offers its settings to the module's `app.run()` (lib/launch.ts) while it imports the
 * module, then looks for the app only if nothing ran.
 */
import type { App } from '../app.ts';
import { offerLaunch, withdrawLaunch } from '../launch.ts';
import { appFromModule, importAppModule } from './load-app.ts';

/**
 * The options of `app.run()`, read from the app's type: the command builds them without importing
 * the server, another door.
 *
 * @example
 * ```ts
 * const options: RunOptions = { port: 5111, accessLog: 'json' };
 * ```
 */
export type RunOptions = NonNullable<Parameters<App<any>['run']>[0]>;

/**
 * The app a command found, and whether the module already serves it.
 *
 * @example
 * ```ts
 * const { app, served } = await launchApp('server.ts', 'run', { port: 5111 });
 * if (!served) await app.run({ port: 5111 });
 * ```
 */
export interface LaunchedApp {
  app: App<any>;
  /** True when the module called `app.run()` itself (with the command's settings, under `run`). */
  served: boolean;
}

type Loaded = { module: Record<string, unknown> } | { ran: App<any> };

/**
 * Imports the module a spec names with the command's settings on offer to its `app.run()`, and
 * returns the app it ran, else the app it exports. Under `routes`, a module that awaits
 * `app.run()` never finishes loading: the app it handed over is enough.
 *
 * @example
 * ```ts
 * const { app } = await launchApp('server.ts', 'routes', {});
 * ```
 */
export async function launchApp(
  spec: string,
  command: 'run' | 'routes',
  options: RunOptions,
  cwd: string = process.cwd(),
): Promise<LaunchedApp> {
  let ran: App<any> | null = null;
  let announce!: (app: App<any>) => void;
  const announced = new Promise<Loaded>((resolve) => {
    announce = (app) => resolve({ ran: app });
  });
  offerLaunch({
    command,
    options,
    onRun: (app) => {
      ran = app;
      announce(app);
    },
  });
  try {
    const imported = importAppModule(spec, cwd).then((module): Loaded => ({ module }));
    // Under `run` the module's own app.run() resolves once it listens (or exits the process): wait.
    const loaded = command === 'routes' ? await Promise.race([imported, announced]) : await imported;
    if (ran !== null) {
      imported.catch(() => {}); // still loading under `routes`; what it does next no longer matters
      return { app: ran, served: command === 'run' };
    }
    return {
      app: await appFromModule((loaded as { module: Record<string, unknown> }).module, spec),
      served: false,
    };
  } finally {
    withdrawLaunch();
  }
}
