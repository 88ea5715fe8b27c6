/**
 * The demo: the examples of the article Phial was born from ("Работа с сессиями и куками в
 * Flask"), ported line by line, paths and messages included.
 */
import { App, escapeHtml, makeResponse } from '../lib/index.ts';

/** Builds the demo app. Tests import this; `demo/server.ts` serves it. */
export function createDemoApp(): App {
  const app = new App();

  app.get('/')(function index({ urlFor }) {
    const routes: Array<[string, string]> = [
      [urlFor('set_cookie'), 'sets the cookie username = "John Doe" with response.setCookie'],
      [urlFor('get_cookie'), 'reads the username cookie back from request.cookies'],
    ];
    const items = routes
      .map(
        ([href, what]) =>
          `<li><a href="${escapeHtml(href)}">${escapeHtml(href)}</a> — ${escapeHtml(what)}</li>`,
      )
      .join('\n');
    return (
      '<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<title>Phial demo</title>\n' +
      '<h1>Phial demo: cookies and sessions</h1>\n' +
      '<p>The examples of the article on cookies and sessions in Flask, on Phial.</p>\n' +
      `<ul>\n${items}\n</ul>\n`
    );
  });

  app.get('/set_cookie')(function set_cookie() {
    const response = makeResponse('Куки установлены!');
    response.setCookie('username', 'John Doe');
    return response;
  });

  app.get('/get_cookie')(function get_cookie({ request }) {
    const username = request.cookies.get('username');
    if (username) {
      return `Привет, ${escapeHtml(username)}!`;
    }
    return 'Куки "username" не найдены.';
  });

  return app;
}
