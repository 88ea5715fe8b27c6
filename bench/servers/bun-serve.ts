/**
 * Serving a fetch handler with Bun.serve, for the Bun contestants. Bun's types are not installed
 * here: the little of Bun.serve these servers use is declared below.
 */
import { announce, listenPort } from './announce.ts';

type FetchHandler = (request: Request, server: unknown) => Response | Promise<Response>;

interface BunRuntime {
  serve(options: { hostname: string; port: number; fetch: FetchHandler }): { port: number };
}

/**
 * Serves `fetch` on 127.0.0.1 with Bun.serve and tells the harness the port.
 *
 * @example
 * ```ts
 * serveOnBun('Hono (Bun)', app.fetch);
 * ```
 */
export function serveOnBun(name: string, fetch: FetchHandler): void {
  const bun = (globalThis as { Bun?: BunRuntime }).Bun;
  if (bun === undefined) throw new Error(`${name} runs on Bun: bun .build/servers/…`);
  const server = bun.serve({ hostname: '127.0.0.1', port: listenPort(), fetch });
  announce(name, server.port);
}
