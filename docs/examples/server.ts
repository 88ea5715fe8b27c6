/** docs/server.md: the Server object, streaming, and app.handler. */
import assert from 'node:assert/strict';
import { App } from 'phial';

const app = new App();
app.get('/')(function index() {
  return 'Hello, World!';
});

// #region events
app.get('/events')(function events() {
  return (async function* () {
    try {
      for (;;) {
        yield `data: ${new Date().toISOString()}\n\n`;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      console.log('client left'); // runs when the client disconnects
    }
  })();
});
// #endregion events

export async function check(): Promise<void> {
  // #region server
  const server = await app.run({ port: 0, log: false, handleSignals: false });
  server.port; // the port picked
  server.url; // 'http://127.0.0.1:40213/'
  server.httpServer; // the node:http Server, for anything Phial does not wrap
  await server.close();
  // #endregion server
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(server.port > 0);
  assert.equal(server.httpServer.listening, false);

  const said: string[] = [];
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => said.push(args.join(' '));
  const running = await app.run({ port: 0, log: false, handleSignals: false });
  try {
    const controller = new AbortController();
    const response = await fetch(new URL('/events', running.url), { signal: controller.signal });
    assert.equal(response.headers.get('transfer-encoding'), 'chunked');
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /^data: \d{4}-/);
    controller.abort();
    await reader.cancel().catch(() => {});
    for (let i = 0; i < 50 && said.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(said, ['client left']);
  } finally {
    console.log = consoleLog;
    running.httpServer.closeAllConnections();
    await running.close();
  }
}
