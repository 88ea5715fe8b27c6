/**
 * A fuller example beside the article's: a small shop. The cart lives in the session, the
 * display preference (light or dark) in a plain cookie, and actions report back with flash
 * messages after a redirect.
 */
import {
  Blueprint,
  escapeHtml,
  flash,
  getFlashedMessages,
  makeResponse,
  type RequestContext,
  redirect,
} from '../lib/index.ts';
import type { DemoSession } from './app.ts';
import { csrfField } from './forms.ts';

/** The catalogue: product id → name and price in cents. */
export const PRODUCTS: Readonly<Record<string, { name: string; price: number }>> = {
  tea: { name: 'Чай «Earl Grey»', price: 450 },
  mug: { name: 'Mug <with a handle>', price: 1200 },
  spoon: { name: 'Silver spoon', price: 300 },
};

const THEMES = ['light', 'dark'] as const;
const YEAR = 365 * 24 * 60 * 60;

function money(cents: number): string {
  return `${(cents / 100).toFixed(2)} €`;
}

function page(ctx: RequestContext<DemoSession>, title: string, body: string): string {
  const theme = ctx.request.cookies.get('theme') === 'dark' ? 'dark' : 'light';
  const colours = theme === 'dark' ? 'background:#222;color:#eee' : 'background:#fff;color:#222';
  const flashes = getFlashedMessages(ctx, { withCategories: true })
    .map(([category, message]) => `<p class="flash ${escapeHtml(category)}">${escapeHtml(message)}</p>`)
    .join('\n');
  const switchTo = theme === 'dark' ? 'light' : 'dark';
  return (
    `<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n` +
    `<body style="${colours}">\n<h1>${escapeHtml(title)}</h1>\n${flashes}\n${body}\n` +
    `<p><a href="${escapeHtml(ctx.urlFor('.theme', { theme: switchTo }))}">${switchTo} theme</a> · ` +
    `<a href="${escapeHtml(ctx.urlFor('.index'))}">shop</a> · <a href="${escapeHtml(ctx.urlFor('.cart'))}">cart</a></p>\n`
  );
}

/** The shop blueprint, mounted at /shop. */
export function createShop(): Blueprint<DemoSession> {
  const shop = new Blueprint<DemoSession>('shop', { urlPrefix: '/shop' });

  shop.get('/')(function index(ctx) {
    const rows = Object.entries(PRODUCTS)
      .map(
        ([id, product]) =>
          `<li>${escapeHtml(product.name)}, ${money(product.price)}` +
          `<form method="post" action="${escapeHtml(ctx.urlFor('.add', { product: id }))}" style="display:inline">` +
          `${csrfField(ctx)}<button>Add to cart</button></form></li>`,
      )
      .join('\n');
    return page(ctx, 'Shop', `<ul>\n${rows}\n</ul>`);
  });

  shop.post('/cart/<any(tea,mug,spoon):product>')(function add(ctx) {
    const { session, params } = ctx;
    const cart = { ...(session.get('cart') ?? {}) };
    cart[params.product] = (cart[params.product] ?? 0) + 1;
    session.set('cart', cart);
    flash(ctx, `${PRODUCTS[params.product]!.name} is in your cart.`);
    return redirect(ctx.urlFor('.index'));
  });

  shop.get('/cart')(function cart(ctx) {
    const items = Object.entries(ctx.session.get('cart') ?? {});
    if (items.length === 0) return page(ctx, 'Cart', '<p>Your cart is empty.</p>');
    let total = 0;
    const rows = items.map(([id, count]) => {
      const product = PRODUCTS[id];
      if (!product) return '';
      total += product.price * count;
      return `<li>${escapeHtml(product.name)} × ${escapeHtml(count)}</li>`;
    });
    const clear = `<form method="post" action="${escapeHtml(ctx.urlFor('.clear'))}">${csrfField(ctx)}<button>Empty the cart</button></form>`;
    return page(ctx, 'Cart', `<ul>\n${rows.join('\n')}\n</ul>\n<p>Total: ${money(total)}</p>\n${clear}`);
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
