/** Where things are, from this file, so the harness runs from any working directory. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
/** The repository root (bench/..). */
export const ROOT_DIR = dirname(BENCH_DIR);
/** Bundles built before each run (gitignored). */
export const BUILD_DIR = join(BENCH_DIR, '.build');
/** Raw figures of each run (gitignored). */
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** The wrk Lua scripts. */
export const WRK_DIR = join(BENCH_DIR, 'wrk');
/** The published table and chart. */
export const DOCS_DIR = join(ROOT_DIR, 'docs');
