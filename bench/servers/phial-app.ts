/**
 * Phial's app for the benchmark, as its README writes one: views return strings, objects or a
 * Response; the session is the default Flask-compatible signed cookie; the page renders Jinja
 * templates from a folder. Imported from the built
 * package (`phial` resolves to the repository's dist/), as users run it: phial.ts serves it with
 * `app.run()` on node:http, phial-bun.ts hands `app.fetch` to Bun.serve.
 */
import { App, Response } from 'phial';
import {
  HELLO,
  otherBody,
  PAGE,
  routesAfter,
  routesBefore,
  SECRET,
  TEMPLATES,
  werkzeugRule,
} from './shared.ts';

export const app = new App<{ count?: number }>({ rootPath: TEMPLATES, templateFolder: '.' });
app.secretKey = SECRET;

app.get('/')(function hello() {
  return new Response(HELLO, { mimetype: 'text/plain' });
});

function addOthers(routes: readonly (readonly string[])[], offset: number): void {
  routes.forEach((segments, index) => {
    const body = otherBody(offset + index);
    app.get(werkzeugRule(segments), { endpoint: `other${offset + index}` })(() => body);
  });
}

addOthers(routesBefore(), 0);
app.get('/user/<int:id>')(function user({ params }) {
  return { id: params.id };
});
addOthers(routesAfter(), routesBefore().length);

app.get('/counter')(function counter({ session }) {
  const count = (session.get('count') ?? 0) + 1;
  session.set('count', count);
  return new Response(String(count), { mimetype: 'text/plain' });
});

app.post('/form')(function form({ request }) {
  const username = request.form.get('username') ?? '';
  const response = new Response(`Thanks, ${username}`, { mimetype: 'text/plain' });
  response.setCookie('username', username);
  return response;
});

app.get('/page')(function page({ render }) {
  return render('page.html', PAGE);
});
