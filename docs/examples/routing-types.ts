/** docs/routing.md: params typed by the rule. `tsc` checks this file through tests/docs.test.ts. */
import assert from 'node:assert/strict';
import { App, type RequestContext } from 'phial';

const app = new App();

// #region typed_params
app.get('/user/<int:id>/<any(posts, likes):tab>/<path:rest>')(function user({ params }) {
  // params: { id: number; tab: 'posts' | 'likes'; rest: string }
  return `user ${params.id + 1}, ${params.tab}, ${params.rest.toUpperCase()}`;
});

app.get('/item/<int:id>')(function item({ params }) {
  // @ts-expect-error: params.id is a number
  params.id.toUpperCase();
  // @ts-expect-error: the rule has no variable 'name'
  return params.name;
});
// #endregion typed_params

// #region typed_elsewhere
// Defaults reach params too, typed by their values: { page: number }.
const all = app.route('/all/', { endpoint: 'all', defaults: { page: 1 } })(function all({ params }) {
  return `page ${params.page}`;
});
app.route('/all/page/<int:page>', { endpoint: 'all' })(all);

// A view written elsewhere says what it needs; the rule must provide it.
function post(ctx: RequestContext<{ username?: string }, { slug: string }>) {
  return `post ${ctx.params.slug}`;
}
const blog = new App<{ username?: string }>();
blog.get('/post/<slug>')(post);
// #endregion typed_elsewhere

// #region typed_converters
// The second type argument of App (and Blueprint) declares what custom converters give.
const shop = new App<{ username?: string }, { list: string[] }>();
shop.urlMap.converters.list = () => ({
  regex: '[^/]+',
  weight: 100,
  toValue: (raw) => raw.split(','),
  toUrl: (values) => (values as string[]).map(encodeURIComponent).join(','),
});
shop.get('/tags/<list:tags>')(function tags({ params }) {
  return params.tags.join(' & '); // params.tags: string[]
});
// #endregion typed_converters

export async function check(): Promise<void> {
  const client = app.testClient();
  assert.equal((await client.get('/user/4/likes/a/b')).text, 'user 5, likes, A/B');
  assert.equal((await client.get('/all/')).text, 'page 1');
  assert.equal((await client.get('/all/page/2')).text, 'page 2');
  assert.equal((await blog.testClient().get('/post/hello')).text, 'post hello');
  assert.equal((await shop.testClient().get('/tags/a,b')).text, 'a & b');
}
