/**
 * The test client acting as a page of another site, to test CSRF protection: the headers a
 * browser sends with a form or a fetch that another site's page makes.
 */
import type { Headers } from '../http/headers.ts';

/** The Origin of `crossSite: true`: a site that is not the app's (`.example` is reserved). */
export const CROSS_SITE_ORIGIN = 'https://cross-site.example';

/**
 * Adds `Sec-Fetch-Site: cross-site` and `Origin` (the origin given, or {@link CROSS_SITE_ORIGIN} for
 * `true`) unless the headers already hold them; nothing for `false` or `undefined`.
 *
 * @example
 * ```ts
 * const headers = new Headers();
 * addCrossSiteHeaders(headers, 'https://evil.example');
 * headers.get('sec-fetch-site'); // 'cross-site'
 * ```
 */
export function addCrossSiteHeaders(headers: Headers, crossSite: boolean | string | undefined): void {
  if (!crossSite) return;
  headers.setDefault('sec-fetch-site', 'cross-site');
  headers.setDefault('origin', crossSite === true ? CROSS_SITE_ORIGIN : crossSite);
}
