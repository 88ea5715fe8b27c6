/** docs/routing.md: custom converters. */
import assert from 'node:assert/strict';
import { App } from 'phial';

const app = new App();

// #region converters
import { ValidationError } from 'phial';

// <list:tags> → ['a', 'b'] for /tags/a,b ; <list("+"):tags> splits on '+'
app.urlMap.converters.list = (args) => {
  const separator = String(args[0] ?? ',');
  return {
    regex: `[^/]+`,
    weight: 100,
    toValue: (raw) => raw.split(separator),
    toUrl: (values) => (values as string[]).map(encodeURIComponent).join(separator),
  };
};

// <even:n>: throw ValidationError to reject a value (the request becomes a 404)
app.urlMap.converters.even = () => ({
  regex: '\\d+',
  weight: 50,
  toValue(raw) {
    const n = Number(raw);
    if (n % 2 !== 0) throw new ValidationError();
    return n;
  },
  toUrl: (n) => String(n),
});

app.get('/tags/<list:tags>')(function tags({ params }) {
  return (params.tags as string[]).join(' & ');
});
app.urlFor('tags', { tags: ['a b', 'c'] }); // '/tags/a%20b,c'
// #endregion converters

app.get('/plus/<list("+"):tags>')(function plus({ params }) {
  return (params.tags as string[]).join(',');
});
app.get('/even/<even:n>')(function even({ params }) {
  return `${params.n} is even`;
});

export async function check(): Promise<void> {
  const client = app.testClient();
  assert.equal((await client.get('/tags/a,b')).text, 'a & b');
  assert.equal((await client.get('/plus/a+b')).text, 'a,b');
  assert.equal(app.urlFor('tags', { tags: ['a b', 'c'] }), '/tags/a%20b,c');
  assert.equal((await client.get('/tags/a%20b,c')).text, 'a b & c');
  assert.equal((await client.get('/even/4')).text, '4 is even');
  assert.equal((await client.get('/even/3')).status, 404);
}
