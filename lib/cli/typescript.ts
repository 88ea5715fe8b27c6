/**
 * Loading an app written in TypeScript, for `phial run app.ts` and `phial routes app.ts`. The
 * installed package is JavaScript, so only the user's own files need a TypeScript loader:
 *
 * 1. the runtime's own type stripping, where there is one: Bun, Deno, Node 22.18+ and 23.6+;
 * 2. else tsx, when the user's project has it (found from the app's folder, then from the
 *    working directory), registered in this process;
 * 3. else an error that names both ways out.
 *
 * Inside Phial's repository the command itself runs from TypeScript under tsx: a loader is there.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file extensions that need a TypeScript loader. */
const TYPESCRIPT_FILE = /\.(?:ts|mts|cts|tsx)$/;

/**
 * A TypeScript app, and nothing in this process can load it. The message says how to fix it.
 *
 * @example
 * ```ts
 * await prepareTypeScript('/srv/app.ts'); // on Node 20 without tsx: throws NoTypeScriptError
 * ```
 */
export class NoTypeScriptError extends Error {
  override name = 'NoTypeScriptError';
}

/** What this process runs on, as far as loading TypeScript goes. */
export interface RuntimeFacts {
  /** `Node 20.20.2`, `Bun 1.4.5`, `Deno 2.9.6`: for messages. */
  label: string;
  /** Whether the runtime strips types itself (Bun, Deno, or Node's `process.features.typescript`). */
  stripsTypes: boolean;
  /** Whether a TypeScript loader already runs this code (the command started from its own source). */
  loaderActive: boolean;
}

/** How an app file will be loaded: as it is, or after registering the tsx found at `tsx`. */
export type TypeScriptPlan = { kind: 'as-is' } | { kind: 'tsx'; tsx: string };

/**
 * The facts of the running process.
 *
 * @example
 * ```ts
 * runtimeFacts(); // { label: 'Node 24.22.3', stripsTypes: true, loaderActive: false }
 * ```
 */
export function runtimeFacts(): RuntimeFacts {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  // Written as `.ts` in the repository, `.js` once built: a `.ts` URL means a loader runs this file.
  const loaderActive = import.meta.url.endsWith('.ts');
  if (versions.bun !== undefined) return { label: `Bun ${versions.bun}`, stripsTypes: true, loaderActive };
  if (versions.deno !== undefined) return { label: `Deno ${versions.deno}`, stripsTypes: true, loaderActive };
  // 'strip' or 'transform' where Node strips types: by default from 22.18 and 23.6 on.
  const features = process.features as { typescript?: string | false };
  const stripsTypes = typeof features.typescript === 'string';
  return { label: `Node ${process.versions.node}`, stripsTypes, loaderActive };
}

/**
 * Where `tsx` resolves from the first of `dirs` that has it, or null: the module that
 * `node --import tsx` imports, which registers tsx's loader in the importing process.
 *
 * @example
 * ```ts
 * findTsx(['/srv/site']); // '/srv/site/node_modules/tsx/dist/loader.mjs', or null
 * ```
 */
export function findTsx(dirs: readonly string[]): string | null {
  for (const dir of dirs) {
    try {
      // A require bound to a file in `dir` resolves as that folder's own code would. `tsx` maps
      // to one file whatever the conditions, so require's resolution finds what import's would.
      return createRequire(join(dir, 'noop.js')).resolve('tsx');
    } catch {
      // not installed there
    }
  }
  return null;
}

/**
 * How to load `file`, given the runtime's facts and the tsx found (or not): throws a
 * {@link NoTypeScriptError} naming both ways out when nothing can load it.
 *
 * @example
 * ```ts
 * planTypeScript('/srv/app.ts', { label: 'Node 20.20.2', stripsTypes: false, loaderActive: false }, null);
 * // throws: Node 20.20.2 cannot run app.ts by itself…
 * ```
 */
export function planTypeScript(file: string, facts: RuntimeFacts, tsx: string | null): TypeScriptPlan {
  if (!TYPESCRIPT_FILE.test(file) || facts.stripsTypes || facts.loaderActive) return { kind: 'as-is' };
  if (tsx !== null) return { kind: 'tsx', tsx };
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  throw new NoTypeScriptError(
    `${facts.label} cannot run ${name} by itself, and tsx is not installed in this project. Either ` +
      'run it on Node 22.18 or newer (or Bun, or Deno), which strip the types themselves, or add ' +
      'tsx to the project: npm install --save-dev tsx',
  );
}

/**
 * Makes `file` importable in this process: registers tsx when the runtime cannot strip types,
 * or throws a {@link NoTypeScriptError}. Does nothing for a JavaScript file.
 *
 * @example
 * ```ts
 * await prepareTypeScript(resolve('app.ts'));
 * const module = await import(pathToFileURL(resolve('app.ts')).href);
 * ```
 */
export async function prepareTypeScript(file: string, cwd: string = process.cwd()): Promise<void> {
  const facts = runtimeFacts();
  const needsLoader = TYPESCRIPT_FILE.test(file) && !facts.stripsTypes && !facts.loaderActive;
  const plan = planTypeScript(file, facts, needsLoader ? findTsx([dirname(file), cwd]) : null);
  // What `node --import tsx` does, from the project's own copy.
  if (plan.kind === 'tsx') await import(pathToFileURL(plan.tsx).href);
}
