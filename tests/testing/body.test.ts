import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMultipart } from '../../lib/http/multipart.ts';
import { encodeMultipart, encodeRequestBody } from '../../lib/testing/body.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

const Encode = suite('encodeRequestBody');

Encode('no body options: no body', () => {
  assert.is(encodeRequestBody({}), null);
});

Encode('form: urlencoded, arrays repeating the key, null left out', () => {
  const encoded = encodeRequestBody({ form: { q: 'café noir', tag: ['a', 'b'], n: 2, skip: null } })!;
  assert.is(encoded.contentType, 'application/x-www-form-urlencoded');
  assert.is(text(encoded.body), 'q=caf%C3%A9+noir&tag=a&tag=b&n=2');
});

Encode('form from URLSearchParams or pairs keeps their order', () => {
  const encoded = encodeRequestBody({
    form: new URLSearchParams([
      ['b', '1'],
      ['a', '2'],
      ['b', '3'],
    ]),
  })!;
  assert.is(text(encoded.body), 'b=1&a=2&b=3');
});

Encode('json: any value, null included', () => {
  const encoded = encodeRequestBody({ json: { id: 1, tags: ['x'] } })!;
  assert.is(encoded.contentType, 'application/json');
  assert.is(text(encoded.body), '{"id":1,"tags":["x"]}');
  assert.is(text(encodeRequestBody({ json: null })!.body), 'null');
});

Encode('body: text as UTF-8, bytes as they are, no implied type', () => {
  const encoded = encodeRequestBody({ body: 'Привет' })!;
  assert.is(encoded.contentType, null);
  assert.is(encoded.body.byteLength, 12);
  const bytes = new Uint8Array([0, 255]);
  assert.is(encodeRequestBody({ body: bytes })!.body, bytes);
});

Encode('more than one kind of body is a TypeError', () => {
  assert.throws(() => encodeRequestBody({ form: {}, json: {} }), TypeError);
  assert.throws(() => encodeRequestBody({ body: 'x', files: {} }), TypeError);
  assert.throws(() => encodeRequestBody({ body: '', json: 1 }), /only one of 'body', 'json' and 'form'/);
});

const Multipart = suite('encodeMultipart');

Multipart('writes RFC 7578 parts: fields first, then files, closed by the final boundary', () => {
  const { body, contentType } = encodeMultipart(
    { title: 'Hi' },
    { doc: { filename: 'a.txt', content: 'hello', contentType: 'text/plain' } },
  );
  const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType!)![1]!;
  assert.is(
    text(body),
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHi\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n` +
      `--${boundary}--\r\n`,
  );
});

Multipart('a fresh random boundary each time', () => {
  assert.is.not(encodeMultipart({}, {}).contentType, encodeMultipart({}, {}).contentType);
});

Multipart('busboy reads back fields, repeated files, bytes and UTF-8 names', async () => {
  const bytes = new Uint8Array([0, 13, 10, 45, 45, 255]);
  const { body, contentType } = encodeMultipart(
    { tag: ['a', 'b'], имя: 'значение', empty: '' },
    {
      photos: [
        { filename: 'один.png', content: bytes, contentType: 'image/png' },
        { filename: 'two.txt', content: 'two' },
      ],
    },
  );
  const { form, files } = await parseMultipart(body, contentType!);
  assert.equal(form.getAll('tag'), ['a', 'b']);
  assert.is(form.get('имя'), 'значение');
  assert.is(form.get('empty'), '');
  const [first, second] = files.getAll('photos');
  assert.is(first!.filename, 'один.png');
  assert.is(first!.contentType, 'image/png');
  assert.equal([...first!.bytes], [...bytes]);
  assert.is(second!.contentType, 'application/octet-stream');
  assert.is(second!.text(), 'two');
});

Multipart('quotes and line breaks in names are percent-encoded, as browsers do', async () => {
  const { body, contentType } = encodeMultipart(
    { 'a"b\r\nc': '1' },
    { f: { filename: 'x"y.txt', content: '' } },
  );
  assert.match(text(body), 'name="a%22b%0D%0Ac"');
  const { form, files } = await parseMultipart(body, contentType!);
  assert.is(form.get('a%22b%0D%0Ac'), '1');
  assert.is(files.get('f')!.filename, 'x%22y.txt');
});

Encode.run();
Multipart.run();
