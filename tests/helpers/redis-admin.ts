/**
 * Asking a private Redis about itself (INFO, CLUSTER NODES, SENTINEL …) from the topology tests,
 * and waiting for a state to be reached without asserting how long it took.
 */
import { createClient } from 'redis';

/** How long a wait for a topology change may take before it is a failure instead of a hang. */
export const TOPOLOGY_DEADLINE_MS = 30_000;

/** Sends one command to the Redis (or Sentinel) on `port` over a fresh connection. */
export async function redisCommand(port: number, args: string[]): Promise<unknown> {
  const client = createClient({
    socket: { host: '127.0.0.1', port, reconnectStrategy: false, connectTimeout: 1000 },
  });
  client.on('error', () => {}); // the rejection of connect() or sendCommand() says it
  try {
    await client.connect();
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

/** `INFO section` as a map of its `name:value` lines. */
export async function redisInfo(port: number, section: string): Promise<Map<string, string>> {
  const text = String(await redisCommand(port, ['INFO', section]));
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/**
 * Polls `check` until it returns a value other than undefined (or false), or fails after `ms`
 * with the last reason it gave. A check that throws (a node not answering yet) is polled again.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = TOPOLOGY_DEADLINE_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown = 'never checked';
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
      last = 'not yet';
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
