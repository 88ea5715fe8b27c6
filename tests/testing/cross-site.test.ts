/** The test client's cross-site headers (lib/testing/cross-site.ts). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Headers } from '../../lib/http/headers.ts';
import { addCrossSiteHeaders, CROSS_SITE_ORIGIN } from '../../lib/testing/cross-site.ts';

const CrossSite = suite('addCrossSiteHeaders');

CrossSite('true: Sec-Fetch-Site cross-site and a foreign Origin; a string: that Origin', () => {
  const headers = new Headers();
  addCrossSiteHeaders(headers, true);
  assert.equal(headers.toJSON(), { 'sec-fetch-site': 'cross-site', origin: CROSS_SITE_ORIGIN });
  const given = new Headers();
  addCrossSiteHeaders(given, 'http://evil.example');
  assert.is(given.get('origin'), 'http://evil.example');
});

CrossSite('headers already there win; false and undefined add nothing', () => {
  const headers = new Headers({ Origin: 'http://mine.example', 'Sec-Fetch-Site': 'same-site' });
  addCrossSiteHeaders(headers, true);
  assert.equal(headers.toJSON(), { origin: 'http://mine.example', 'sec-fetch-site': 'same-site' });
  for (const value of [false, undefined]) {
    const none = new Headers();
    addCrossSiteHeaders(none, value);
    assert.is(none.size, 0);
  }
});

CrossSite.run();
