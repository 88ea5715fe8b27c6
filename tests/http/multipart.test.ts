import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from '../../lib/http/errors.ts';
import { FileStorage, parseMultipart } from '../../lib/http/multipart.ts';

const BOUNDARY = '----PhialBoundary7MA4YWxkTrZu0gW';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

type Part = { name: string; value: string | Uint8Array; filename?: string; type?: string; headers?: string };

/** Builds a multipart body the way a browser does. */
function multipart(parts: Part[], boundary = BOUNDARY): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    head += (part.headers ?? '') + '\r\n';
    chunks.push(Buffer.from(head), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, HttpError);
    return error as HttpError;
  }
  throw new Error('expected a rejection');
}

const parse = suite('parseMultipart');

parse('fields and several files, repeated names kept', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0d, 0x0a]);
  const body = multipart([
    { name: 'title', value: 'Holiday' },
    { name: 'tag', value: 'sea' },
    { name: 'tag', value: 'sun' },
    { name: 'photos', value: png, filename: 'a.png', type: 'image/png' },
    { name: 'photos', value: 'second file\r\n--not-a-boundary', filename: 'b.txt', type: 'text/plain' },
    { name: 'notes', value: 'über', filename: 'notes.md', type: 'text/markdown' },
  ]);
  const { form, files } = await parseMultipart(body, CONTENT_TYPE);
  assert.is(form.get('title'), 'Holiday');
  assert.equal(form.getAll('tag'), ['sea', 'sun']);
  assert.is(form.has('photos'), false);
  const photos = files.getAll('photos');
  assert.is(photos.length, 2);
  assert.instance(photos[0], FileStorage);
  assert.is(photos[0]!.filename, 'a.png');
  assert.is(photos[0]!.name, 'photos');
  assert.is(photos[0]!.contentType, 'image/png');
  assert.is(photos[0]!.size, png.length);
  assert.equal([...photos[0]!.bytes], [...png]);
  assert.is(photos[1]!.text(), 'second file\r\n--not-a-boundary');
  assert.is(files.get('notes')!.text(), 'über');
});

parse('UTF-8 names, values and filenames', async () => {
  const body = multipart([
    { name: 'prénom', value: 'Zoë' },
    { name: 'doc', value: 'x', filename: 'résumé.pdf', type: 'application/pdf' },
  ]);
  const { form, files } = await parseMultipart(body, CONTENT_TYPE);
  assert.is(form.get('prénom'), 'Zoë');
  assert.is(files.get('doc')!.filename, 'résumé.pdf');
});

parse('an empty file input arrives as a file with filename ""', async () => {
  const body = multipart([{ name: 'upload', value: '', filename: '', type: 'application/octet-stream' }]);
  const { files } = await parseMultipart(body, CONTENT_TYPE);
  assert.is(files.get('upload')!.filename, '');
  assert.is(files.get('upload')!.size, 0);
});

parse('a filename is reduced to its last segment', async () => {
  const body = multipart([
    { name: 'a', value: 'x', filename: '../../etc/passwd', type: 'text/plain' },
    { name: 'b', value: 'x', filename: 'C:\\Users\\me\\cv.pdf', type: 'text/plain' },
    { name: 'c', value: 'x', filename: '..', type: 'text/plain' },
  ]);
  const { files } = await parseMultipart(body, CONTENT_TYPE);
  assert.is(files.get('a')!.filename, 'passwd');
  assert.is(files.get('b')!.filename, 'cv.pdf');
  assert.is(files.get('c')!.filename, '');
});

parse('prototype names are plain keys', async () => {
  const body = multipart([
    { name: '__proto__', value: 'x' },
    { name: 'constructor', value: 'y', filename: 'f.txt', type: 'text/plain' },
  ]);
  const { form, files } = await parseMultipart(body, CONTENT_TYPE);
  assert.is(form.get('__proto__'), 'x');
  assert.is(files.get('constructor')!.text(), 'y');
  assert.is(({} as Record<string, unknown>)['x'], undefined);
});

parse('a quoted boundary and a preamble are accepted', async () => {
  const body = Buffer.concat([Buffer.from('preamble\r\n'), multipart([{ name: 'a', value: '1' }], 'x;y')]);
  const { form } = await parseMultipart(body, 'multipart/form-data; boundary="x;y"');
  assert.is(form.get('a'), '1');
});

parse('a body with only the closing boundary is an empty form', async () => {
  const { form, files } = await parseMultipart(multipart([]), CONTENT_TYPE);
  assert.is(form.size + files.size, 0);
});

parse('broken bodies are a 400', async () => {
  const good = Buffer.from(multipart([{ name: 'a', value: '1' }]));
  const cases: Array<[string, Uint8Array, string]> = [
    ['no boundary parameter', good, 'multipart/form-data'],
    ['truncated', good.subarray(0, good.length - 20), CONTENT_TYPE],
    [
      'no closing boundary',
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1`),
      CONTENT_TYPE,
    ],
    [
      'unterminated part headers',
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"`),
      CONTENT_TYPE,
    ],
    ['not multipart at all', Buffer.from('{"a": 1}'), CONTENT_TYPE],
    ['another boundary', good, 'multipart/form-data; boundary=other'],
  ];
  for (const [label, body, type] of cases) {
    const error = await rejection(parseMultipart(body, type));
    assert.is(error.status, 400, label);
  }
});

parse('maxFormParts: exactly the limit passes, one more part is a 413', async () => {
  const parts = (count: number): Part[] =>
    Array.from({ length: count }, (_, i) =>
      i % 2 === 0
        ? { name: `f${i}`, value: 'v' }
        : { name: `u${i}`, value: 'v', filename: 'f', type: 'text/plain' },
    );
  const { form, files } = await parseMultipart(multipart(parts(4)), CONTENT_TYPE, { maxFormParts: 4 });
  assert.is(form.size + files.size, 4);
  for (const extra of [5, 50]) {
    const error = await rejection(parseMultipart(multipart(parts(extra)), CONTENT_TYPE, { maxFormParts: 4 }));
    assert.is(error.status, 413);
  }
});

parse('maxFormMemorySize: a field of exactly the limit passes, a larger one is a 413', async () => {
  const limits = { maxFormMemorySize: 10 };
  const { form } = await parseMultipart(
    multipart([{ name: 'a', value: '0123456789' }]),
    CONTENT_TYPE,
    limits,
  );
  assert.is(form.get('a'), '0123456789');
  const error = await rejection(
    parseMultipart(multipart([{ name: 'a', value: '0123456789X' }]), CONTENT_TYPE, limits),
  );
  assert.is(error.status, 413);
});

parse('maxFormMemorySize does not limit files (MAX_CONTENT_LENGTH does)', async () => {
  const big = 'x'.repeat(5000);
  const body = multipart([{ name: 'f', value: big, filename: 'big.txt', type: 'text/plain' }]);
  const { files } = await parseMultipart(body, CONTENT_TYPE, { maxFormMemorySize: 10 });
  assert.is(files.get('f')!.size, 5000);
});

parse('no limits: fields beyond busboy’s 1 MB default are kept', async () => {
  const big = 'y'.repeat(1024 * 1024 + 10);
  const { form } = await parseMultipart(multipart([{ name: 'a', value: big }]), CONTENT_TYPE, {
    maxFormMemorySize: null,
  });
  assert.is(form.get('a')!.length, big.length);
});

const storage = suite('FileStorage');

storage('defaults, size, text and save', async () => {
  const file = new FileStorage({ name: 'doc', bytes: new TextEncoder().encode('héllo') });
  assert.is(file.filename, '');
  assert.is(file.contentType, 'application/octet-stream');
  assert.is(file.size, 6);
  assert.is(file.text(), 'héllo');
  assert.is(new FileStorage({ name: 'bad', bytes: new Uint8Array([0xff]) }).text(), '\uFFFD');
  const dir = await mkdtemp(join(tmpdir(), 'phial-'));
  try {
    await file.save(join(dir, 'doc.txt'));
    assert.is(await readFile(join(dir, 'doc.txt'), 'utf8'), 'héllo');
  } finally {
    await rm(dir, { recursive: true });
  }
});

parse.run();
storage.run();
