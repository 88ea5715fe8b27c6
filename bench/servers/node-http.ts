/**
 * Bare node:http: the physical limit of this runtime. One `if` per scenario, one regex for the
 * parameter route, Content-Length on every answer, a minimal HMAC-signed counter cookie, the page
 * written by hand with string concatenation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { announce, listenPort } from './announce.ts';
import { HELLO, PAGE, pageHtml, SECRET } from './shared.ts';

const USER = /^\/user\/(\d+)$/;
const TEXT = 'text/plain; charset=utf-8';

function send(res: ServerResponse, status: number, type: string, body: string, cookie?: string): void {
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  };
  if (cookie !== undefined) headers['Set-Cookie'] = cookie;
  res.writeHead(status, headers);
  res.end(body);
}

function sign(value: string): string {
  return createHmac('sha256', SECRET).update(value).digest('base64url');
}

/** The value of cookie `name` in a Cookie header, without a full parse. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
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

function counter(req: IncomingMessage, res: ServerResponse): void {
  const count = readCounter(cookieValue(req.headers.cookie, 'counter')) + 1;
  const value = String(count);
  send(res, 200, TEXT, value, `counter=${value}.${sign(value)}; Path=/; HttpOnly`);
}

function form(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const fields = new URLSearchParams(Buffer.concat(chunks).toString());
    const username = fields.get('username') ?? '';
    send(res, 200, TEXT, `Thanks, ${username}`, `username=${encodeURIComponent(username)}; Path=/`);
  });
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET') {
    if (url === '/') return send(res, 200, TEXT, HELLO);
    if (url === '/counter') return counter(req, res);
    if (url === '/page') return send(res, 200, 'text/html; charset=utf-8', pageHtml(PAGE));
    const user = USER.exec(url);
    if (user !== null) return send(res, 200, 'application/json', JSON.stringify({ id: Number(user[1]) }));
  } else if (req.method === 'POST' && url === '/form') {
    return form(req, res);
  }
  send(res, 404, TEXT, 'Not Found');
});

server.listen(listenPort(), '127.0.0.1', () => {
  const address = server.address();
  announce('node:http', typeof address === 'object' && address !== null ? address.port : 0);
});
