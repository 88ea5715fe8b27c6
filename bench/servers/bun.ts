/**
 * Bare Bun.serve: the physical limit of Bun, as node-http.ts is Node's. One `if` per scenario, one
 * regex for the parameter route, the same HMAC-signed counter cookie, the page written by hand.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { serveOnBun } from './bun-serve.ts';
import { HELLO, PAGE, pageHtml, SECRET } from './shared.ts';

const USER = /^\/user\/(\d+)$/;
const TEXT = 'text/plain; charset=utf-8';

function send(status: number, type: string, body: string, cookie?: string): Response {
  const headers: Record<string, string> = { 'content-type': type };
  if (cookie !== undefined) headers['set-cookie'] = cookie;
  return new Response(body, { status, headers });
}

function sign(value: string): string {
  return createHmac('sha256', SECRET).update(value).digest('base64url');
}

/** The value of cookie `name` in a Cookie header, without a full parse. */
function cookieValue(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** `count.signature`; a missing or forged cookie reads as 0. */
function readCounter(cookie: string | undefined): number {
  if (cookie === undefined) return 0;
  const dot = cookie.lastIndexOf('.');
  if (dot === -1) return 0;
  const value = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1));
  const expected = Buffer.from(sign(value));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 0;
  return Number(value) || 0;
}

function counter(request: Request): Response {
  const count = readCounter(cookieValue(request.headers.get('cookie'), 'counter')) + 1;
  const value = String(count);
  return send(200, TEXT, value, `counter=${value}.${sign(value)}; Path=/; HttpOnly`);
}

async function form(request: Request): Promise<Response> {
  const fields = new URLSearchParams(await request.text());
  const username = fields.get('username') ?? '';
  return send(200, TEXT, `Thanks, ${username}`, `username=${encodeURIComponent(username)}; Path=/`);
}

serveOnBun('Bun.serve', (request) => {
  const url = request.url;
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  if (request.method === 'GET') {
    if (path === '/') return send(200, TEXT, HELLO);
    if (path === '/counter') return counter(request);
    if (path === '/page') return send(200, 'text/html; charset=utf-8', pageHtml(PAGE));
    const user = USER.exec(path);
    if (user !== null) return send(200, 'application/json', JSON.stringify({ id: Number(user[1]) }));
  } else if (request.method === 'POST' && path === '/form') {
    return form(request);
  }
  return send(404, TEXT, 'Not Found');
});
