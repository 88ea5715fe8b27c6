/**
 * Type tests: the rule string types `params`. Checked by `tsc --noEmit` (npm run typecheck), never
 * run. Every `@ts-expect-error` line must be an error, or tsc fails with "Unused '@ts-expect-error'".
 */
import {
  App,
  Blueprint,
  type NoConverters,
  type Params,
  type RequestContext,
  type RouteParams,
  type RuleParams,
  type SessionData,
  type View,
} from '../../lib/index.ts';
import { type Equal, expectType } from './expect.ts';

// The helpers themselves: Equal is exact, so a wrong expectation does not compile.
expectType<Equal<{ id: number }, { id: number }>>();
// @ts-expect-error: number is not string
expectType<Equal<number, string>>();
// @ts-expect-error: assignable is not equal
expectType<Equal<{ id: number }, { id: number; x?: string }>>();
// @ts-expect-error: any equals only any
expectType<Equal<any, number>>();

const app = new App();

// --- Each converter gives its value type ---------------------------------------------------------

app.route('/user/<int:id>/<path:rest>')(({ params }) => {
  expectType<Equal<typeof params, { id: number; rest: string }>>();
  // @ts-expect-error: an int param is a number, not a string
  params.id.toUpperCase();
  // @ts-expect-error: not a variable of the rule
  params.nope;
  return `${params.id + 1} ${params.rest.toUpperCase()}`;
});

app.get('/p/<name>/<string(length=2):code>/<uuid:token>/<float(min=0.5):price>')(function product({
  params,
}) {
  expectType<Equal<typeof params, { name: string; code: string; token: string; price: number }>>();
  // @ts-expect-error: a string param where a number is expected
  const count: number = params.name;
  return [`${count} ${params.price.toFixed(2)}`, 200];
});

app.get('/tab/<any(posts, likes):tab>/<any("a b", \'c,d\', True):odd>')(({ params }) => {
  expectType<Equal<typeof params.tab, 'posts' | 'likes'>>();
  // Items as the converter reads them: quotes removed (commas inside quotes kept), True → 'true'.
  expectType<Equal<typeof params.odd, 'a b' | 'c,d' | 'true'>>();
  // @ts-expect-error: 'c' is not one of the items, so the comparison can never be true
  if (params.tab === 'c') return 'never';
  return params.tab;
});

// A rule without variables has no params.
app.get('/')(({ params }) => {
  expectType<Equal<typeof params, Record<never, never>>>();
  // @ts-expect-error: '/' has no variables
  return params.id;
});

// Every method shortcut is typed the same way.
app.post('/a/<int:id>')(({ params }) => String(params.id satisfies number));
app.put('/b/<int:id>')(({ params }) => String(params.id satisfies number));
app.patch('/c/<int:id>')(({ params }) => String(params.id satisfies number));
app.delete('/d/<int:id>')(({ params }) => String(params.id satisfies number));

// --- Rules the types cannot fully read -----------------------------------------------------------

// A rule computed at run time is a plain string: params fall back to Record<string, any>.
declare const computed: string;
app.get(computed)(({ params }) => {
  expectType<Equal<typeof params, Record<string, any>>>();
  return String(params.anything);
});

// A template literal keeps what it can: the names are known, a computed `any(…)` is a string.
declare const themes: string[];
app.get(`/theme/<any(${themes.join(',')}):theme>/<int:id>`)(({ params }) => {
  expectType<Equal<typeof params, { theme: string; id: number }>>();
  return params.theme;
});

// A converter nobody declared gives unknown: the view must check or declare it (see below).
app.get('/tags/<list:tags>')(({ params }) => {
  expectType<Equal<typeof params.tags, unknown>>();
  // @ts-expect-error: unknown has no length
  params.tags.length;
  return (params.tags as string[]).join(' & ');
});

// --- Defaults reach the view in params -----------------------------------------------------------

const all = app.route('/all/', { endpoint: 'all', defaults: { page: 1 } })(function all({ params }) {
  expectType<Equal<typeof params, { page: number }>>();
  return `page ${params.page + 1}`;
});
// The same view under a second rule that gives page from the URL.
app.route('/all/page/<int:page>', { endpoint: 'all' })(all);
// @ts-expect-error: this rule gives no page, and the view needs one
app.get('/everything/')(all);
expectType<
  Equal<
    RouteParams<'/all/<int:id>', NoConverters, { id: string; page: number }>,
    { id: number; page: number }
  >
>();

// --- Views declared elsewhere --------------------------------------------------------------------

// Written against the untyped context, as before typed rules: still accepted by any rule.
function legacy(ctx: RequestContext): string {
  return String(ctx.params.id);
}
app.get('/legacy/<int:id>')(legacy);
const untyped: View = ({ params }) => String(params.anything);
app.get('/untyped/<slug>')(untyped);

// Written against the rule's params: accepted where the rule matches, refused elsewhere.
const showUser: View<SessionData, { id: number }> = ({ params }) => `User ${params.id}`;
app.get('/users/<int:id>')(showUser);
// @ts-expect-error: <id> is a string, the view wants a number
app.get('/people/<id>')(showUser);
// @ts-expect-error: the rule has no id at all
app.get('/users/')(showUser);

// The decorator returns the view unchanged, with its own type.
const returned = app.get('/same/<int:id>')(function same({ params }) {
  return String(params.id);
});
expectType<Equal<ReturnType<typeof returned>, string>>();

// As a TC39 method decorator.
class Pages {
  @app.get('/pages/<int:n>')
  page({ params }: RequestContext<SessionData, { n: number }>) {
    return `page ${params.n}`;
  }
}
void Pages;

// --- Views must return something -----------------------------------------------------------------

// @ts-expect-error: a view that returns nothing is a 500 at run time, so it does not compile
app.get('/nothing')(() => {});
// @ts-expect-error: nor does an async one
app.get('/nothing-later')(async () => {});
// @ts-expect-error: nor does one that may return undefined
app.get('/sometimes')(({ request }) => (request.args.has('q') ? 'found' : undefined));

// --- Hooks and error handlers see untyped params -------------------------------------------------

app.beforeRequest(({ params }) => {
  expectType<Equal<typeof params, Params>>();
});
app.errorHandler(404)((_error, { params }) => {
  expectType<Equal<typeof params, Params>>();
  return ['Not found', 404];
});

// --- RuleParams on its own -----------------------------------------------------------------------

expectType<
  Equal<RuleParams<'/<a>/<int(fixed_digits=4):b>/x-<c>.html'>, { a: string; b: number; c: string }>
>();
expectType<Equal<RuleParams<'/<any(1, None, False):k>'>, { k: '1' | 'null' | 'false' }>>();
expectType<Equal<RuleParams<'/<int:id>' | '/<slug>'>, { id: number } | { slug: string }>>();
expectType<Equal<RuleParams<string>, Record<string, any>>>();
// A name the types cannot see makes every name possible.
expectType<Equal<RuleParams<`/<int:${string}>`>, { [name: string]: any }>>();

// --- Custom converters: declared by the app's second type argument -------------------------------

const shop = new App<{ cart?: string[] }, { list: string[]; int: bigint }>();
shop.urlMap.converters.list = (args) => {
  const separator = String(args[0] ?? ',');
  return {
    regex: '[^/]+',
    weight: 100,
    toValue: (raw) => raw.split(separator),
    toUrl: (values) => (values as string[]).map(encodeURIComponent).join(separator),
  };
};
shop.get('/tags/<list:tags>/<int:big>/<float:f>')(({ params, session }) => {
  expectType<Equal<typeof params, { tags: string[]; big: bigint; f: number }>>();
  expectType<Equal<ReturnType<typeof session.get<'cart'>>, string[] | undefined>>();
  // @ts-expect-error: a list of strings is not a string
  params.tags.toUpperCase();
  return params.tags.join(' & ');
});

// Blueprints take the same two type arguments and register on an app with the same ones.
const admin = new Blueprint<{ cart?: string[] }, { list: string[] }>('admin', { urlPrefix: '/admin' });
admin.get('/tags/<list:tags>/<any(on, off):state>')(({ params }) => {
  expectType<Equal<typeof params, { tags: string[]; state: 'on' | 'off' }>>();
  return params.state;
});
shop.registerBlueprint(admin);
// A plain blueprint still works anywhere, with the built-in converters.
const plain = new Blueprint('plain');
plain.get('/<int:id>')(({ params }) => String(params.id satisfies number));
app.registerBlueprint(plain);
