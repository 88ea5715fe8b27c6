/**
 * A fuller example beside the article's: a small shop. The cart lives in the session, the
 * display preference (light or dark) in a plain cookie, and actions report back with flash
 * messages after a redirect. Its pages are demo/templates/shop/.
 */
import { Blueprint, flash, makeResponse, redirect } from '../lib/index.ts';
import type { DemoSession } from './app.ts';

/** The catalogue: product id → name and price in cents. */
export const PRODUCTS: Readonly<Record<string, { name: string; price: number }>> = {
  tea: { name: 'Чай «Earl Grey»', price: 450 },
  mug: { name: 'Mug <with a handle>', price: 1200 },
  spoon: { name: 'Silver spoon', price: 300 },
};

const THEMES = ['light', 'dark'] as const;
const YEAR = 365 * 24 * 60 * 60;

/** The shop blueprint, mounted at /shop. */
export function createShop(): Blueprint<DemoSession> {
  const shop = new Blueprint<DemoSession>('shop', { urlPrefix: '/shop' });

  shop.appTemplateFilter('money')((cents: number) => `${(cents / 100).toFixed(2)} €`);
  // The theme cookie styles the shop's pages only.
  shop.contextProcessor(({ request }) => {
    const theme = request.cookies.get('theme') === 'dark' ? 'dark' : 'light';
    return { theme, switch_to: theme === 'dark' ? 'light' : 'dark' };
  });

  shop.get('/')(function index({ render }) {
    return render('shop/index.html', { title: 'Shop', products: PRODUCTS });
  });

  shop.post('/cart/<any(tea,mug,spoon):product>')(function add(ctx) {
    const { session, params } = ctx;
    const cart = { ...(session.get('cart') ?? {}) };
    cart[params.product] = (cart[params.product] ?? 0) + 1;
    session.set('cart', cart);
    flash(ctx, `${PRODUCTS[params.product]!.name} is in your cart.`);
    return redirect(ctx.urlFor('.index'));
  });

  shop.get('/cart')(function cart({ session, render }) {
    const lines = Object.entries(session.get('cart') ?? {})
      .filter(([id]) => Object.hasOwn(PRODUCTS, id))
      .map(([id, count]) => [PRODUCTS[id]!, count] as const);
    const total = lines.reduce((sum, [product, count]) => sum + product.price * count, 0);
    return render('shop/cart.html', { title: 'Cart', lines, total });
  });

  shop.post('/cart/clear')(function clear(ctx) {
    ctx.session.delete('cart');
    flash(ctx, 'Your cart is empty.', 'info');
    return redirect(ctx.urlFor('.cart'));
  });

  shop.get(`/theme/<any(${THEMES.join(',')}):theme>`)(function theme(ctx) {
    const response = makeResponse(redirect(ctx.urlFor('.index')));
    response.setCookie('theme', ctx.params.theme, { maxAge: YEAR, sameSite: 'Lax', httpOnly: true });
    return response;
  });

  return shop;
}
