/**
 * Bundles every server and micro-benchmark with esbuild before a run, so each contestant runs
 * under plain `node` (or `bun`) with no loader, and a loader thread neither costs CPU nor shows in
 * RSS. npm packages stay external, imported as published from bench/node_modules: Phial too, as
 * `phial`, which is the repository itself (`file:..`), so its contestants run the built package
 * (dist/, from `npm run build`) exactly as users do. The micro-benchmarks time internals of lib/,
 * which are bundled in.
 */

import { join } from 'node:path';
import { build } from 'esbuild';
import { BENCH_DIR, BUILD_DIR } from './paths.ts';

/**
 * The contestants, in the order of every round. `file` is the bundle under .build/servers/;
 * `runtime` what runs it: the node running the harness, Node 24 or Bun (see runtimes.ts).
 */
export const CONTESTANTS = [
  { id: 'node', name: 'node:http', file: 'node-http.mjs', runtime: 'node' },
  { id: 'phial', name: 'Phial', file: 'phial.mjs', runtime: 'node' },
  { id: 'fastify', name: 'Fastify', file: 'fastify.mjs', runtime: 'node' },
  { id: 'express', name: 'Express', file: 'express.mjs', runtime: 'node' },
  { id: 'hono', name: 'Hono', file: 'hono.mjs', runtime: 'node' },
  { id: 'phial-node24', name: 'Phial (Node 24)', file: 'phial.mjs', runtime: 'node24' },
  { id: 'bun', name: 'Bun.serve', file: 'bun.mjs', runtime: 'bun' },
  { id: 'phial-bun', name: 'Phial (Bun, app.fetch)', file: 'phial-bun.mjs', runtime: 'bun' },
  { id: 'hono-bun', name: 'Hono (Bun)', file: 'hono-bun.mjs', runtime: 'bun' },
] as const;

/** One contestant. */
export type Contestant = (typeof CONTESTANTS)[number];

const ENTRIES = [
  'servers/node-http.ts',
  'servers/phial.ts',
  'servers/fastify.ts',
  'servers/express.ts',
  'servers/hono.ts',
  'servers/bun.ts',
  'servers/phial-bun.ts',
  'servers/hono-bun.ts',
  'micro/router.ts',
  'micro/startup.ts',
];

/**
 * Builds .build/servers/*.mjs and .build/micro/*.mjs.
 *
 * @example
 * ```ts
 * await buildAll();
 * spawn(process.execPath, [join(BUILD_DIR, 'servers', 'phial.mjs')]);
 * ```
 */
export async function buildAll(): Promise<void> {
  await build({
    entryPoints: ENTRIES.map((entry) => join(BENCH_DIR, entry)),
    outdir: BUILD_DIR,
    outbase: BENCH_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    // By name, before tsconfig's `paths` (which maps it to lib/ for tsc and tsx) can bundle it in.
    external: ['phial'],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Linked source maps: `node --enable-source-maps --cpu-prof` then points at lib/ lines.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
