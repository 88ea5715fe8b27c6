/** docs/templates.md: Jinja templates from folders, Flask's context, filters, blueprints, `html`. */
import assert from 'node:assert/strict';

// #region render
import { App, flash } from 'phial';

// Templates live in `templates/` beside this file.
const app = new App<{ username?: string }>({ rootPath: import.meta.dirname });
app.secretKey = 'docs example secret';

const USERS = {
  ada: {
    name: 'ada lovelace',
    role: 'admin',
    bio: 'first <programmer>',
    posts: [{ title: 'Notes', words: 24_000 }],
  },
};

app.get('/users/<name>')(function profile({ params, render }) {
  const user = USERS[params.name as keyof typeof USERS];
  return render('profile.html', { user });
});
// #endregion render

app.get('/')(function index(ctx) {
  flash(ctx, 'Welcome <back>!');
  return ctx.renderString('{{ get_flashed_messages()|join }} {{ request.path }}');
});

// #region register
app.templateFilter('shout')((text: string) => `${text.toUpperCase()}!`);
app.contextProcessor(() => ({ site_name: 'Phial & Co' }));

// #endregion register

// #region blueprint
import { Blueprint } from 'phial';

const admin = new Blueprint('admin', {
  urlPrefix: '/admin',
  rootPath: `${import.meta.dirname}/admin`,
  templateFolder: 'templates', // searched after the app's own folder
});
admin.contextProcessor(() => ({ visits: 42 })); // for admin pages only
admin.get('/')(function panel({ render }) {
  return render('admin/panel.html', { users: Object.keys(USERS) });
});
app.registerBlueprint(admin);
// #endregion blueprint

export async function check(): Promise<void> {
  const client = app.testClient();
  const page = (await client.get('/users/ada')).text;
  assert.match(page, /<title>Ada Lovelace · Phial &amp; Co<\/title>/);
  assert.match(page, /<h1>Ada Lovelace <span class="badge info">admin<\/span><\/h1>/);
  assert.match(page, /<li class="odd">Notes \(24\.0 kB\)<\/li>/);
  assert.match(page, /<p>FIRST &lt;PROGRAMMER&gt;!<\/p>/);
  assert.match(page, /"bio": "first \\u003cprogrammer\\u003e"/);
  assert.equal((await client.get('/')).text, 'Welcome &lt;back&gt;! /');
  assert.match((await client.get('/admin/')).text, /<p>admin: 1 users, 42 visits<\/p>/);
}
