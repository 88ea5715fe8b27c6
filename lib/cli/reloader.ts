/**
 * The reloader of `phial run --debug`: this process never loads the app. It runs the command again
 * in a child process (marked with PHIAL_RUN_MAIN, as Werkzeug marks its child with
 * WERKZEUG_RUN_MAIN), watches the project's source files, and on a change stops the child
 * gracefully and starts a new one. A child that crashes is started again on the next change.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import type { Logger } from '../sessions/interface.ts';

/**
 * Set in the child's environment: the child serves instead of supervising.
 *
 * @example
 * ```ts
 * const inChild = process.env[RUN_MAIN_ENV] !== undefined;
 * ```
 */
export const RUN_MAIN_ENV = 'PHIAL_RUN_MAIN';
/** Files whose change restarts the app. */
const WATCHED_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.json']);
/** Directories never watched, besides hidden ones (`.git`, `.cache`…). */
const IGNORED_DIRECTORIES = new Set(['node_modules', 'coverage', 'dist', 'build']);
/** A bound on the watchers one project may take (each directory costs one inotify watch). */
const MAX_DIRECTORIES = 4000;
/** Editors write a file in several steps: one restart for all of them. */
const DEBOUNCE_MS = 100;
/** How long a child may take to finish its requests before it is killed. */
const STOP_TIMEOUT_MS = 5000;

/**
 * The project an app file belongs to: the nearest directory above it with a package.json, else
 * the file's own directory.
 *
 * @example
 * ```ts
 * projectRoot('/home/me/site/src/app.ts'); // '/home/me/site' (where package.json is)
 * ```
 */
export function projectRoot(file: string): string {
  let directory = dirname(file);
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return dirname(file);
    directory = parent;
  }
}

function isIgnored(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRECTORIES.has(name);
}

function subdirectories(directory: string): string[] {
  try {
    const entries = readdirSync(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !isIgnored(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/**
 * Watches the source files under `root`, one non-recursive fs.watch per directory (recursive
 * watching would descend into node_modules), following directories created later.
 *
 * @example
 * ```ts
 * const watcher = watchSources(process.cwd(), (file) => console.log('changed', file));
 * watcher.close();
 * ```
 */
export function watchSources(
  root: string,
  onChange: (file: string) => void,
  logger?: Logger,
): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  let warned = false;
  const add = (directory: string): void => {
    if (watchers.has(directory)) return;
    if (watchers.size >= MAX_DIRECTORIES) {
      if (!warned) logger?.warn(` * Watching only the first ${MAX_DIRECTORIES} directories under ${root}`);
      warned = true;
      return;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(directory, (_event, name) => {
        if (name !== null) changed(join(directory, name.toString()));
      });
    } catch {
      return; // gone, or not readable: nothing to watch
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(directory);
    });
    watchers.set(directory, watcher);
    for (const name of subdirectories(directory)) add(join(directory, name));
  };
  const changed = (path: string): void => {
    if (WATCHED_EXTENSIONS.has(extname(path))) {
      onChange(path);
      return;
    }
    const name = path.slice(dirname(path).length + 1);
    if (!isIgnored(name) && isDirectory(path)) add(path);
  };
  add(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/**
 * What {@link superviseWithReloader} runs and watches.
 *
 * @example
 * ```ts
 * const options: ReloaderOptions = { root: process.cwd(), command: process.execPath, args: ['server.ts'], logger: console };
 * ```
 */
export interface ReloaderOptions {
  /** The directory whose source files are watched. */
  root: string;
  /** The child's executable and arguments: usually this process's own. */
  command: string;
  args: readonly string[];
  logger: Logger;
}

/**
 * Runs the command in a child and restarts it when a source file under `root` changes. The
 * returned `stop()` stops watching and ends the child gracefully. SIGINT and SIGTERM stop it too,
 * then exit.
 *
 * @example
 * ```ts
 * superviseWithReloader({ root, command: process.execPath, args: [...process.execArgv, ...process.argv.slice(1)], logger: console });
 * ```
 */
export function superviseWithReloader(options: ReloaderOptions): { stop(): Promise<void> } {
  const { root, command, args, logger } = options;
  let child: ChildProcess | null = null;
  let stopping = false;
  let pending: NodeJS.Timeout | null = null;
  let restarting: Promise<void> | null = null;

  const start = (): void => {
    const started = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, [RUN_MAIN_ENV]: 'true' },
    });
    child = started;
    started.once('exit', (code, signal) => {
      if (child === started) child = null;
      if (!stopping && restarting === null) {
        logger.warn(
          ` * The app exited with ${signal ?? `code ${code}`}; waiting for a file change to start it again`,
        );
      }
    });
  };
  const restart = (file: string): void => {
    pending = null;
    if (stopping || restarting !== null) return;
    logger.info(` * Detected change in '${relative(root, file)}', reloading`);
    restarting = stopChild(child).then(() => {
      restarting = null;
      if (!stopping) start();
    });
  };
  const watcher = watchSources(
    root,
    (file) => {
      if (pending !== null) clearTimeout(pending);
      pending = setTimeout(() => restart(file), DEBOUNCE_MS);
    },
    logger,
  );
  const stop = async (): Promise<void> => {
    stopping = true;
    if (pending !== null) clearTimeout(pending);
    watcher.close();
    await restarting;
    await stopChild(child);
  };
  const onSignal = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  logger.info(` * Restarting on changes under ${root}`);
  start();
  return { stop };
}

/** SIGTERM lets the child drain its requests; a child that does not end in time is killed. */
function stopChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
