import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { requestLogLine, tracebackResponse } from '../lib/debug-page.ts';

const Traceback = suite('tracebackResponse');

Traceback('a 500 page with the escaped name, message, request and stack', () => {
  const error = new TypeError('<script>alert(1)</script>');
  const response = tracebackResponse(error, 'POST', '/a<b>');
  assert.is(response.status, 500);
  assert.is(response.mimetype, 'text/html');
  const html = response.text;
  assert.match(html, '<h1>TypeError</h1>');
  assert.match(html, '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.not.match(html, '<script>');
  assert.match(html, '<code>POST /a&lt;b&gt;</code>');
  assert.match(html, /at .*debug-page\.test\.ts/);
});

Traceback('follows causes, and stops on a cycle', () => {
  const root = new RangeError('root cause');
  const error = new Error('outer', { cause: root });
  assert.match(tracebackResponse(error, 'GET', '/').text, /Caused by: RangeError: root cause/);
  const cyclic = new Error('loop');
  cyclic.cause = cyclic;
  const text = tracebackResponse(cyclic, 'GET', '/').text;
  assert.is(text.split('Caused by:').length - 1, 7);
});

Traceback('a thrown non-error is shown as text', () => {
  const html = tracebackResponse('plain <string>', 'GET', '/').text;
  assert.match(html, '<h1>Error</h1>');
  assert.match(html, 'plain &lt;string&gt;');
});

const LogLine = suite('requestLogLine');

LogLine('method, target, status and milliseconds', () => {
  const line = requestLogLine({ method: 'GET', url: '/a?b=1', status: 200, ms: 1.26, aborted: false }, false);
  assert.is(line, 'GET /a?b=1 200 1.3ms');
  const cut = requestLogLine({ method: 'GET', url: '/events', status: 200, ms: 12, aborted: true }, false);
  assert.is(cut, 'GET /events 200 12.0ms (aborted)');
});

LogLine('coloured by status class for a terminal, like Werkzeug', () => {
  const line = (status: number): string =>
    requestLogLine({ method: 'GET', url: '/', status, ms: 0, aborted: false }, true);
  assert.is(line(200), 'GET / 200 0.0ms');
  assert.is(line(304), '\x1b[36mGET / 304 0.0ms\x1b[0m');
  assert.is(line(302), '\x1b[32mGET / 302 0.0ms\x1b[0m');
  assert.is(line(404), '\x1b[33mGET / 404 0.0ms\x1b[0m');
  assert.is(line(400), '\x1b[1;31mGET / 400 0.0ms\x1b[0m');
  assert.is(line(500), '\x1b[1;35mGET / 500 0.0ms\x1b[0m');
  assert.is(line(101), '\x1b[1mGET / 101 0.0ms\x1b[0m');
});

Traceback.run();
LogLine.run();
