/**
 * The programs the topology tests run: Debian's redis-server, redis-cli (redis-tools) and nginx.
 * A suite that needs one that is missing fails loudly on CI (`CI=true`) and is skipped with a
 * notice saying how to install it elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Test } from 'uvu';

/** A program a test runs. */
export type ToolName = 'redis-server' | 'redis-cli' | 'nginx';

const TOOLS: Record<ToolName, { debianPath: string; install: string }> = {
  'redis-server': { debianPath: '/usr/bin/redis-server', install: 'apt-get install -y redis-server' },
  'redis-cli': { debianPath: '/usr/bin/redis-cli', install: 'apt-get install -y redis-tools' },
  nginx: { debianPath: '/usr/sbin/nginx', install: 'apt-get install -y nginx' },
};

/** The program's path: Debian's, else one on PATH, else null. */
export function toolPath(name: ToolName): string | null {
  const { debianPath } = TOOLS[name];
  if (existsSync(debianPath)) return debianPath;
  const found = spawnSync(name, ['-v'], { stdio: 'ignore' });
  return found.error === undefined ? name : null;
}

/** The program's path, or an error that says how to install it. */
export function requireTool(name: ToolName): string {
  const path = toolPath(name);
  if (path === null) throw new Error(`${name} is missing: ${TOOLS[name].install}`);
  return path;
}

/**
 * Decides whether a suite that runs these programs can run. When one is missing: on CI it adds a
 * failing test saying how to install it; elsewhere it prints a notice and the caller skips.
 */
export function withTools(test: Test, names: readonly ToolName[]): boolean {
  const missing = names.filter((name) => toolPath(name) === null);
  if (missing.length === 0) return true;
  const how = missing.map((name) => `${name} (${TOOLS[name].install})`).join(', ');
  const message = `missing ${how}; the tests start their own on free loopback ports`;
  if (process.env.CI === 'true') {
    test(`${missing.join(', ')} installed`, () => {
      throw new Error(message);
    });
  } else {
    console.warn(`Skipping topology tests: ${message}`);
  }
  return false;
}
