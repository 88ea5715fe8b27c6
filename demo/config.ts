/**
 * The demo's configuration from the environment:
 *
 * - `SECRET_KEY`: signs (or encrypts) sessions; a development default, with a warning, when unset.
 * - `SESSION_BACKEND`: `cookie` (default, Flask's signed cookie) | `encrypted` | `memory` | `redis`.
 * - `REDIS_URL`, or `REDIS_SENTINELS` and `REDIS_SENTINEL_NAME`: where Redis is, for
 *   `SESSION_BACKEND=redis`: one server, a cluster or a Sentinel-watched master (demo/redis.ts).
 * - `REDIS_REPLICAS`: how many replicas must hold a session write before the response leaves
 *   (RedisStore's `replicas`, sent as `WAIT`); 0 by default.
 * - `PROXY_FIX=1`: the demo runs behind one reverse proxy and trusts its `X-Forwarded-For`,
 *   `-Proto` and `-Host` (proxyFix).
 * - `CSRF_TOKEN_REQUIRED=1`: form posts must carry their CSRF token, besides coming from the demo.
 */
import {
  EncryptedCookieSessionInterface,
  MemoryStore,
  RedisStore,
  ServerSideSessionInterface,
} from '../lib/index.ts';
import type { DemoOptions } from './app.ts';
import { redisFromEnv } from './redis.ts';

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
  const base = { secretKey, csrfTokenRequired: env.CSRF_TOKEN_REQUIRED === '1', ...proxyFromEnv(env) };
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
      const replicas = wholeNumber(env, 'REDIS_REPLICAS');
      const redis = await redisFromEnv(env);
      // The store listens to the client's errors (one log line per outage) before it connects.
      const store = new RedisStore({ client: redis.client, replicas });
      await redis.connect();
      return {
        options: { ...base, sessionInterface: new ServerSideSessionInterface({ store }) },
        close: async () => redis.close(),
      };
    }
    default:
      throw new Error(`SESSION_BACKEND must be one of ${BACKENDS.join(', ')}; got '${backend}'.`);
  }
}

/** `PROXY_FIX=1`: one proxy in front, trusted for X-Forwarded-For, -Proto and -Host. */
function proxyFromEnv(env: NodeJS.ProcessEnv): Pick<DemoOptions, 'proxyFix'> {
  const value = env.PROXY_FIX || '0';
  if (value === '0') return {};
  if (value === '1') return { proxyFix: { xFor: 1, xProto: 1, xHost: 1 } };
  throw new Error(`PROXY_FIX must be 1 (behind one proxy) or 0; got '${value}'.`);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name] || '0';
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number; got '${value}'.`);
  return Number(value);
}
