/**
 * Phial as its users get it: the tarball `npm pack` makes (its `prepack` builds dist/), installed
 * into an empty folder with npm. Made once per test process and shared by the tests in
 * tests/consumers/; the folders are removed when the process exits. Needs npm and, on a fresh
 * machine, the registry (busboy, and the tools a new app installs).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch: string[] = [];
process.once('exit', () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `phial-${prefix}-`));
  scratch.push(dir);
  return dir;
}

/** What a finished command printed, and how it ended. */
export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for failure messages. */
  output: string;
}

/**
 * Runs a command to its end (at most `timeoutMs`), never through a shell.
 *
 * @example
 * ```ts
 * const { status, stdout } = run('node', ['--version']);
 * ```
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Ran {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  return { status: result.status, stdout, stderr, output: `${stdout}${stderr}` };
}

/** Runs npm, failing with its output when it fails. */
export function npm(args: readonly string[], cwd: string, timeoutMs = 300_000): Ran {
  const ran = run(NPM, ['--no-audit', '--no-fund', '--loglevel=error', ...args], {
    cwd,
    timeoutMs,
    // The repository's own npm settings (a CI's NODE_OPTIONS, say) stay out of the user's project.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (ran.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${ran.output}`);
  return ran;
}

let tarball: string | null = null;

/**
 * The path of `phial-<version>.tgz`, packed from the repository once per process: `npm pack` runs
 * `prepack`, which builds dist/ from lib/.
 *
 * @example
 * ```ts
 * npm(['install', packedTarball()], projectDir);
 * ```
 */
export function packedTarball(): string {
  if (tarball !== null) return tarball;
  const dest = scratchDir('pack');
  npm(['pack', '--pack-destination', dest], ROOT);
  const file = readdirSync(dest).find((name) => name.endsWith('.tgz'));
  if (file === undefined) throw new Error(`npm pack wrote no tarball into ${dest}`);
  tarball = join(dest, file);
  return tarball;
}

/**
 * An empty npm project (`"type": "module"`) with the tarball installed as a user installs it,
 * production dependencies only. A new folder each call.
 *
 * @example
 * ```ts
 * const dir = installedProject('esm');
 * writeFileSync(join(dir, 'app.mjs'), "import { App } from 'phial';");
 * ```
 */
export function installedProject(prefix: string): string {
  const dir = scratchDir(prefix);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `consumer-${prefix}`, private: true, type: 'module' }, null, 2)}\n`,
  );
  npm(['install', '--omit=dev', '--prefer-offline', packedTarball()], dir);
  return dir;
}

const shared = new Map<string, string>();

/**
 * The project of {@link installedProject}, made once per process for each `prefix`, for tests
 * that only read it or add their own files.
 */
export function sharedProject(prefix: string): string {
  let dir = shared.get(prefix);
  if (dir === undefined) {
    dir = installedProject(prefix);
    shared.set(prefix, dir);
  }
  return dir;
}

/** Writes files (path → text) under `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
}
