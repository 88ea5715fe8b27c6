/**
 * Child processes for the tests that run Phial as a user does (`phial run`, `tsx server.ts`, the
 * docs' programs, the demo). A test waits for what the process prints ("Running on …"), never for
 * a fixed time; the bound on that wait is generous, because it is only there to turn a hang into a
 * failure: with several node + tsx processes starting at once on a loaded 2-core machine (load
 * ≈ 10), a program took longer than the 15 s the docs test once allowed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { guard, stripAnsi } from './live.ts';

/** The longest a process may take to print what a test waits for, or to exit once asked to. */
export const PROCESS_TIMEOUT = 120_000;

/**
 * A running child process and what it has printed (stdout and stderr together).
 *
 * @example
 * ```ts
 * const server = startProcess(['--import', 'tsx', 'server.ts'], { env: { PORT: '0' } });
 * const url = (await server.waitFor(/Running on (\S+)/, 'the server to listen'))[1];
 * await server.stop();
 * ```
 */
export interface Started {
  readonly child: ChildProcess;
  /** Everything printed so far, colours removed. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /**
   * Resolves with the `times`-th match of `pattern` in the output once it is printed; rejects when
   * the process exits first, or after {@link PROCESS_TIMEOUT}.
   */
  waitFor(pattern: RegExp, what: string, times?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM (unless the process is gone) and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, for `finally` blocks: whatever happened, nothing is left running. */
  kill(): void;
}

/**
 * Starts `node` with `args` (`--import tsx` and a script, or a script of its own).
 *
 * @example
 * ```ts
 * const cli = startProcess([PHIAL, 'run', 'app.ts', '--port', '0'], { cwd: project });
 * ```
 */
export function startProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Started {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += stripAnsi(chunk.toString());
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  /** Settles with `settle()`'s value once it gives one; output decides, the bound only ends a hang. */
  const within = <T>(what: string, settle: () => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(
          new Error(`timed out after ${PROCESS_TIMEOUT / 1000} s waiting for ${what}; output:\n${output}`),
        );
      }, PROCESS_TIMEOUT);
      const listener = (): void => {
        const value = settle();
        if (value === undefined) return;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(value);
      };
      listeners.add(listener);
      listener();
      // 'close' comes after the last output: a process that is gone cannot print it any more.
      closed.then(() => {
        listener();
        if (listeners.delete(listener)) {
          clearTimeout(timer);
          reject(new Error(`the process exited before ${what}:\n${output}`));
        }
      });
    });

  const waitFor = (pattern: RegExp, what: string, times = 1): Promise<RegExpMatchArray> => {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    return within(what, () => [...output.matchAll(global)][times - 1]);
  };

  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return guard(exited, `the process to exit; output:\n${output}`, PROCESS_TIMEOUT);
  };
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, output: () => output, exited, waitFor, stop, kill };
}
