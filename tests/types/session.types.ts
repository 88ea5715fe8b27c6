/**
 * Type tests: `App<SessionData>` types the session of views, hooks, blueprints and the test
 * client, with no declaration merging. Checked by `tsc --noEmit`, never run.
 */
import { App, Blueprint, type RequestContext } from '../../lib/index.ts';
import { type Equal, expectType } from './expect.ts';

interface Item {
  sku: string;
}
interface ShopSession {
  username?: string;
  cart: Item[];
}

// The second type argument (custom converters) does not disturb the first.
const app = new App<ShopSession, { list: string[] }>();

app.get('/cart/<list:skus>')(({ session, params }) => {
  expectType<Equal<typeof params.skus, string[]>>();
  const name = session.get('username');
  expectType<Equal<typeof name, string | undefined>>();
  const cart: Item[] = session.get('cart', []);
  // @ts-expect-error: not a key of the session data
  session.get('password');
  // @ts-expect-error: a number is not a username
  session.set('username', 42);
  session.set('cart', [...cart, ...params.skus.map((sku) => ({ sku }))]);
  return `${name ?? 'anonymous'}: ${cart.length}`;
});

app.beforeRequest(({ session }) => {
  // @ts-expect-error: hooks see the same session type
  session.set('cart', 'not a list');
});

// A helper written against the app's context type accepts the views' contexts.
function greeting(ctx: RequestContext<ShopSession>): string {
  return ctx.session.get('username') ?? 'anonymous';
}
app.get('/hello/<name>')((ctx) => `${greeting(ctx)} → ${ctx.params.name}`);

const shop = new Blueprint<ShopSession, { list: string[] }>('shop');
shop.get('/<list:skus>')(({ session, params }) => {
  // @ts-expect-error: blueprints type the session too
  session.set('username', params.skus);
  return 'ok';
});
app.registerBlueprint(shop);

// The test client's session is the app's.
const client = app.testClient();
void client.sessionTransaction((session) => {
  expectType<Equal<ReturnType<typeof session.get<'cart'>>, Item[] | undefined>>();
  // @ts-expect-error: the test client's session is typed too
  session.set('cart', 'not a list');
  session.set('username', 'ada');
});
