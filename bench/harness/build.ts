/**
 * Bundles every server and micro-benchmark with esbuild before a run, so each contestant runs
 * under plain `node` with no loader: Phial's TypeScript is stripped ahead of time exactly as the
 * JavaScript peers ship, and a loader thread neither costs CPU nor shows in RSS.
 * npm packages stay external (imported from bench/node_modules as published); Phial's lib/ is
 * bundled in, with busboy resolved from the root install.
 */

import { join } from 'node:path';
import { build } from 'esbuild';
import { BENCH_DIR, BUILD_DIR } from './paths.ts';

/** The contestants, in the order of every round. `file` is the bundle under .build/servers/. */
export const CONTESTANTS = [
  { id: 'node', name: 'node:http', file: 'node-http.mjs' },
  { id: 'phial', name: 'Phial', file: 'phial.mjs' },
  { id: 'fastify', name: 'Fastify', file: 'fastify.mjs' },
  { id: 'express', name: 'Express', file: 'express.mjs' },
  { id: 'hono', name: 'Hono', file: 'hono.mjs' },
] as const;

/** One contestant. */
export type Contestant = (typeof CONTESTANTS)[number];

const ENTRIES = [
  'servers/node-http.ts',
  'servers/phial.ts',
  'servers/fastify.ts',
  'servers/express.ts',
  'servers/hono.ts',
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
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Linked source maps: `node --enable-source-maps --cpu-prof` then points at lib/ lines.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
