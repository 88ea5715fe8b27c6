import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toWebResponse } from '../../lib/fetch/fetch-response.ts';
import { Request } from '../../lib/http/request.ts';
import { Response } from '../../lib/http/response.ts';

function recorder() {
  const errors: unknown[][] = [];
  return { errors, logger: { info() {}, warn() {}, error: (...args: unknown[]) => errors.push(args) } };
}

function get(method = 'GET'): Request {
  return new Request({ method, url: '/page?x=1' });
}

const Fixed = suite('toWebResponse: text, bytes and no body');

Fixed('text goes out with its status, headers and UTF-8 Content-Length', async () => {
  const response = new Response('Привет', { status: 201, headers: { 'X-Custom': 'yes' } });
  const web = toWebResponse(response, get(), recorder().logger);
  assert.is(web.status, 201);
  assert.is(web.headers.get('content-length'), '12');
  assert.is(web.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(web.headers.get('x-custom'), 'yes');
  assert.is(await web.text(), 'Привет');
});

Fixed('bytes as they are; no body is an empty one with Content-Length 0', async () => {
  const bytes = toWebResponse(new Response(new Uint8Array([1, 2, 3])), get(), recorder().logger);
  assert.equal(new Uint8Array(await bytes.arrayBuffer()), new Uint8Array([1, 2, 3]));
  const none = toWebResponse(new Response(null), get(), recorder().logger);
  assert.is(none.headers.get('content-length'), '0');
  assert.is(await none.text(), '');
});

Fixed("a Content-Length a view set is replaced by the body's own", () => {
  const response = new Response('four', { headers: { 'Content-Length': '999' } });
  assert.is(toWebResponse(response, get(), recorder().logger).headers.get('content-length'), '4');
});

Fixed("HEAD: no body, and the GET's Content-Length", async () => {
  const web = toWebResponse(new Response('Hello'), get('HEAD'), recorder().logger);
  assert.is(web.headers.get('content-length'), '5');
  assert.is(web.body, null);
});

Fixed('204 and 304 carry no body and no Content-Length', () => {
  for (const status of [204, 304]) {
    const web = toWebResponse(new Response('ignored', { status }), get(), recorder().logger);
    assert.is(web.status, status);
    assert.is(web.body, null, `${status}`);
    assert.is(web.headers.get('content-length'), null, `${status}`);
  }
});

Fixed('several Set-Cookie values stay several headers', () => {
  const response = new Response('two').setCookie('a', '1').setCookie('b', '2', { path: '/shop' });
  const web = toWebResponse(response, get(), recorder().logger);
  assert.equal(web.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/shop']);
});

Fixed('a status the Web platform refuses throws a RangeError', () => {
  assert.throws(() => toWebResponse(new Response('x', { status: 42 }), get(), recorder().logger), RangeError);
});

const Streams = suite('toWebResponse: streamed bodies');

Streams('chunks are pulled one at a time, text encoded, empty chunks skipped', async () => {
  const produced: string[] = [];
  function* chunks() {
    for (const chunk of ['one,', '', 'two,', 'три']) {
      produced.push(chunk);
      yield chunk;
    }
  }
  const web = toWebResponse(new Response(chunks()), get(), recorder().logger);
  assert.is(web.headers.get('content-length'), null);
  assert.equal(produced, [], 'nothing is produced before the client reads');
  const reader = web.body!.getReader();
  const first = await reader.read();
  assert.is(new TextDecoder().decode(first.value), 'one,');
  assert.equal(produced, ['one,'], 'one chunk per read');
  let rest = '';
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    rest += new TextDecoder().decode(step.value);
  }
  assert.is(rest, 'two,три');
});

Streams('a Node stream and an async generator stream their bytes', async () => {
  const node = toWebResponse(new Response(Readable.from(['a', 'b'])), get(), recorder().logger);
  assert.is(await node.text(), 'ab');
  async function* generator() {
    yield new Uint8Array([104, 105]);
  }
  assert.is(await toWebResponse(new Response(generator()), get(), recorder().logger).text(), 'hi');
});

Streams('a producer that fails midway: the body errors, the failure is logged once', async () => {
  const { errors, logger } = recorder();
  let finalized = false;
  function* failing() {
    try {
      yield 'partial';
      throw new Error('disk on fire');
    } finally {
      finalized = true;
    }
  }
  const web = toWebResponse(new Response(failing()), get(), logger);
  const read = await web.text().then(
    () => 'complete',
    () => 'cut',
  );
  assert.is(read, 'cut');
  assert.ok(finalized);
  assert.is(errors.length, 1);
  assert.match(String(errors[0]![0]), /GET \/page\?x=1/);
  assert.is((errors[0]![1] as Error).message, 'disk on fire');
});

Streams('a client that leaves stops the producer: a finally runs, a Node stream is destroyed', async () => {
  let finalized = false;
  function* endless() {
    try {
      for (;;) yield 'x';
    } finally {
      finalized = true;
    }
  }
  const web = toWebResponse(new Response(endless()), get(), recorder().logger);
  const reader = web.body!.getReader();
  await reader.read();
  await reader.cancel();
  assert.ok(finalized);

  const readable = new Readable({
    read() {
      this.push('y');
    },
  });
  const node = toWebResponse(new Response(readable), get(), recorder().logger).body!.getReader();
  await node.read();
  await node.cancel();
  assert.ok(readable.destroyed);
});

Streams('a stream that will not be sent (HEAD, 204) is closed unread', () => {
  for (const [method, status] of [
    ['HEAD', 200],
    ['GET', 204],
  ] as const) {
    let finalized = false;
    let produced = 0;
    function* chunks() {
      try {
        produced++;
        yield 'x';
      } finally {
        finalized = true;
      }
    }
    const body = chunks();
    body.next(); // a view that started its generator
    const web = toWebResponse(new Response(body, { status }), get(method), recorder().logger);
    assert.is(web.body, null, `${method} ${status}`);
    assert.ok(finalized, `${method} ${status}`);
    assert.is(produced, 1);
  }
});

Fixed.run();
Streams.run();
