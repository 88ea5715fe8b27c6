/**
 * From raw measurements to what the tables show: per server and scenario, the median rate with
 * its spread over rounds, and ratios computed round by round (server ÷ baseline of the same
 * round), so a slow round slows both sides of a ratio.
 */
import type { Measurement } from './http.ts';
import type { Scenario } from './scenarios.ts';
import { type Spread, spread } from './stats.ts';

/** One table cell: a server on a scenario. */
export interface Cell {
  server: string;
  scenario: Scenario['id'];
  rate: Spread;
  /** Against bare node:http on the same scenario, round by round. */
  ratio: Spread | null;
  p99Us: Spread;
}

function find(measurements: readonly Measurement[], server: string, scenario: string): Measurement[] {
  return measurements.filter((each) => each.server === server && each.scenario === scenario);
}

/**
 * The per-round ratios of `server` on `scenario` to `baseServer` on `baseScenario`, summarised;
 * null when either was not measured.
 *
 * @example
 * ```ts
 * ratio(measurements, 'phial', 'session', 'node', 'hello')?.median; // 0.62
 * ```
 */
export function ratio(
  measurements: readonly Measurement[],
  server: string,
  scenario: string,
  baseServer: string,
  baseScenario: string,
): Spread | null {
  const base = new Map(find(measurements, baseServer, baseScenario).map((each) => [each.round, each.rate]));
  const ratios = find(measurements, server, scenario).flatMap((each) => {
    const baseline = base.get(each.round);
    return baseline === undefined || baseline === 0 ? [] : [each.rate / baseline];
  });
  return ratios.length === 0 ? null : spread(ratios);
}

/**
 * One cell per server and scenario that was measured.
 *
 * @example
 * ```ts
 * summarize(measurements, ['node', 'phial'], SCENARIOS)[0]?.rate.median;
 * ```
 */
export function summarize(
  measurements: readonly Measurement[],
  servers: readonly string[],
  scenarios: readonly Scenario[],
): Cell[] {
  const cells: Cell[] = [];
  for (const scenario of scenarios) {
    for (const server of servers) {
      const own = find(measurements, server, scenario.id);
      if (own.length === 0) continue;
      cells.push({
        server,
        scenario: scenario.id,
        rate: spread(own.map((each) => each.rate)),
        ratio: ratio(measurements, server, scenario.id, 'node', scenario.id),
        p99Us: spread(own.map((each) => each.result.latencyUs.p99)),
      });
    }
  }
  return cells;
}
