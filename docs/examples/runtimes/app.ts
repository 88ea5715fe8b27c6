/**
 * docs/runtimes.md: one app for every runtime. server.ts hands it to Bun and Deno; the consumer
 * tests (tests/consumers/runtimes.test.ts) run both on Bun and Deno from the packed package.
 */
import assert from 'node:assert/strict';
import { App } from 'phial';

// #region app
export const app = new App();

app.get('/')(function index({ request }) {
  const runtime = 'Bun' in globalThis ? 'Bun' : 'Deno' in globalThis ? 'Deno' : 'Node';
  return `Hello from ${runtime} (${request.remoteAddr || 'no address'})`;
});
// #endregion app

export async function check(): Promise<void> {
  // #region fetch
  const response = await app.fetch(new Request('http://localhost/'));
  const text = await response.text(); // 'Hello from Node (no address)': no runtime passed one
  // #endregion fetch
  assert.equal(response.status, 200);
  assert.equal(text, 'Hello from Node (no address)');
  const again = await app.fetch(new Request('http://localhost/'), { remoteAddr: { hostname: '192.0.2.1' } });
  assert.equal(await again.text(), 'Hello from Node (192.0.2.1)');
}
