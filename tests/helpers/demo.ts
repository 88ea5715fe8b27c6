/**
 * The demo renders every page in its layout (demo/templates/base.html): what a page says is the
 * content of its one `<main>` element.
 */

/**
 * The HTML between `<main>` and `</main>`, exactly; fails when a page has none or several.
 *
 * @example
 * ```ts
 * mainContent('<header>…</header><main>Привет!</main>'); // 'Привет!'
 * ```
 */
export function mainContent(page: string): string {
  const start = page.indexOf('<main>');
  const end = page.indexOf('</main>');
  if (start === -1 || end < start || page.indexOf('<main>', start + 1) !== -1) {
    throw new Error(`expected one <main> element in the page:\n${page.slice(0, 300)}`);
  }
  return page.slice(start + '<main>'.length, end);
}
