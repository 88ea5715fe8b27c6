/** Everything a run produced: written raw to bench/results/, read by the report and the chart. */
import type { HttpFigures } from './http.ts';
import type { Machine } from './machine.ts';
import type { RouterFigures, StartupFigures } from './micro.ts';
import type { Settings } from './options.ts';

/** A run's figures; a part left out with `--skip` is absent. */
export interface RunResults {
  machine: Machine;
  settings: Settings;
  /** Contestant ids in round order. */
  servers: string[];
  http?: HttpFigures;
  routers?: RouterFigures;
  startup?: StartupFigures[];
}
