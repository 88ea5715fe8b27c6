/**
 * The origin layer (lib/csrf/origin.ts): Go 1.25's CrossOriginProtection rule, with the scheme
 * compared, on requests built as the server builds them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOrigin, requestOrigin, serializeOrigin, trustedOrigins } from '../../lib/csrf/origin.ts';
import { Request } from '../../lib/http/request.ts';

function post(headers: Record<string, string>, scheme: 'http' | 'https' = 'http'): Request {
  return new Request({
    method: 'POST',
    url: '/cart',
    headers: { Host: 'shop.test:5000', ...headers },
    scheme,
  });
}

const NONE: ReadonlySet<string> = new Set();

const Origin = suite('checkOrigin');

Origin(
  'Sec-Fetch-Site: same-origin and none pass; same-site, cross-site and unknown values are refused',
  () => {
    assert.is(checkOrigin(post({ 'Sec-Fetch-Site': 'same-origin' }), NONE), null);
    assert.is(checkOrigin(post({ 'Sec-Fetch-Site': 'none' }), NONE), null);
    for (const site of ['same-site', 'cross-site', 'Same-Origin', 'same-origin, none', 'bogus']) {
      const refused = checkOrigin(post({ 'Sec-Fetch-Site': site }), NONE);
      assert.ok(refused, `${site} is refused`);
      assert.is(refused!.status, 403);
      assert.is(refused!.reason, 'sec-fetch-site');
      assert.is(refused!.layer, 'origin');
    }
  },
);

Origin(
  'Sec-Fetch-Site decides alone: a matching Origin does not rescue cross-site, a foreign one does not refuse same-origin',
  () => {
    const own = 'http://shop.test:5000';
    assert.ok(checkOrigin(post({ 'Sec-Fetch-Site': 'cross-site', Origin: own }), NONE));
    assert.is(
      checkOrigin(post({ 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }), NONE),
      null,
    );
  },
);

Origin('the message names the header and the value, and echoes no unknown value', () => {
  assert.match(
    checkOrigin(post({ 'Sec-Fetch-Site': 'cross-site' }), NONE)!.description,
    'Sec-Fetch-Site: cross-site',
  );
  const odd = checkOrigin(post({ 'Sec-Fetch-Site': '<script>' }), NONE)!.description;
  assert.not.match(odd, '<script>');
  assert.match(odd, 'an unknown value');
});

Origin('without Sec-Fetch-Site: no Origin passes (not a browser); an empty header counts as absent', () => {
  assert.is(checkOrigin(post({}), NONE), null);
  assert.is(checkOrigin(post({ Origin: '' }), NONE), null);
  assert.is(checkOrigin(post({ 'Sec-Fetch-Site': '' }), NONE), null);
  assert.ok(checkOrigin(post({ 'Sec-Fetch-Site': '', Origin: 'https://evil.example' }), NONE));
});

Origin("without Sec-Fetch-Site, Origin must be the request's own scheme, host and port", () => {
  assert.is(checkOrigin(post({ Origin: 'http://shop.test:5000' }), NONE), null);
  assert.is(checkOrigin(post({ Origin: 'HTTP://SHOP.test:5000' }), NONE), null, 'case-insensitive');
  const refusals = [
    'http://shop.test', // another port
    'http://shop.test:5001',
    'https://shop.test:5000', // another scheme
    'http://evil.example:5000',
    'http://sub.shop.test:5000',
    'null', // sandboxed frames, some redirects
    'garbage',
    'file://',
  ];
  for (const origin of refusals) {
    const refused = checkOrigin(post({ Origin: origin }), NONE);
    assert.ok(refused, `${origin} is refused`);
    assert.is(refused!.reason, 'origin');
    assert.is(refused!.status, 403);
  }
});

Origin("default ports: the Host's and the Origin's are dropped alike", () => {
  const http = (host: string, origin: string) =>
    new Request({ method: 'POST', url: '/', headers: { Host: host, Origin: origin } });
  assert.is(checkOrigin(http('shop.test:80', 'http://shop.test'), NONE), null);
  assert.is(checkOrigin(http('shop.test', 'http://shop.test:80'), NONE), null);
  const https = new Request({
    method: 'POST',
    url: '/',
    headers: { Host: 'shop.test:443', Origin: 'https://shop.test' },
    scheme: 'https',
  });
  assert.is(checkOrigin(https, NONE), null);
  assert.ok(checkOrigin(http('shop.test:443', 'https://shop.test'), NONE), 'plain http on 443 is not https');
});

Origin('the message names both origins', () => {
  const message = checkOrigin(post({ Origin: 'https://evil.example' }), NONE)!.description;
  assert.match(message, 'https://evil.example');
  assert.match(message, 'http://shop.test:5000');
});

Origin('an invalid Host matches no Origin', () => {
  const request = new Request({ method: 'POST', url: '/', headers: { Host: 'a b', Origin: 'http://a b' } });
  assert.is(request.host, '');
  assert.is(checkOrigin(request, NONE)?.reason, 'origin');
  const empty = new Request({ method: 'POST', url: '/', headers: { Host: 'a b', Origin: 'http://' } });
  assert.is(checkOrigin(empty, NONE)?.reason, 'origin', "'http://' is not the origin of an empty host");
});

Origin('a trusted origin passes both the Sec-Fetch-Site and the Origin check; others still do not', () => {
  const trusted = trustedOrigins(['https://admin.example']);
  assert.is(
    checkOrigin(post({ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://admin.example' }), trusted),
    null,
  );
  assert.is(
    checkOrigin(post({ 'Sec-Fetch-Site': 'same-site', Origin: 'https://ADMIN.example:443' }), trusted),
    null,
  );
  assert.is(checkOrigin(post({ Origin: 'https://admin.example' }), trusted), null);
  assert.ok(checkOrigin(post({ 'Sec-Fetch-Site': 'cross-site', Origin: 'http://admin.example' }), trusted));
  assert.ok(checkOrigin(post({ 'Sec-Fetch-Site': 'cross-site' }), trusted), 'no Origin to trust');
  assert.ok(checkOrigin(post({ Origin: 'https://evil.example' }), trusted));
});

const Helpers = suite('origin helpers');

Helpers('serializeOrigin writes what a browser sends in Origin, or null', () => {
  assert.is(serializeOrigin('HTTP://Example.COM:80'), 'http://example.com');
  assert.is(serializeOrigin('https://example.com:8443/path?q'), 'https://example.com:8443');
  assert.is(serializeOrigin('http://[::1]:5000'), 'http://[::1]:5000');
  assert.is(serializeOrigin('https://bücher.example'), 'https://xn--bcher-kva.example');
  for (const text of ['null', '', 'example.com', 'ftp://example.com', 'javascript:alert(1)']) {
    assert.is(serializeOrigin(text), null, text);
  }
});

Helpers("requestOrigin is the request's scheme and host", () => {
  assert.is(requestOrigin(post({})), 'http://shop.test:5000');
  assert.is(requestOrigin(post({}, 'https')), 'https://shop.test:5000');
  assert.is(requestOrigin(new Request({ method: 'POST', url: '/' })), 'http://localhost');
});

Helpers('trustedOrigins normalizes and refuses anything that is not an origin, naming the entry', () => {
  assert.equal(
    [...trustedOrigins(['https://Admin.Example:443', 'http://localhost:5000'])],
    ['https://admin.example', 'http://localhost:5000'],
  );
  assert.is(trustedOrigins(null).size, 0);
  const bad = [
    'https://example.com/',
    'https://example.com/path',
    'example.com',
    '*.example.com',
    'ftp://x',
    '',
  ];
  bad.forEach((entry) => {
    assert.throws(
      () => trustedOrigins(['https://fine.example', entry]),
      (error: unknown) => error instanceof TypeError && error.message.includes('CSRF_TRUSTED_ORIGINS[1]'),
      entry,
    );
  });
  assert.throws(() => trustedOrigins('https://example.com' as never), /array/);
  assert.throws(() => trustedOrigins([42 as never]), /CSRF_TRUSTED_ORIGINS\[0\]/);
});

Origin.run();
Helpers.run();
