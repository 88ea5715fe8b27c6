/**
 * The demo's configuration from the environment:
 *
 * - `SECRET_KEY`: signs (or encrypts) sessions; a development default, with a warning, when unset.
 * - `SESSION_BACKEND`: `cookie` (default, Flask's signed cookie) | `encrypted` | `memory` | `redis`.
 * - `REDIS_URL`: where Redis is, for `SESSION_BACKEND=redis` (default `redis://127.0.0.1:6379`).
 * - `CSRF_TOKEN_REQUIRED=1`: form posts must carry their CSRF token, besides coming from the demo.
 */
import {
  EncryptedCookieSessionInterface,
  MemoryStore,
  RedisStore,
  ServerSideSessionInterface,
} from '../lib/index.ts';
import type { DemoOptions } from './app.ts';

const DEVELOPMENT_SECRET = 'phial demo: development only';

/** The session backends the demo knows. */
export const BACKENDS = ['cookie', 'encrypted', 'memory', 'redis'] as const;

/** What `demoOptions` needs to release when the server stops. */
export interface DemoResources {
  options: DemoOptions;
  close(): Promise<void>;
}

/** Reads the demo's options from `env`, connecting to Redis when asked to. */
export async function demoOptions(
  env: NodeJS.ProcessEnv = process.env,
  warn = console.warn,
): Promise<DemoResources> {
  const secretKey = env.SECRET_KEY || DEVELOPMENT_SECRET;
  if (!env.SECRET_KEY) {
    warn(
      ' * Warning: SECRET_KEY is not set; using a development key. Set SECRET_KEY to something secret in production.',
    );
  }
  const base = { secretKey, csrfTokenRequired: env.CSRF_TOKEN_REQUIRED === '1' };
  const backend = env.SESSION_BACKEND || 'cookie';
  switch (backend) {
    case 'cookie':
      return { options: base, close: async () => {} };
    case 'encrypted':
      return {
        options: { ...base, sessionInterface: new EncryptedCookieSessionInterface() },
        close: async () => {},
      };
    case 'memory': {
      const store = new MemoryStore();
      return {
        options: { ...base, sessionInterface: new ServerSideSessionInterface({ store }) },
        close: async () => store.close(),
      };
    }
    case 'redis': {
      const { createClient } = await import('redis');
      const client = createClient({
        url: env.REDIS_URL || 'redis://127.0.0.1:6379',
        disableOfflineQueue: true,
      });
      client.on('error', (error: Error) => warn(` * Redis: ${error.message}`));
      await client.connect();
      const store = new RedisStore({ client });
      return {
        options: { ...base, sessionInterface: new ServerSideSessionInterface({ store }) },
        close: async () => {
          client.destroy();
        },
      };
    }
    default:
      throw new Error(`SESSION_BACKEND must be one of ${BACKENDS.join(', ')}; got '${backend}'.`);
  }
}
