/**
 * From raw measurements to what the tables show: per server and scenario, the median rate with
 * its spread over rounds, and ratios computed measurement by measurement (server ÷ the baseline
 * measured just before and after it), so a slow moment slows both sides of a ratio.
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
  /** The server's CPU per request, in µs; null when it was not read. */
  cpuUs: Spread | null;
  /** Bare node:http's CPU per request ÷ this server's, measurement by measurement (higher is better). */
  cpuRatio: Spread | null;
}

function find(measurements: readonly Measurement[], server: string, scenario: string): Measurement[] {
  return measurements.filter((each) => each.server === server && each.scenario === scenario);
}

/**
 * The baseline a measurement is compared with: the mean of the baseline's measurements nearest to
 * it in time, one before and one after, in the same round (the one on a side that has none; for
 * figures saved without a sequence, the round's first).
 */
function baselineFor(
  measurement: Measurement,
  base: readonly Measurement[],
  value: (each: Measurement) => number | undefined = (each) => each.rate,
): number | undefined {
  const sameRound = base.filter((each) => each.round === measurement.round && value(each) !== undefined);
  const at = measurement.seq;
  if (at === undefined) return sameRound[0] && value(sameRound[0]);
  let before: Measurement | undefined;
  let after: Measurement | undefined;
  for (const each of sameRound) {
    const seq = each.seq ?? 0;
    if (seq < at && (before === undefined || seq > (before.seq ?? 0))) before = each;
    if (seq > at && (after === undefined || seq < (after.seq ?? 0))) after = each;
  }
  if (before !== undefined && after !== undefined) return (value(before)! + value(after)!) / 2;
  const either = before ?? after;
  return either && value(either);
}

/**
 * `compare(value, baseline)` for each measurement in `own`, its baseline the mean of `base`'s
 * neighbours in time ({@link baselineFor}), summarised. A measurement whose value or baseline was
 * not read, or whose comparison is not finite (a zero denominator), is left out; against itself
 * the baseline is 1 wherever its value was read. Null when nothing is left.
 */
function compareEach(
  own: readonly Measurement[],
  base: readonly Measurement[],
  value: (each: Measurement) => number | undefined,
  compare: (mine: number, baseline: number) => number,
): Spread | null {
  if (own === base) {
    const read = base.filter((each) => value(each) !== undefined);
    return read.length === 0 ? null : spread(read.map(() => 1));
  }
  const ratios = own.flatMap((each) => {
    const mine = value(each);
    const baseline = baselineFor(each, base, value);
    if (mine === undefined || baseline === undefined) return [];
    const result = compare(mine, baseline);
    return Number.isFinite(result) ? [result] : [];
  });
  return ratios.length === 0 ? null : spread(ratios);
}

/**
 * Bare node:http's CPU per request ÷ this server's on the same scenario, each measurement against
 * the baseline's neighbours in time; null when no CPU time was read.
 */
function cpuRatio(measurements: readonly Measurement[], server: string, scenario: string): Spread | null {
  const base = find(measurements, 'node', scenario);
  const own = server === 'node' ? base : find(measurements, server, scenario);
  return compareEach(
    own,
    base,
    (each) => each.cpuUs,
    (mine, baseline) => baseline / mine,
  );
}

/**
 * The ratios of `server` on `scenario` to `baseServer` on `baseScenario`, one per measurement,
 * each against the baseline measured just before and after it ({@link baselineFor}), summarised;
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
  const base = find(measurements, baseServer, baseScenario);
  // The baseline against itself is 1 by definition, not the ratio of two of its measurements.
  const own =
    server === baseServer && scenario === baseScenario ? base : find(measurements, server, scenario);
  return compareEach(
    own,
    base,
    (each) => each.rate,
    (mine, baseline) => mine / baseline,
  );
}

function cpuSpread(own: readonly Measurement[]): Spread | null {
  const values = own.flatMap((each) => (each.cpuUs === undefined ? [] : [each.cpuUs]));
  return values.length === 0 ? null : spread(values);
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
        cpuUs: cpuSpread(own),
        cpuRatio: cpuRatio(measurements, server, scenario.id),
      });
    }
  }
  return cells;
}
