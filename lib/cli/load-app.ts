/**
 * Finding the app in a module, for the `phial` command, the way `flask --app` does: a path with an
 * optional export name (`app.ts`, `src/main.ts:api`, `demo/app.ts:createDemoApp`). Without a
 * name, the usual exports are tried; a factory function is called with no arguments.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from '../app.ts';
import { prepareTypeScript } from './typescript.ts';

/** Exports tried in order when the spec names none: Flask's `app` and `application`, then JS's default. */
const APP_NAMES = ['app', 'application', 'default'] as const;
/** Factories tried in order after them: Flask's `create_app` and `make_app`. */
const FACTORY_NAMES = ['createApp', 'makeApp', 'default'] as const;
/** Any other factory, such as the demo's `createDemoApp`, when it is the only one. */
const FACTORY_PATTERN = /^(?:create|make)\w*App$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The module has no app where one was looked for (Flask's NoAppException). The message says how
 * to point at the app.
 *
 * @example
 * ```ts
 * await loadApp('lib/http/html.ts'); // throws NoAppError: Could not find a Phial app in lib/http/html.ts…
 * ```
 */
export class NoAppError extends Error {
  override name = 'NoAppError';
}

/**
 * A module path and, after the last colon, an optional export name.
 *
 * @example
 * ```ts
 * parseAppSpec('demo/app.ts:createDemoApp'); // { path: 'demo/app.ts', name: 'createDemoApp' }
 * parseAppSpec('app.ts');                    // { path: 'app.ts', name: null }
 * ```
 */
export function parseAppSpec(spec: string): { path: string; name: string | null } {
  const colon = spec.lastIndexOf(':');
  const name = colon === -1 ? '' : spec.slice(colon + 1);
  // A colon that starts no identifier belongs to the path (`C:\app.ts`, `./odd:dir/app.ts`).
  return IDENTIFIER.test(name) ? { path: spec.slice(0, colon), name } : { path: spec, name: null };
}

/** An App, also one from another copy of Phial (a linked package): what the command needs of it. */
function isApp(value: unknown): value is App<any> {
  if (value instanceof App) return true;
  const candidate = value as Partial<App<any>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.handle === 'function' &&
    typeof candidate.run === 'function' &&
    typeof candidate.urlMap === 'object'
  );
}

async function fromFactory(factory: (...args: unknown[]) => unknown, label: string): Promise<App<any>> {
  const made = await factory();
  if (!isApp(made)) {
    throw new NoAppError(`${label}() did not return a Phial App (got ${describe(made)}).`);
  }
  return made;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}

async function fromExport(module: Record<string, unknown>, name: string, path: string): Promise<App<any>> {
  if (!(name in module)) {
    const names = Object.keys(module).join(', ') || 'none';
    throw new NoAppError(`${path} has no export named '${name}' (its exports: ${names}).`);
  }
  const value = module[name];
  if (isApp(value)) return value;
  if (typeof value === 'function') return fromFactory(value as () => unknown, name);
  throw new NoAppError(`${path}:${name} is neither a Phial App nor a function that returns one.`);
}

/**
 * The app of a module already imported, found as {@link loadApp} finds it: the named export, else
 * the usual exports and factories.
 *
 * @example
 * ```ts
 * const app = await appFromModule(await importAppModule('app.ts'), 'app.ts');
 * ```
 */
export function appFromModule(module: Record<string, unknown>, spec: string): Promise<App<any>> {
  const { path, name } = parseAppSpec(spec);
  return name === null ? findApp(module, path) : fromExport(module, name, path);
}

/**
 * Imports the module a spec names (relative to `cwd`), without looking for the app yet.
 *
 * @example
 * ```ts
 * const module = await importAppModule('src/main.ts:api');
 * ```
 */
export async function importAppModule(
  spec: string,
  cwd: string = process.cwd(),
): Promise<Record<string, unknown>> {
  const { path } = parseAppSpec(spec);
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new NoAppError(`No such file: ${path} (from ${cwd})`);
  await prepareTypeScript(file, cwd);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

async function findApp(module: Record<string, unknown>, path: string): Promise<App<any>> {
  for (const name of APP_NAMES) if (isApp(module[name])) return module[name];
  const apps = Object.keys(module).filter((name) => isApp(module[name]));
  if (apps.length === 1) return module[apps[0]!] as App<any>;
  if (apps.length > 1) {
    throw new NoAppError(`${path} exports several apps (${apps.join(', ')}); name one: ${path}:${apps[0]}`);
  }
  for (const name of FACTORY_NAMES) {
    if (typeof module[name] === 'function') return fromFactory(module[name] as () => unknown, name);
  }
  const factories = Object.keys(module).filter(
    (name) => FACTORY_PATTERN.test(name) && typeof module[name] === 'function',
  );
  if (factories.length === 1) return fromFactory(module[factories[0]!] as () => unknown, factories[0]!);
  throw new NoAppError(
    `Could not find a Phial app in ${path}. Export one (\`export const app = new App()\` or ` +
      '`export default app`), or a factory (`export function createApp()`), or name it ' +
      `(phial run ${path}:myApp), or call app.run() in it at the top level.`,
  );
}

/**
 * Imports the module a spec names and returns its app, calling a factory (sync or async) with no
 * arguments when that is what it finds. Errors say what was looked for and how to name the app.
 * A TypeScript module is loaded as typescript.ts says: by the runtime itself, or by the project's tsx.
 *
 * @example
 * ```ts
 * const app = await loadApp('demo/app.ts'); // finds and calls createDemoApp()
 * const api = await loadApp('src/main.ts:api');
 * ```
 */
export async function loadApp(spec: string, cwd: string = process.cwd()): Promise<App<any>> {
  return appFromModule(await importAppModule(spec, cwd), spec);
}
