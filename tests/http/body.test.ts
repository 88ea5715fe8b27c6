import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request as undiciRequest } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ClientAbortedError, readBody } from '../../lib/http/body.ts';
import { HttpError } from '../../lib/http/errors.ts';

const LIMIT = 1000;
const EVENTS = ['data', 'end', 'error', 'close', 'aborted', 'readable'] as const;

type Outcome = {
  body?: Uint8Array | null;
  error?: unknown;
  listenersBefore: number[];
  listenersAfter: number[];
};

const listenerCounts = (req: IncomingMessage): number[] => EVENTS.map((name) => req.listenerCount(name));

let server: Server;
let port: number;
let outcomes: Array<(outcome: Outcome) => void> = [];

/** Resolves with what readBody did for the next request the server sees. */
function nextOutcome(): Promise<Outcome> {
  return new Promise((resolve) => outcomes.push(resolve));
}

/** Sends raw bytes over a socket and resolves with whatever the server answers before closing. */
function rawRequest(payload: string | Buffer, { end = false, destroy = false } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(payload, () => {
        if (destroy) socket.destroy();
        else if (end) socket.end();
      });
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
}

const read = suite('readBody');

read.before(async () => {
  server = createServer((req, res) => {
    const listenersBefore = listenerCounts(req);
    readBody(req, LIMIT).then(
      (body) => {
        outcomes.shift()?.({ body, listenersBefore, listenersAfter: listenerCounts(req) });
        res.end(body === null ? 'null' : String(body.byteLength));
      },
      (error: unknown) => {
        outcomes.shift()?.({ error, listenersBefore, listenersAfter: listenerCounts(req) });
        if (error instanceof HttpError) res.writeHead(error.status, { connection: 'close' }).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

read.after.each(() => {
  outcomes = [];
});

read.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

read('a request without a body resolves to null and leaves no listener', async () => {
  const outcome = nextOutcome();
  const response = await undiciRequest(`http://127.0.0.1:${port}/`);
  assert.is(await response.body.text(), 'null');
  const { body, listenersBefore, listenersAfter } = await outcome;
  assert.is(body, null);
  assert.equal(listenersAfter, listenersBefore);
});

read('a Content-Length: 0 body is empty', async () => {
  const outcome = nextOutcome();
  const response = await undiciRequest(`http://127.0.0.1:${port}/`, { method: 'POST', body: '' });
  assert.is(await response.body.text(), '0');
  const { body } = await outcome;
  assert.instance(body, Uint8Array);
  assert.is(body!.byteLength, 0);
});

read('reads a body with Content-Length, then removes its listeners', async () => {
  const outcome = nextOutcome();
  const sent = Buffer.from('héllo wörld');
  const response = await undiciRequest(`http://127.0.0.1:${port}/`, { method: 'POST', body: sent });
  assert.is(response.statusCode, 200);
  await response.body.text();
  const { body, listenersBefore, listenersAfter } = await outcome;
  assert.equal(Buffer.from(body!), sent);
  assert.equal(listenersAfter, listenersBefore);
});

read('reads a chunked body in several pieces, up to exactly the limit', async () => {
  const outcome = nextOutcome();
  const pieces = [Buffer.alloc(400, 'a'), Buffer.alloc(400, 'b'), Buffer.alloc(200, 'c')];
  const response = await undiciRequest(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    body: Readable.from(pieces),
  });
  assert.is(await response.body.text(), String(LIMIT));
  const { body } = await outcome;
  assert.equal(Buffer.from(body!), Buffer.concat(pieces));
});

read('a Content-Length over the limit is a 413 before any byte is read', async () => {
  const outcome = nextOutcome();
  const answer = rawRequest('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n');
  const { error, listenersAfter } = await outcome;
  assert.instance(error, HttpError);
  assert.is((error as HttpError).status, 413);
  assert.is(listenersAfter[0], 0, 'no data listener was attached');
  assert.match(await answer, /^HTTP\/1\.1 413 /);
});

read('a chunked body that passes the limit is a 413', async () => {
  const outcome = nextOutcome();
  const chunk = (data: string): string => `${data.length.toString(16)}\r\n${data}\r\n`;
  const answer = rawRequest(
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
      chunk('x'.repeat(600)) +
      chunk('y'.repeat(600)),
  );
  const { error, listenersBefore, listenersAfter } = await outcome;
  assert.instance(error, HttpError);
  assert.is((error as HttpError).status, 413);
  assert.equal(listenersAfter, listenersBefore);
  assert.match(await answer, /^HTTP\/1\.1 413 /);
});

read('a client that resets mid-body is a ClientAbortedError', async () => {
  const outcome = nextOutcome();
  const answer = rawRequest('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789', {
    destroy: true,
  });
  const { error, listenersBefore, listenersAfter } = await outcome;
  assert.instance(error, ClientAbortedError);
  assert.not.instance(error, HttpError);
  assert.equal(listenersAfter, listenersBefore);
  assert.is(await answer, '');
});

read('fewer bytes than Content-Length, then end of stream, is a ClientAbortedError', async () => {
  const outcome = nextOutcome();
  rawRequest('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789', { end: true });
  const { error } = await outcome;
  assert.instance(error, ClientAbortedError);
});

read('a chunked body cut off before its last chunk is a ClientAbortedError', async () => {
  const outcome = nextOutcome();
  rawRequest('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n', { end: true });
  const { error } = await outcome;
  assert.instance(error, ClientAbortedError);
});

read('a null limit reads everything', async () => {
  const req = Readable.from([Buffer.from('ab'), Buffer.from('cd')]) as unknown as IncomingMessage;
  Object.assign(req, { headers: { 'transfer-encoding': 'chunked' } });
  const body = await readBody(req, null);
  assert.is(Buffer.from(body!).toString(), 'abcd');
});

read('a single chunk comes back without a copy', async () => {
  const chunk = Buffer.from('only');
  const req = Readable.from([chunk]) as unknown as IncomingMessage;
  Object.assign(req, { headers: { 'content-length': '4' } });
  assert.is(await readBody(req, 10), chunk);
});

read.run();
