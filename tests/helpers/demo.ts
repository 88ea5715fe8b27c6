/**
 * The demo as a user runs it (`npm start`): a `tsx demo/server.ts` process configured from the
 * environment, on a free loopback port. It can be stopped (SIGTERM, a graceful drain), killed
 * (SIGKILL, a crash) and started again on the same port. Plus the login and profile requests the
 * demo tests make. The demo renders every page in its layout (demo/templates/base.html): what a
 * page says is the content of its one `<main>` element. Nothing here asserts a duration.
 */
import { fileURLToPath } from 'node:url';
import { type Dispatcher, request } from 'undici';
import * as assert from 'uvu/assert';
import { type Started, startProcess } from './process.ts';
import { freePort } from './redis.ts';
import { waitFor } from './redis-admin.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A demo process, running or not. */
export interface DemoProcess {
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Everything the current (or last) process printed. */
  output(): string;
  /** SIGTERM; resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same environment; resolves once it listens. */
  start(): Promise<void>;
}

/** Starts `tsx demo/server.ts` with `env` and resolves when it prints where it listens. */
export async function startDemo(env: Record<string, string>): Promise<DemoProcess> {
  const demo = new Demo(await freePort(), env);
  await demo.start();
  return demo;
}

class Demo implements DemoProcess {
  readonly port: number;
  readonly url: string;
  readonly #env: Record<string, string>;
  #process: Started | null = null;
  #lastOutput = '';
  readonly #killOnExit = (): void => {
    this.#process?.kill();
  };

  constructor(port: number, env: Record<string, string>) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.#env = env;
  }

  output(): string {
    return this.#process?.output() ?? this.#lastOutput;
  }

  async start(): Promise<void> {
    if (this.#process !== null) throw new Error('the demo is already running');
    const started = startProcess(['--import', 'tsx', 'demo/server.ts'], {
      cwd: ROOT,
      env: { HOST: '127.0.0.1', PORT: String(this.port), ...this.#env },
    });
    this.#process = started;
    process.once('exit', this.#killOnExit);
    try {
      await started.waitFor(/Running on/, 'the demo to listen');
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const started = this.#detach();
    if (started !== null) await started.stop();
  }

  async kill(): Promise<void> {
    const started = this.#detach();
    if (started === null) return;
    started.kill();
    await started.exited;
  }

  #detach(): Started | null {
    const started = this.#process;
    if (started === null) return null;
    this.#process = null;
    this.#lastOutput = started.output();
    process.removeListener('exit', this.#killOnExit);
    return started;
  }
}

/** POSTs the login form; asserts the redirect and returns the `session=…` cookie pair. */
export async function login(base: string, username: string): Promise<string> {
  const response = await request(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username }).toString(),
  });
  await response.body.dump();
  assert.is(response.statusCode, 302);
  const setCookie = [response.headers['set-cookie']].flat().find((value) => value?.startsWith('session='));
  assert.ok(setCookie, 'login sets the session cookie');
  return setCookie!.split(';')[0]!;
}

/**
 * The HTML between `<main>` and `</main>`, exactly; fails when a page has none or several.
 *
 * @example
 * ```ts
 * mainContent('<header>…</header><main>Привет!</main>'); // 'Привет!'
 * ```
 */
export function mainContent(page: string): string {
  const start = page.indexOf('<main>');
  const end = page.indexOf('</main>');
  if (start === -1 || end < start || page.indexOf('<main>', start + 1) !== -1) {
    throw new Error(`expected one <main> element in the page:\n${page.slice(0, 300)}`);
  }
  return page.slice(start + '<main>'.length, end);
}

/** What /profile says, in the `<main>` of the demo's layout. */
export async function profile(base: string, cookie: string): Promise<string> {
  const response = await request(`${base}/profile`, { headers: { cookie } });
  return mainContent(await response.body.text());
}

/** What a test reads of a response. */
export interface Answer {
  status: number;
  /** The body; for a page of the demo, {@link mainContent} gives what it says. */
  text: string;
  /** nginx's `X-Upstream`: the instance(s) that answered (`''` without nginx). */
  upstream: string;
  retryAfter: string | undefined;
}

/** GET `url` and read the whole answer. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
  dispatcher?: Dispatcher,
): Promise<Answer> {
  const response = await request(url, { headers, ...(dispatcher ? { dispatcher } : {}) });
  const header = (name: string) => [response.headers[name]].flat()[0];
  return {
    status: response.statusCode,
    text: await response.body.text(),
    upstream: header('x-upstream') ?? '',
    retryAfter: header('retry-after'),
  };
}

/**
 * GET /profile until it is not a 503 (the session store failing over); asserts that each 503 says
 * `Retry-After: 1` and that nothing else but a 200 comes back. What the page says, and how many 503s
 * it took.
 */
export async function profileAfterOutage(
  base: string,
  cookie: string,
  dispatcher?: Dispatcher,
): Promise<{ text: string; unavailable: number }> {
  let unavailable = 0;
  const text = await waitFor('/profile to answer again', async () => {
    const answer = await get(`${base}/profile`, { cookie }, dispatcher);
    if (answer.status === 503) {
      assert.is(answer.retryAfter, '1', 'a 503 says when to retry');
      unavailable++;
      return undefined;
    }
    assert.is(answer.status, 200, `never a ${answer.status}`);
    return mainContent(answer.text);
  });
  return { text, unavailable };
}
