/**
 * What the access log costs per request: the request path from node:http's 'request' event to
 * `res.end` (body check, Request, routing, view, response written), with in-memory stand-ins for
 * the socket, with the log off, in the Combined Log Format and as JSON lines. CPU time, which a
 * loaded machine distorts far less than a rate; every measurement in a fresh process, so that one
 * mode's compiled code never sees another's.
 *
 *     node --import tsx bench/access-log.ts            # 8 rounds
 *     node --import tsx bench/access-log.ts --rounds=16
 *
 * Run from the repository root; nothing here needs bench/'s own install.
 */
import { spawnSync } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { App, Response } from '../lib/index.ts';
import { AccessLog, type AccessLogFormat } from '../lib/server/access-log.ts';
import { handleNodeRequest } from '../lib/server/node-request.ts';

type Mode = 'off' | AccessLogFormat;
const MODES: readonly Mode[] = ['off', 'combined', 'json'];
const CALLS = 300_000;

/** A ServerResponse as far as the request path and the log use one. */
function fakeResponse(): ServerResponse {
  let onClose: (() => void) | null = null;
  const res = {
    statusCode: 200,
    writableFinished: false,
    headersSent: false,
    destroyed: false,
    shouldKeepAlive: true,
    writeHead(status: number) {
      res.statusCode = status;
      res.headersSent = true;
    },
    end() {
      res.writableFinished = true;
      onClose?.();
    },
    once(_event: 'close', listener: () => void) {
      onClose = listener;
    },
  };
  return res as unknown as ServerResponse;
}

/** Nanoseconds of CPU per request in this process, for one mode. */
function measure(mode: Mode): number {
  const app = new App();
  app.get('/')(function hello() {
    return new Response('Hello, World!', { mimetype: 'text/plain' });
  });
  const req = {
    method: 'GET',
    url: '/?q=1',
    headers: { host: 'localhost', 'user-agent': 'bench/1.0', referer: 'http://localhost/' },
    socket: { remoteAddress: '127.0.0.1' },
    httpVersion: '1.1',
  } as unknown as IncomingMessage;
  const log = mode === 'off' ? null : new AccessLog({ format: mode, stream: { write: () => true } });
  const run = (): void => {
    for (let i = 0; i < CALLS; i++) {
      const res = fakeResponse();
      if (log === null) handleNodeRequest(app, req, res);
      else {
        handleNodeRequest(app, req, res, log.begin(req, res));
        // A turn of the event loop every 100 requests: the lines are written, as in a server.
        if (i % 100 === 99) log.flush();
      }
    }
    log?.flush();
  };
  run();
  run();
  const before = process.cpuUsage();
  run();
  run();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / (2 * CALLS);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function main(): void {
  const rounds = Number(/^--rounds=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 8);
  const results = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  const script = fileURLToPath(import.meta.url);
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse order, so that no mode always follows the same one.
    for (const mode of round % 2 ? [...MODES].reverse() : MODES) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, `--measure=${mode}`], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`measuring ${mode} failed:\n${child.stderr}`);
      results.get(mode)!.push(Number(child.stdout));
    }
  }
  const off = median(results.get('off')!);
  console.log(`CPU per request, median of ${rounds} processes (min–max):`);
  for (const [mode, values] of results) {
    const extra = mode === 'off' ? '' : `  (+${(median(values) - off).toFixed(0)} ns)`;
    const range = `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
    console.log(`  ${mode.padEnd(8)} ${median(values).toFixed(0).padStart(5)} ns  (${range})${extra}`);
  }
}

const measured = /^--measure=(\w+)$/.exec(process.argv[2] ?? '')?.[1] as Mode | undefined;
if (measured === undefined) main();
else process.stdout.write(String(measure(measured)));
