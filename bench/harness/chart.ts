/**
 * docs/benchmarks.svg, written by hand (no dependency): horizontal bars in two panels, HTTP
 * throughput relative to bare node:http (median of per-round ratios, whisker min–max), and the
 * router's ns per match (lower is better).
 */
import { CONTESTANTS } from './build.ts';
import { ROUTERS } from './micro.ts';
import type { RunResults } from './results.ts';
import { SCENARIOS } from './scenarios.ts';
import { summarize } from './summary.ts';

/** One bar: its label, value, optional whisker, colour and the text printed after it. */
interface Bar {
  label: string;
  value: number;
  min?: number;
  max?: number;
  color: string;
  text: string;
}

interface Group {
  title: string;
  bars: Bar[];
}

const COLORS: Record<string, string> = {
  node: '#868e96',
  phial: '#e8590c',
  fastify: '#1971c2',
  express: '#5c940d',
  hono: '#9c36b5',
  'phial-node24': '#fd7e14',
  bun: '#495057',
  'phial-bun': '#c92a2a',
  'hono-bun': '#862e9c',
  'find-my-way': '#1971c2',
  rou3: '#0ca678',
  'rou3-compiled': '#087f5b',
  'hono-regexp': '#9c36b5',
};

const WIDTH = 880;
const LABEL = 190;
const BAR_AREA = 560;
const BAR = 14;
const GAP = 4;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x}" y="${y}" ${attributes}>${escapeXml(content)}</text>`;
}

/** A panel of grouped bars starting at `top`; returns its SVG and height. */
function panel(title: string, note: string, groups: Group[], top: number): { svg: string; height: number } {
  const scaleMax = Math.max(
    ...groups.flatMap((group) => group.bars.map((bar) => bar.max ?? bar.value)),
    1e-9,
  );
  const scale = (value: number): number => (value / scaleMax) * BAR_AREA;
  const parts = [text(16, top + 20, title, 'class="title"'), text(16, top + 38, note, 'class="note"')];
  let y = top + 58;
  for (const group of groups) {
    parts.push(text(16, y + 11, group.title, 'class="group"'));
    y += 18;
    for (const bar of group.bars) {
      const width = Math.max(scale(bar.value), 1);
      parts.push(text(LABEL - 8, y + BAR - 3, bar.label, 'class="label" text-anchor="end"'));
      parts.push(
        `<rect x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${bar.color}"/>`,
      );
      if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
        const mid = y + BAR / 2;
        const x1 = (LABEL + scale(bar.min)).toFixed(1);
        const x2 = (LABEL + scale(bar.max)).toFixed(1);
        parts.push(
          `<path d="M${x1} ${mid}H${x2}M${x1} ${mid - 4}V${mid + 4}M${x2} ${mid - 4}V${mid + 4}" class="whisker"/>`,
        );
      }
      const after = LABEL + Math.max(width, bar.max !== undefined ? scale(bar.max) : 0) + 6;
      parts.push(text(after, y + BAR - 3, bar.text, 'class="value"'));
      y += BAR + GAP;
    }
    y += 10;
  }
  return { svg: parts.join('\n'), height: y - top };
}

function httpGroups(results: RunResults): Group[] {
  if (!results.http) return [];
  const cells = summarize(results.http.measurements, results.servers, SCENARIOS);
  return SCENARIOS.map((scenario) => ({
    title: scenario.name,
    bars: cells
      .filter((cell) => cell.scenario === scenario.id && cell.ratio !== null)
      .map((cell) => {
        const ratio = cell.ratio!;
        const name = CONTESTANTS.find((each) => each.id === cell.server)?.name ?? cell.server;
        return {
          label: name,
          value: ratio.median,
          min: ratio.min,
          max: ratio.max,
          color: COLORS[cell.server] ?? '#333',
          text: `${ratio.median.toFixed(2)}×  ${Math.round(cell.rate.median).toLocaleString('en-US')} req/s`,
        };
      }),
  }));
}

function routerGroups(results: RunResults): Group[] {
  const routers = results.routers;
  if (!routers) return [];
  return (['all together', '200 routes'] as const).map((name) => ({
    title: name === 'all together' ? 'delvedor 12 routes, all together' : '200 REST routes, 10 lookups',
    bars: ROUTERS.filter((router) => routers[router.id]?.[name] !== undefined).map((router) => {
      const value = routers[router.id]?.[name] ?? 0;
      return {
        label: router.name,
        value,
        color: COLORS[router.id] ?? '#333',
        text: `${value.toFixed(0)} ns`,
      };
    }),
  }));
}

/**
 * The whole chart as an SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('docs/benchmarks.svg', renderChart(results));
 * ```
 */
export function renderChart(results: RunResults): string {
  const { machine } = results;
  const mode = results.settings.quick ? ' (quick run: indicative only)' : '';
  const panels: string[] = [];
  let top = 40;
  const http = httpGroups(results);
  if (http.length > 0) {
    const drawn = panel(
      'HTTP throughput relative to bare node:http (higher is better)',
      `median of per-round ratios, whisker min–max over ${results.settings.rounds} round${results.settings.rounds > 1 ? 's' : ''}; ${results.settings.connections} connections, wrk 1 thread${machine.pinning ? ', one core each' : ''}`,
      http,
      top,
    );
    panels.push(drawn.svg);
    top += drawn.height + 10;
  }
  const routers = routerGroups(results);
  if (routers.length > 0) {
    const drawn = panel('Router: ns per match (lower is better)', 'median of mitata samples', routers, top);
    panels.push(drawn.svg);
    top += drawn.height + 10;
  }
  const height = top + 10;
  const subtitle = `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}${mode}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<title id="chart-title">Phial benchmarks: HTTP throughput relative to bare node:http, and router ns per match</title>
<style>
.title { font-size: 15px; font-weight: 600; fill: #212529 }
.note { font-size: 11px; fill: #868e96 }
.group { font-size: 12px; font-weight: 600; fill: #495057 }
.label { font-size: 12px; fill: #343a40 }
.value { font-size: 11px; fill: #495057 }
.whisker { stroke: #212529; stroke-width: 1; fill: none }
.heading { font-size: 17px; font-weight: 700; fill: #212529 }
.sub { font-size: 11px; fill: #868e96 }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${text(16, 22, 'Phial benchmarks', 'class="heading"')}
${text(WIDTH - 16, 22, subtitle, 'class="sub" text-anchor="end"')}
${panels.join('\n')}
</svg>
`;
}
