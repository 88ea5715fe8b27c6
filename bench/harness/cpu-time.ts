/**
 * A server's own CPU time, read from /proc: user + system time of the process and all its threads
 * (GC and compiler included). Divided by the requests of a measurement, it gives the CPU one
 * request costs, a figure that other processes on the machine barely move, unlike requests per
 * second.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * Seconds of CPU a process has used so far, or null where /proc is not there.
 *
 * @example
 * ```ts
 * cpuSeconds(server.child.pid); // 12.34
 * ```
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name, which sits in parentheses and may hold spaces: utime is the
    // 14th field of the line, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
