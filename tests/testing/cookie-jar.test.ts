/** Tests for lib/testing/cookie-jar.ts: domain and path matching, and the jar the test client keeps. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serializeDeleteCookie } from '../../lib/http/set-cookie.ts';
import { CookieJar, defaultCookiePath, domainMatch, pathMatch } from '../../lib/testing/cookie-jar.ts';

const NOW = 1_700_000_000_000;

/** A jar on a clock the test moves by hand. */
function jarAt(start = NOW): { jar: CookieJar; advance: (seconds: number) => void } {
  let now = start;
  const jar = new CookieJar({ clock: () => now });
  return { jar, advance: (seconds) => (now += seconds * 1000) };
}

const url = (href: string) => new URL(href);

const Matching = suite('domainMatch, pathMatch, defaultCookiePath');

Matching('domainMatch: the domain itself or a subdomain, never a lookalike or an IP', () => {
  assert.ok(domainMatch('example.com', 'example.com'));
  assert.ok(domainMatch('a.b.example.com', 'example.com'));
  assert.not.ok(domainMatch('badexample.com', 'example.com'));
  assert.not.ok(domainMatch('example.com', 'a.example.com'));
  assert.not.ok(domainMatch('1.2.3.4', '2.3.4'));
});

Matching('pathMatch follows RFC 6265 §5.1.4', () => {
  assert.ok(pathMatch('/admin', '/admin'));
  assert.ok(pathMatch('/admin/users', '/admin'));
  assert.ok(pathMatch('/admin/users', '/admin/'));
  assert.ok(pathMatch('/anything', '/'));
  assert.not.ok(pathMatch('/administrator', '/admin'));
  assert.not.ok(pathMatch('/adm', '/admin'));
  assert.not.ok(pathMatch('/admin', '/admin/'));
});

Matching('defaultCookiePath is the directory of the request path', () => {
  assert.is(defaultCookiePath('/admin/login'), '/admin');
  assert.is(defaultCookiePath('/a/b/'), '/a/b');
  assert.is(defaultCookiePath('/login'), '/');
  assert.is(defaultCookiePath(''), '/');
  assert.is(defaultCookiePath('odd'), '/');
});

const Jar = suite('CookieJar');

Jar('stores a response cookie and sends it back', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['username="John Doe"; Path=/'], url('http://localhost/set_cookie'));
  assert.is(jar.cookieHeader(url('http://localhost/get_cookie')), 'username="John Doe"');
  const cookie = jar.get('username')!;
  assert.is(cookie.value, 'John Doe');
  assert.is(cookie.domain, 'localhost');
  assert.ok(cookie.originOnly);
  assert.is(cookie.expires, null);
});

Jar('no cookies, no header', () => {
  assert.is(new CookieJar().cookieHeader(url('http://localhost/')), null);
});

Jar('a cookie is keyed by domain, path and name: a same-named one elsewhere is another cookie', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['a=root; Path=/', 'a=admin; Path=/admin'], url('http://localhost/'));
  jar.storeResponseCookies(['a=again; Path=/'], url('http://localhost/'));
  assert.is([...jar].length, 2);
  assert.is(jar.get('a', { path: '/' })!.value, 'again');
  assert.is(jar.get('a', { path: '/admin' })!.value, 'admin');
});

Jar('the most specific path comes first, then creation order', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(
    ['first=1; Path=/', 'deep=2; Path=/a/b', 'mid=3; Path=/a', 'second=4; Path=/'],
    url('http://h/'),
  );
  assert.is(jar.cookieHeader(url('http://h/a/b/c')), 'deep=2; mid=3; first=1; second=4');
  // Replacing a cookie keeps its creation time, so its place.
  jar.storeResponseCookies(['first=5; Path=/'], url('http://h/'));
  assert.is(jar.cookieHeader(url('http://h/')), 'first=5; second=4');
});

Jar('Path limits a cookie to a subtree', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['scoped=1; Path=/admin'], url('http://localhost/'));
  assert.is(jar.cookieHeader(url('http://localhost/admin')), 'scoped=1');
  assert.is(jar.cookieHeader(url('http://localhost/admin/users')), 'scoped=1');
  assert.is(jar.cookieHeader(url('http://localhost/administrator')), null);
  assert.is(jar.cookieHeader(url('http://localhost/')), null);
});

Jar('without Path, the cookie gets the directory of the request path', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['a=1'], url('http://localhost/account/login?next=/x'));
  assert.is(jar.get('a')!.path, '/account');
  assert.is(jar.cookieHeader(url('http://localhost/account/profile')), 'a=1');
  assert.is(jar.cookieHeader(url('http://localhost/other')), null);
});

Jar('without Domain, a cookie is sent to its host only', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['a=1; Path=/'], url('http://example.com/'));
  assert.is(jar.cookieHeader(url('http://example.com/')), 'a=1');
  assert.is(jar.cookieHeader(url('http://www.example.com/')), null);
  assert.is(jar.cookieHeader(url('http://localhost/')), null);
});

Jar('Domain shares a cookie with subdomains, a leading dot or upper case notwithstanding', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['a=1; Domain=.Example.com; Path=/'], url('http://www.example.com/'));
  const cookie = jar.get('a')!;
  assert.is(cookie.domain, 'example.com');
  assert.not.ok(cookie.originOnly);
  assert.is(jar.cookieHeader(url('http://example.com/')), 'a=1');
  assert.is(jar.cookieHeader(url('http://api.example.com/')), 'a=1');
  assert.is(jar.cookieHeader(url('http://EXAMPLE.com/')), 'a=1');
  assert.is(jar.cookieHeader(url('http://badexample.com/')), null);
});

Jar('a Domain that does not cover the host is ignored, as browsers ignore it', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(
    ['a=1; Domain=other.com', 'b=2; Domain=sub.example.com'],
    url('http://example.com/'),
  );
  assert.is([...jar].length, 0);
});

Jar('Secure cookies are only sent over https', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['s=1; Secure; Path=/', 'p=2; Path=/'], url('https://localhost/'));
  assert.is(jar.cookieHeader(url('https://localhost/')), 's=1; p=2');
  assert.is(jar.cookieHeader(url('http://localhost/')), 'p=2');
  assert.ok(jar.get('s')!.secure);
});

Jar('Max-Age expires a cookie after that many seconds', () => {
  const { jar, advance } = jarAt();
  jar.storeResponseCookies(['a=1; Max-Age=60; Path=/'], url('http://localhost/'));
  assert.is(jar.get('a')!.expires!.getTime(), NOW + 60_000);
  advance(59);
  assert.is(jar.cookieHeader(url('http://localhost/')), 'a=1');
  advance(1);
  assert.is(jar.cookieHeader(url('http://localhost/')), null);
  assert.is(jar.get('a'), undefined);
  assert.is([...jar].length, 0);
});

Jar('Expires expires a cookie at that date', () => {
  const { jar, advance } = jarAt();
  const expires = new Date(NOW + 10_000).toUTCString();
  jar.storeResponseCookies([`a=1; Expires=${expires}; Path=/`], url('http://localhost/'));
  assert.is(jar.get('a')!.expires!.getTime(), NOW + 10_000);
  advance(10);
  assert.is(jar.get('a'), undefined);
});

Jar('Max-Age wins over Expires, in both directions', () => {
  const { jar } = jarAt();
  const past = 'Thu, 01 Jan 1970 00:00:00 GMT';
  const future = new Date(NOW + 3_600_000).toUTCString();
  jar.storeResponseCookies([`keep=1; Expires=${past}; Max-Age=60; Path=/`], url('http://localhost/'));
  jar.storeResponseCookies([`gone=1; Expires=${future}; Max-Age=0; Path=/`], url('http://localhost/'));
  assert.ok(jar.get('keep'));
  assert.is(jar.get('gone'), undefined);
});

Jar('Max-Age=0, a negative Max-Age or a past Expires removes the stored cookie', () => {
  const { jar } = jarAt();
  const at = url('http://localhost/');
  for (const removal of [
    'a=; Max-Age=0; Path=/',
    'a=x; Max-Age=-5; Path=/',
    'a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/',
  ]) {
    jar.storeResponseCookies(['a=1; Path=/'], at);
    assert.ok(jar.get('a'));
    jar.storeResponseCookies([removal], at);
    assert.is(jar.get('a'), undefined, removal);
  }
});

Jar('serializeDeleteCookie removes only the cookie with the same path', () => {
  const { jar } = jarAt();
  const at = url('http://localhost/');
  jar.storeResponseCookies(['a=1; Path=/', 'a=2; Path=/x'], at);
  jar.storeResponseCookies([serializeDeleteCookie('a', { path: '/x' })], at);
  assert.equal(
    [...jar].map((cookie) => cookie.path),
    ['/'],
  );
});

Jar('expiry is capped at 400 days, as browsers cap it', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['a=1; Max-Age=999999999999; Path=/'], url('http://localhost/'));
  assert.is(jar.get('a')!.expires!.getTime(), NOW + 400 * 24 * 3600 * 1000);
});

Jar('malformed Set-Cookie values are skipped, the rest stored', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(['garbage', '=x', 'ok=1; Path=/; Max-Age=zz'], url('http://localhost/'));
  assert.equal(
    [...jar].map((cookie) => [cookie.name, cookie.expires]),
    [['ok', null]],
  );
});

Jar('keeps HttpOnly, SameSite and Partitioned for inspection', () => {
  const { jar } = jarAt();
  jar.storeResponseCookies(
    ['a=1; HttpOnly; SameSite=Strict; Partitioned; Secure; Path=/'],
    url('https://localhost/'),
  );
  const cookie = jar.get('a')!;
  assert.ok(cookie.httpOnly);
  assert.is(cookie.sameSite, 'Strict');
  assert.ok(cookie.partitioned);
});

const JarSet = suite('CookieJar.set, get, delete');

JarSet('set stores a host-only cookie for localhost at / by default, quoted like a server would', () => {
  const { jar } = jarAt();
  jar.set('username', 'John Doe');
  const cookie = jar.get('username')!;
  assert.is(cookie.value, 'John Doe');
  assert.is(cookie.rawValue, '"John Doe"');
  assert.is(cookie.domain, 'localhost');
  assert.is(cookie.path, '/');
  assert.ok(cookie.originOnly);
  assert.is(jar.cookieHeader(url('http://localhost/x')), 'username="John Doe"');
  assert.is(jar.cookieHeader(url('http://sub.localhost/x')), null);
});

JarSet('set takes a domain, a path, originOnly and the other cookie options', () => {
  const { jar, advance } = jarAt();
  jar.set('a', '1', {
    domain: 'Example.com:8080',
    path: '/app',
    originOnly: false,
    maxAge: 10,
    secure: true,
  });
  const cookie = jar.get('a')!;
  assert.is(cookie.domain, 'example.com');
  assert.not.ok(cookie.originOnly);
  assert.is(jar.cookieHeader(url('https://api.example.com/app/x')), 'a=1');
  assert.is(jar.cookieHeader(url('http://api.example.com/app/x')), null);
  advance(10);
  assert.is(jar.get('a'), undefined);
});

JarSet('set accepts __Host- cookies, which must have no Domain', () => {
  const { jar } = jarAt();
  jar.set('__Host-sid', 'x', { secure: true });
  assert.is(jar.cookieHeader(url('https://localhost/')), '__Host-sid=x');
  assert.throws(() => jar.set('__Host-sid', 'x'), /secure: true/);
});

JarSet('set throws like Response.setCookie on a bad name, and stores nothing', () => {
  const { jar } = jarAt();
  assert.throws(() => jar.set('bad name', 'x'), TypeError);
  assert.is([...jar].length, 0);
});

JarSet('set with maxAge 0 deletes the cookie', () => {
  const { jar } = jarAt();
  jar.set('a', '1');
  jar.set('a', '', { maxAge: 0 });
  assert.is(jar.get('a'), undefined);
});

JarSet('get and delete filter by domain and path when given', () => {
  const { jar } = jarAt();
  jar.set('a', 'root');
  jar.set('a', 'app', { path: '/app' });
  jar.set('a', 'other', { domain: 'example.com' });
  assert.is(jar.get('a')!.value, 'root');
  assert.is(jar.get('a', { path: '/app' })!.value, 'app');
  assert.is(jar.get('a', { domain: 'EXAMPLE.com' })!.value, 'other');
  assert.is(jar.get('a', { domain: 'example.com', path: '/app' }), undefined);
  jar.delete('a', { path: '/app' });
  assert.equal(
    [...jar].map((cookie) => cookie.value),
    ['root', 'other'],
  );
  jar.delete('a');
  assert.is([...jar].length, 0);
});

JarSet('clear empties the jar', () => {
  const { jar } = jarAt();
  jar.set('a', '1');
  jar.set('b', '2');
  jar.clear();
  assert.is(jar.cookieHeader(url('http://localhost/')), null);
});

Matching.run();
Jar.run();
JarSet.run();
