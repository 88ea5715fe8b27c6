/**
 * The four scenarios of issue 4 and the templated page of issue 13, the load wrk sends for each, and the check every contestant
 * must pass before it is measured (a server that answers the wrong thing fast wins nothing).
 */
import { strict as assert } from 'node:assert';
import { HELLO, PAGE, pageHtml } from '../servers/shared.ts';
import type { Load } from './wrk.ts';

/** A scenario: its id, its name in tables, its wrk load. */
export interface Scenario {
  id: 'hello' | 'param' | 'session' | 'form' | 'page';
  name: string;
  load: Load;
}

/** In measurement order. */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'hello', name: 'Hello (GET /)', load: { script: 'get.lua', path: '/' } },
  { id: 'param', name: 'Param route (GET /user/42)', load: { script: 'get.lua', path: '/user/42' } },
  {
    id: 'session',
    name: 'Session round trip (GET /counter)',
    load: { script: 'session.lua', path: '/counter' },
  },
  { id: 'form', name: 'Form POST, 1 KB (POST /form)', load: { script: 'post.lua', path: '/form' } },
  { id: 'page', name: 'Templated page (GET /page)', load: { script: 'get.lua', path: '/page' } },
];

/** The Set-Cookie values of a fetch response as `name=value` pairs. */
function cookiePairs(response: globalThis.Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
}

async function checkHello(base: string): Promise<void> {
  const response = await fetch(`${base}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; ?charset=utf-8$/i);
  assert.equal(await response.text(), HELLO);
}

async function checkParam(base: string): Promise<void> {
  const response = await fetch(`${base}/user/42`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(await response.json(), { id: 42 });
}

async function checkSession(base: string): Promise<void> {
  let cookie = '';
  for (const expected of ['1', '2', '3']) {
    const response = await fetch(`${base}/counter`, { headers: cookie ? { cookie } : {} });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), expected, 'the counter must survive the round trip');
    cookie = cookiePairs(response).join('; ');
    assert.notEqual(cookie, '', 'the counter must be written back');
  }
  const forged = cookie.replace(/=(.)/, (_, first: string) => `=${first === 'A' ? 'B' : 'A'}`);
  const response = await fetch(`${base}/counter`, { headers: { cookie: forged } });
  assert.equal(await response.text(), '1', 'a forged session cookie must read as a new session');
}

async function checkForm(base: string): Promise<void> {
  const body = new URLSearchParams({ username: 'ada_lovelace', message: 'x'.repeat(900) });
  const response = await fetch(`${base}/form`, { method: 'POST', body });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'Thanks, ada_lovelace');
  assert.ok(cookiePairs(response).includes('username=ada_lovelace'), 'the form must set the cookie');
}

async function checkPage(base: string): Promise<void> {
  const response = await fetch(`${base}/page`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8$/i);
  // Layout, 20 escaped items and the flash: byte for byte the page written by hand.
  assert.equal(await response.text(), pageHtml(PAGE));
}

const CHECKS: Record<Scenario['id'], (base: string) => Promise<void>> = {
  hello: checkHello,
  param: checkParam,
  session: checkSession,
  form: checkForm,
  page: checkPage,
};

/**
 * Checks that a server answers every scenario as specified; throws an AssertionError naming the
 * server and the scenario.
 *
 * @example
 * ```ts
 * await checkServer('Phial', 'http://127.0.0.1:40213');
 * ```
 */
export async function checkServer(name: string, base: string): Promise<void> {
  for (const scenario of SCENARIOS) {
    try {
      await CHECKS[scenario.id](base);
    } catch (error) {
      throw new Error(`${name} fails scenario "${scenario.name}": ${(error as Error).message}`);
    }
  }
}
