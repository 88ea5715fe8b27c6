import { request as undiciRequest } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { type ProxyFixOptions, proxyFix, trustedValue } from '../../lib/server/proxy-fix.ts';
import { quietApp, start } from '../helpers/live.ts';

/** An app that answers with what the view sees of the client. */
function echoApp(options?: ProxyFixOptions): App {
  const app = new App();
  app.get('/where')(function where({ request, urlFor }) {
    return {
      remoteAddr: request.remoteAddr,
      scheme: request.scheme,
      host: request.host,
      url: request.url,
      isSecure: request.isSecure,
      // Building an external URL on an invalid host is an error of its own.
      external: request.host === '' ? null : urlFor('where', { _external: true }),
      forwardedFor: request.headers.get('x-forwarded-for'),
    };
  });
  return options === undefined ? app : proxyFix(app, options);
}

async function where(app: App, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await app.testClient().get('/where', { headers, remoteAddr: '10.0.0.1' });
  return response.json() as Record<string, unknown>;
}

const Fix = suite('proxyFix');

Fix('without proxyFix, X-Forwarded-* headers change nothing', async () => {
  const seen = await where(echoApp(), {
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'example.com',
  });
  assert.is(seen.remoteAddr, '10.0.0.1');
  assert.is(seen.scheme, 'http');
  assert.is(seen.host, 'localhost');
});

Fix("Werkzeug's defaults trust one proxy for X-Forwarded-For and -Proto, none for -Host", async () => {
  const seen = await where(echoApp({}), {
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'example.com',
  });
  assert.is(seen.remoteAddr, '203.0.113.7');
  assert.is(seen.scheme, 'https');
  assert.is(seen.isSecure, true);
  assert.is(seen.host, 'localhost');
  assert.is(seen.url, 'https://localhost/where');
  assert.is(seen.external, 'https://localhost/where');
});

Fix('only the values the trusted proxies appended count: a client cannot spoof its address', async () => {
  const app = echoApp({ xFor: 1 });
  const spoofed = await where(app, { 'X-Forwarded-For': '1.2.3.4, 203.0.113.7' });
  assert.is(spoofed.remoteAddr, '203.0.113.7');
  assert.is(spoofed.forwardedFor, '1.2.3.4, 203.0.113.7', 'the header itself is left as received');
  const twoHops = echoApp({ xFor: 2 });
  assert.is(
    (await where(twoHops, { 'X-Forwarded-For': '1.2.3.4, 203.0.113.7, 10.0.0.2' })).remoteAddr,
    '203.0.113.7',
  );
  assert.is(
    (await where(twoHops, { 'X-Forwarded-For': '203.0.113.7' })).remoteAddr,
    '10.0.0.1',
    'fewer values than trusted proxies: none is trusted',
  );
});

Fix('X-Forwarded-Host and -Port set the host that URLs are built with', async () => {
  const app = echoApp({ xProto: 1, xHost: 1, xPort: 1 });
  const seen = await where(app, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com:8443' });
  assert.is(seen.host, 'example.com:8443');
  assert.is(seen.external, 'https://example.com:8443/where');
  const ported = await where(app, {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'example.com:8443',
    'X-Forwarded-Port': '443',
  });
  assert.is(ported.host, 'example.com', "the scheme's default port is dropped");
  const portOnly = await where(app, { 'X-Forwarded-Port': '8080' });
  assert.is(portOnly.host, 'localhost:8080');
  const ipv6 = await where(app, { 'X-Forwarded-Host': '[::1]', 'X-Forwarded-Port': '8080' });
  assert.is(ipv6.host, '[::1]:8080');
});

Fix('hostile or odd forwarded values read as absent or as an invalid host', async () => {
  const app = echoApp({ xFor: 1, xProto: 1, xHost: 1, xPort: 1 });
  const seen = await where(app, {
    'X-Forwarded-For': '203.0.113.7, ',
    'X-Forwarded-Proto': 'gopher',
    'X-Forwarded-Port': '80; rm -rf',
  });
  assert.is(seen.remoteAddr, '10.0.0.1', 'an empty trusted value is ignored');
  assert.is(seen.scheme, 'http');
  assert.is(seen.host, 'localhost');
  const evil = await where(app, { 'X-Forwarded-Host': 'evil.com/x' });
  assert.is(evil.host, '', 'a host no URL can hold never reaches one');
  const upper = await where(app, { 'X-Forwarded-Proto': 'HTTPS' });
  assert.is(upper.scheme, 'https');
});

Fix('options are checked when proxyFix is called', () => {
  assert.throws(
    () => proxyFix(new App(), { xFor: -1 }),
    /ProxyFixOptions\.xFor must be a non-negative integer/,
  );
  assert.throws(() => proxyFix(new App(), { xHost: 1.5 }), /ProxyFixOptions\.xHost/);
  assert.throws(
    () => proxyFix(new App(), { xPrefix: 1 } as ProxyFixOptions),
    /ProxyFixOptions\.xPrefix is not an option/,
  );
});

Fix('over a socket: the server goes through the same app.handle', async () => {
  const { app } = quietApp();
  proxyFix(app, { xFor: 1 });
  app.get('/ip')(({ request }) => request.remoteAddr);
  const server = await start(app);
  try {
    const response = await undiciRequest(`${server.url}ip`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    assert.is(await response.body.text(), '203.0.113.7');
  } finally {
    await server.close();
  }
});

Fix.run();

const Trusted = suite('trustedValue');

Trusted('counts from the right and trims', () => {
  assert.is(trustedValue(1, 'a, b ,c'), 'c');
  assert.is(trustedValue(2, 'a, b ,c'), 'b');
  assert.is(trustedValue(3, 'a, b ,c'), 'a');
  assert.is(trustedValue(4, 'a, b ,c'), null);
  assert.is(trustedValue(0, 'a'), null);
  assert.is(trustedValue(1, null), null);
  assert.is(trustedValue(1, ''), null);
});

Trusted.run();
