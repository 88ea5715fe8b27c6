/**
 * `npm run soak`: drives the demo, with sessions, for a fixed number of requests from many
 * connections, then reports errors (there must be none), heap growth and RSS. Not part of
 * `npm test`.
 *
 * The demo serves in the main thread; the load runs in a worker thread, whose heap is its own, so
 * the heap figures are the server's. Each connection is a browser that goes through the article and
 * the shop with its cookies: set and read a cookie, log in, see the profile, add to the cart, see
 * the flash and the cart, empty it, log out. Every answer is checked (status, Location, text).
 *
 * Settings (environment):
 * - `SOAK_REQUESTS`    requests to send, rounded up to whole visits (default 20,000)
 * - `SOAK_CONNECTIONS` concurrent connections, one browser each (default 50)
 * - `SESSION_BACKEND`  `cookie` | `encrypted` | `memory` | `redis`, as for `npm start` (default `memory`)
 * - `SECRET_KEY`, `REDIS_URL` as for `npm start`
 *
 * Exits with 1 when any request failed or the server logged an error.
 */
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Client } from 'undici';

/** One step of a visit: the request, and what a correct answer looks like. */
interface Step {
  method: 'GET' | 'POST';
  path: string;
  form?: string;
  status: number;
  location?: string;
  contains?: string;
}

/** A browser's visit; `{user}` is replaced by a name of its own. */
const VISIT: readonly Step[] = [
  { method: 'GET', path: '/set_cookie', status: 200, contains: 'Куки установлены!' },
  { method: 'GET', path: '/get_cookie', status: 200, contains: 'Привет, John Doe!' },
  { method: 'POST', path: '/login', form: 'username={user}', status: 302, location: '/profile' },
  { method: 'GET', path: '/profile', status: 200, contains: 'Привет, {user}!' },
  { method: 'POST', path: '/shop/cart/tea', status: 302, location: '/shop/' },
  { method: 'GET', path: '/shop/', status: 200, contains: 'is in your cart.' },
  { method: 'GET', path: '/shop/cart', status: 200, contains: '× 1' },
  { method: 'POST', path: '/shop/cart/clear', status: 302, location: '/shop/cart' },
  { method: 'GET', path: '/shop/cart', status: 200, contains: 'Your cart is empty.' },
  { method: 'GET', path: '/logout', status: 302, location: '/profile' },
  { method: 'GET', path: '/profile', status: 200, contains: 'Вы не авторизованы.' },
];

interface LoadTask {
  url: string;
  visits: number;
  connections: number;
  /** Prefix of the user names, so that the warm-up and the run never share a name. */
  label: string;
}

interface LoadResult {
  requests: number;
  errors: number;
  messages: string[];
  ms: number;
}

// ── the load (worker thread) ───────────────────────────────────────────────────────────────────

/** A browser's cookie jar, enough for the demo: one path, no domains. */
class Jar {
  readonly #cookies = new Map<string, string>();

  store(setCookie: string | string[] | undefined): void {
    for (const header of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const pair = header.slice(0, header.indexOf(';') === -1 ? header.length : header.indexOf(';'));
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      if (/;\s*Max-Age=0\b/i.test(header)) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(equals + 1));
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function runLoad(task: LoadTask): Promise<LoadResult> {
  const started = performance.now();
  const result: LoadResult = { requests: 0, errors: 0, messages: [], ms: 0 };
  const fail = (message: string): void => {
    result.errors++;
    if (result.messages.length < 10) result.messages.push(message);
  };
  let nextVisit = 0;
  const browser = async (id: number): Promise<void> => {
    const client = new Client(task.url, { pipelining: 1 });
    try {
      for (let visit = nextVisit++; visit < task.visits; visit = nextVisit++) {
        const jar = new Jar();
        const user = `${task.label}-${id}-${visit}`;
        for (const step of VISIT) {
          result.requests++;
          try {
            await runStep(client, jar, step, user, fail);
          } catch (error) {
            fail(`${step.method} ${step.path}: ${(error as Error).message}`);
          }
        }
      }
    } finally {
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: task.connections }, (_, id) => browser(id)));
  result.ms = performance.now() - started;
  return result;
}

async function runStep(
  client: Client,
  jar: Jar,
  step: Step,
  user: string,
  fail: (message: string) => void,
): Promise<void> {
  const cookie = jar.header();
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const body = step.form?.replace('{user}', encodeURIComponent(user));
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await client.request({ method: step.method, path: step.path, headers, body: body ?? null });
  const text = await res.body.text();
  jar.store(res.headers['set-cookie']);
  const what = `${step.method} ${step.path} as ${user}`;
  if (res.statusCode !== step.status) fail(`${what}: status ${res.statusCode}, expected ${step.status}`);
  if (step.location !== undefined && res.headers.location !== step.location) {
    fail(`${what}: Location ${String(res.headers.location)}, expected ${step.location}`);
  }
  const expected = step.contains?.replace('{user}', user);
  if (expected !== undefined && !text.includes(expected))
    fail(`${what}: the page lacks ${JSON.stringify(expected)}`);
}

// ── the server and the measurements (main thread) ──────────────────────────────────────────────

function settings(): { requests: number; connections: number; backend: string } {
  const requests = Number(process.env.SOAK_REQUESTS ?? 20_000);
  const connections = Number(process.env.SOAK_CONNECTIONS ?? 50);
  if (!Number.isSafeInteger(requests) || requests < 1)
    throw new TypeError('SOAK_REQUESTS must be a positive integer');
  if (!Number.isSafeInteger(connections) || connections < 1) {
    throw new TypeError('SOAK_CONNECTIONS must be a positive integer');
  }
  return { requests, connections, backend: process.env.SESSION_BACKEND || 'memory' };
}

/** Node's `gc()`, without asking the user for `--expose-gc`. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Module hooks are per thread: the worker registers tsx before it imports this file. */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;

async function load(task: LoadTask): Promise<LoadResult> {
  const worker = new Worker(WORKER_BOOT, { eval: true, workerData: task });
  try {
    const [result] = (await once(worker, 'message')) as [LoadResult];
    return result;
  } finally {
    await worker.terminate();
  }
}

async function main(): Promise<number> {
  const soak = settings();
  const { createDemoApp } = await import('../demo/app.ts');
  const { demoOptions } = await import('../demo/config.ts');
  const env = {
    ...process.env,
    SESSION_BACKEND: soak.backend,
    SECRET_KEY: process.env.SECRET_KEY || 'soak secret',
  };
  const resources = await demoOptions(env, () => {});
  const app = createDemoApp(resources.options);
  const serverErrors: string[] = [];
  app.logger = {
    info() {},
    warn() {},
    error: (...args: unknown[]) => serverErrors.push(args.map(String).join(' ')),
  };
  const store = (resources.options.sessionInterface as { store?: { size?: unknown } } | undefined)?.store;
  const server = await app.run({ port: 0, log: false, handleSignals: false });
  try {
    return await measure(server.url.slice(0, -1), soak, serverErrors, store);
  } finally {
    server.httpServer.closeAllConnections();
    await server.close();
    await resources.close();
  }
}

/** Warms up, takes the baseline, runs the load, and prints the report; resolves to the exit code. */
async function measure(
  url: string,
  { requests, connections, backend }: ReturnType<typeof settings>,
  serverErrors: string[],
  store: { size?: unknown } | undefined,
): Promise<number> {
  const gc = collector();
  const visits = Math.ceil(requests / VISIT.length);
  console.log(
    `soak: ${visits * VISIT.length} requests (${visits} visits of ${VISIT.length}) ` +
      `from ${connections} connections, SESSION_BACKEND=${backend}`,
  );
  // A warm-up first, so that the baseline holds what any running server holds (compiled code, pools).
  const warm = await load({ url, visits: Math.min(visits, connections * 4), connections, label: 'warm' });
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const run = await load({ url, visits, connections, label: 'user' });
  clearInterval(sampler);
  gc();
  const after = process.memoryUsage();

  const errors = warm.errors + run.errors + serverErrors.length;
  const growth = after.heapUsed - before.heapUsed;
  const seconds = run.ms / 1000;
  console.log(
    `requests:     ${run.requests} in ${seconds.toFixed(1)} s (${Math.round(run.requests / seconds)}/s), ` +
      `after ${warm.requests} to warm up`,
  );
  console.log(
    `errors:       ${errors} (client checks ${warm.errors + run.errors}, server log ${serverErrors.length})`,
  );
  console.log(
    `heap used:    ${megabytes(before.heapUsed)} → ${megabytes(after.heapUsed)} after GC ` +
      `(growth ${megabytes(growth)}, ${Math.round(growth / (run.requests / 1000))} bytes per 1,000 requests)`,
  );
  console.log(
    `rss:          ${megabytes(before.rss)} → ${megabytes(after.rss)} (peak ${megabytes(peakRss)})`,
  );
  if (typeof store?.size === 'number')
    console.log(`sessions left in the store: ${store.size} (every browser logged out)`);
  for (const message of [...warm.messages, ...run.messages, ...serverErrors].slice(0, 10))
    console.log(`  ${message}`);
  return errors === 0 ? 0 : 1;
}

if (isMainThread) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
} else {
  runLoad(workerData as LoadTask).then((result) => parentPort!.postMessage(result));
}
