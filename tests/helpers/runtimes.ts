/**
 * The runtimes Phial's package is tested on: the node running the tests, and Node 22, Node 24,
 * Bun and Deno as .ci/runtimes.sh installs them into .cache/runtimes/bin (npm packages carrying
 * their binaries). A missing one fails loudly on CI (`CI=true`) and is skipped elsewhere with a
 * notice saying how to install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'uvu';
import { ROOT } from './package.ts';

/** Where .ci/runtimes.sh links the runtimes; PHIAL_RUNTIMES overrides it. */
export const RUNTIMES_DIR = process.env.PHIAL_RUNTIMES ?? join(ROOT, '.cache', 'runtimes', 'bin');
const INSTALL_HINT = 'bash .ci/runtimes.sh (Node 22, Node 24, Bun and Deno from npm, into .cache/runtimes)';

/** One runtime: which kind, where its binary is, and its version. */
export interface Runtime {
  /** `node20`, `node22`, `node24`, `bun`, `deno`. */
  id: string;
  kind: 'node' | 'bun' | 'deno';
  path: string;
  /** `20.20.2`, `1.4.5`… */
  version: string;
}

/** The node that runs the tests. */
export function currentNode(): Runtime {
  const version = process.versions.node;
  return { id: `node${version.split('.')[0]}`, kind: 'node', path: process.execPath, version };
}

function versionOf(path: string): string | null {
  const ran = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (ran.status !== 0) return null;
  const match = /(\d+\.\d+\.\d+)/.exec(ran.stdout);
  return match === null ? null : match[1]!;
}

/** A runtime from .cache/runtimes/bin, or null when it is not installed. */
export function cachedRuntime(id: 'node22' | 'node24' | 'bun' | 'deno'): Runtime | null {
  const path = join(RUNTIMES_DIR, id);
  if (!existsSync(path)) return null;
  const kind = id === 'bun' || id === 'deno' ? id : 'node';
  const version = versionOf(path);
  return version === null ? null : { id, kind, path, version };
}

/**
 * The runtimes to test a consumer on: the node running the tests first, then Node 22, Node 24, Bun
 * and Deno (one that is the same Node as the first is left out). A missing one adds a failing
 * test on CI, and a notice elsewhere.
 */
export function consumerRuntimes(test: Test): Runtime[] {
  const runtimes = [currentNode()];
  for (const id of ['node22', 'node24', 'bun', 'deno'] as const) {
    const runtime = cachedRuntime(id);
    if (runtime === null) {
      const message = `${id} is missing from ${RUNTIMES_DIR}: ${INSTALL_HINT}`;
      if (process.env.CI === 'true') {
        test(`${id} is installed`, () => {
          throw new Error(message);
        });
      } else {
        console.warn(`Skipping the ${id} consumer tests: ${message}`);
      }
      continue;
    }
    if (!runtimes.some((other) => other.kind === runtime.kind && other.version === runtime.version)) {
      runtimes.push(runtime);
    }
  }
  return runtimes;
}

/**
 * The command that runs a script file with a runtime: `node f`, `bun f`, `deno run -A f` (Deno
 * reads the project's package.json and node_modules, as npm installed them).
 */
export function scriptCommand(runtime: Runtime, script: string, args: readonly string[] = []): string[] {
  if (runtime.kind === 'deno') return [runtime.path, 'run', '--allow-all', script, ...args];
  return [runtime.path, script, ...args];
}

/** The environment a runtime runs in for the tests: no update checks, no prompts, no colours. */
export function runtimeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_OPTIONS: '',
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    ...extra,
  };
}
