/**
 * Werkzeug's ProxyFix for Phial: behind a reverse proxy the socket's peer is the proxy, and the
 * scheme and host are the proxy's too. The proxy says what the client sent in `X-Forwarded-*`
 * headers, but a client can send those headers itself: only the last N values, the ones the N
 * proxies in front of the app appended, can be trusted.
 *
 * `proxyFix(app, …)` wraps `app.handle`, so the server and the test client both see the fixed
 * request; the view reads `request.remoteAddr`, `request.scheme`, `request.host` (and everything
 * built on them: `url`, `isSecure`, external `urlFor`) as the client used them. The headers
 * themselves are left as received.
 */
import type { App } from '../app.ts';
import type { Request } from '../http/request.ts';
import { requestHost } from '../http/target.ts';

/**
 * How many proxies set each header: the number of values to trust, counted from the right. `0`
 * ignores the header. Werkzeug's defaults: `xFor: 1, xProto: 1`, the others 0.
 *
 * @example
 * ```ts
 * const oneProxy: ProxyFixOptions = { xFor: 1, xProto: 1, xHost: 1 };
 * ```
 */
export interface ProxyFixOptions {
  /** `X-Forwarded-For` sets `request.remoteAddr`. */
  xFor?: number;
  /** `X-Forwarded-Proto` sets `request.scheme` (`http` or `https`; other values are ignored). */
  xProto?: number;
  /** `X-Forwarded-Host` sets `request.host`. */
  xHost?: number;
  /** `X-Forwarded-Port` sets the port of `request.host`. */
  xPort?: number;
}

type Trusted = Required<ProxyFixOptions>;

const OPTION_NAMES: readonly (keyof ProxyFixOptions)[] = ['xFor', 'xProto', 'xHost', 'xPort'];

function checkOptions(options: ProxyFixOptions): Trusted {
  for (const name of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(`ProxyFixOptions.${name} is not an option; use ${OPTION_NAMES.join(', ')}`);
    }
  }
  const trusted: Trusted = { xFor: 1, xProto: 1, xHost: 0, xPort: 0, ...options };
  for (const name of OPTION_NAMES) {
    const value = trusted[name];
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`ProxyFixOptions.${name} must be a non-negative integer, got ${value}`);
    }
  }
  return trusted;
}

/**
 * The value the `trusted`-th proxy from the right appended to a comma-separated header; `null`
 * when the header is missing, has fewer values than proxies are trusted, or that value is empty.
 *
 * @example
 * ```ts
 * trustedValue(1, 'spoofed, 203.0.113.7'); // '203.0.113.7'
 * trustedValue(2, '203.0.113.7');          // null: the client could have written it
 * ```
 */
export function trustedValue(trusted: number, header: string | null): string | null {
  if (trusted === 0 || header === null) return null;
  const values = header.split(',');
  if (values.length < trusted) return null;
  const value = values[values.length - trusted]!.trim();
  return value === '' ? null : value;
}

/** `host` without its port; an IPv6 address in brackets keeps its colons. */
function withoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon === -1 || host.endsWith(']') ? host : host.slice(0, colon);
}

/**
 * Shadows a request's own value: its fields are read-only to views, and the proxy's values must
 * not leak back in through a cached getter.
 */
function override(request: Request, name: 'remoteAddr' | 'scheme' | 'host', value: string): void {
  Object.defineProperty(request, name, { value, enumerable: true, configurable: true, writable: false });
}

/** The request as the client made it, according to the trusted proxies. */
function applyForwarded(request: Request, trusted: Trusted): Request {
  const headers = request.headers;
  const remoteAddr = trustedValue(trusted.xFor, headers.get('x-forwarded-for'));
  if (remoteAddr !== null) override(request, 'remoteAddr', remoteAddr);
  const scheme = trustedValue(trusted.xProto, headers.get('x-forwarded-proto'))?.toLowerCase();
  // Set before the host is read: which port is the default one depends on the scheme.
  if (scheme === 'http' || scheme === 'https') override(request, 'scheme', scheme);
  const forwardedHost = trustedValue(trusted.xHost, headers.get('x-forwarded-host'));
  const port = trustedValue(trusted.xPort, headers.get('x-forwarded-port'));
  const validPort = port !== null && /^\d{1,5}$/.test(port) ? port : null;
  if (forwardedHost === null && validPort === null) return request;
  let host = forwardedHost ?? request.host;
  if (validPort !== null) host = `${withoutPort(host)}:${validPort}`;
  override(request, 'host', requestHost(host, request.scheme));
  return request;
}

/**
 * Makes the app trust `X-Forwarded-For`, `-Proto`, `-Host` and `-Port` from the given number of
 * proxies, as Werkzeug's `ProxyFix` does, by wrapping `app.handle`. Returns the app. Trust only
 * as many proxies as really stand in front of the app: one more, and clients choose their own
 * address.
 *
 * @example
 * ```ts
 * // nginx in front of the app sets X-Forwarded-For, -Proto and -Host.
 * proxyFix(app, { xFor: 1, xProto: 1, xHost: 1 });
 * app.get('/ip')(({ request }) => request.remoteAddr); // the client's address, not nginx's
 * ```
 */
export function proxyFix<A extends App<any>>(app: A, options: ProxyFixOptions = {}): A {
  const trusted = checkOptions(options);
  const handle = app.handle.bind(app);
  app.handle = (request: Request) => handle(applyForwarded(request, trusted));
  return app;
}
