/**
 * How a contestant tells the harness it listens, and how the harness reads its memory: over the
 * IPC channel `child_process.fork`/`spawn` opens, so no contestant needs an extra route.
 *
 * Run by hand (no IPC channel), a server prints its URL instead:
 * `PORT=3000 node bench/.build/servers/phial.mjs`.
 */

/** What the harness sends a contestant. */
export interface MemoryRequest {
  type: 'memory';
}

/** What a contestant answers: `process.memoryUsage()` after a full garbage collection. */
export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** The port to listen on: `PORT`, else any free port (the harness reads it from the ready message). */
export function listenPort(): number {
  return Number(process.env['PORT'] ?? 0);
}

function memoryReport(): MemoryReport {
  // A full GC first, so the heap figure is what the server retains, not where the young
  // generation happened to be; the harness starts node with --expose-gc for this, and Bun has its own.
  const runtime = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (runtime.gc !== undefined) runtime.gc();
  else runtime.Bun?.gc(true);
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { type: 'memory', rss, heapUsed, heapTotal, external };
}

/**
 * Reports the listening port to the harness and answers its memory requests.
 *
 * @example
 * ```ts
 * server.listen(listenPort(), '127.0.0.1', () => announce(server.address().port));
 * ```
 */
export function announce(name: string, port: number): void {
  // Exit cleanly on Ctrl-C or kill, so `node --cpu-prof` writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
  if (process.send === undefined) {
    console.log(`${name} listening on http://127.0.0.1:${port}/`);
    return;
  }
  process.on('message', (message: MemoryRequest) => {
    if (message.type === 'memory') process.send?.(memoryReport());
  });
  process.send({ type: 'ready', port });
}
