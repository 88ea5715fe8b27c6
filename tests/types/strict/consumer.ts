/**
 * A user's app, type-checked with the user's strict settings (tests/types/strict/tsconfig.json):
 * Phial's public surface must compile under them, without @types/busboy. Checked by
 * `npm run typecheck`, never run.
 */
import { createWriteStream } from 'node:fs';
import {
  App,
  Blueprint,
  escapeHtml,
  HttpError,
  MemoryStore,
  type RunOptions,
  redirect,
  ServerSideSessionInterface,
  ServerStartError,
} from 'phial';

interface UserSession {
  username?: string;
  visits: number;
}

export const app = new App<UserSession>();
app.secretKey = process.env['SECRET_KEY'] ?? 'dev';
app.config.MAX_CONTENT_LENGTH = 1024 * 1024;

app.get('/')(function index({ request, session }) {
  const theme = request.cookies.get('theme', 'light');
  const name = session.get('username');
  return `<body class="${escapeHtml(theme)}">${name === undefined ? 'stranger' : escapeHtml(name)}</body>`;
});

app.get('/user/<int:id>')(({ params, urlFor }) => {
  const id: number = params.id;
  return { id, home: urlFor('index') };
});

app.post('/upload')(async ({ request }) => {
  const file = request.files.get('file');
  // noUncheckedIndexedAccess: a form value may be missing.
  const first = request.form.getAll('tag')[0];
  return [`${file?.filename ?? 'none'} ${first ?? ''}`, 201];
});

app.route('/login', { methods: ['GET', 'POST'] })(function login({ request, session, urlFor }) {
  if (request.method === 'POST') {
    session.regenerate();
    session.set('username', request.form.require('username'));
    return redirect(urlFor('index'));
  }
  return '<form method="post"><input name="username"></form>';
});

app.get('/theme/<any(light, dark):theme>')(function setTheme({ params }) {
  const response = redirect('/');
  response.setCookie('theme', params.theme, { maxAge: 3600, sameSite: 'Lax', httpOnly: true });
  return response;
});

// Options built from values that may be absent: undefined means the default.
const endpoint: string | undefined = process.env['ENDPOINT'];
app.get('/about', { endpoint })(() => 'About');

// @ts-expect-error: the view goes to the decorator, not beside the rule (a TypeError at run time too)
app.get('/express', () => 'no');

app.errorHandler(404)((_error, { request }) => [`Nothing at ${escapeHtml(request.path)}`, 404]);
app.errorHandler(HttpError)((error) => [error.description, error.status]);
app.beforeRequest(({ session }) => {
  session.set('visits', session.get('visits', 0) + 1);
});

const admin = new Blueprint<UserSession>('admin', { urlPrefix: '/admin' });
admin.get('/')(function dashboard({ session }) {
  return `admin ${session.get('visits', 0)}`;
});
app.registerBlueprint(admin);

export const sessions = new ServerSideSessionInterface({ store: new MemoryStore({ maxEntries: 100 }) });

export async function serve(): Promise<void> {
  const port = process.env['PORT'];
  const options: RunOptions = {
    port: port === undefined ? undefined : Number(port),
    host: process.env['HOST'],
    accessLog: { format: 'json', stream: createWriteStream('access.log', { flags: 'a' }) },
    handleSignals: false,
  };
  try {
    const server = await app.run(options);
    console.log(server.url);
    await server.close();
  } catch (error) {
    if (error instanceof ServerStartError) console.error(error.message, error.code);
    else throw error;
  }
}

export async function test(): Promise<number> {
  const client = app.testClient();
  const response = await client.post('/login', { form: { username: 'Ada' }, followRedirects: true });
  const cookie = client.getCookie('session');
  return response.status + (cookie?.value.length ?? 0);
}
