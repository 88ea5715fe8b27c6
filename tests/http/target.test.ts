import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pathToIri, queryToIri, requestHost, requestPath, splitTarget } from '../../lib/http/target.ts';

const split = suite('splitTarget');

split('origin-form: path and query', () => {
  assert.equal(splitTarget('/a/b?x=1&y'), { authority: null, rawPath: '/a/b', query: 'x=1&y' });
  assert.equal(splitTarget('/a'), { authority: null, rawPath: '/a', query: '' });
  assert.equal(splitTarget('/?'), { authority: null, rawPath: '/', query: '' });
  assert.equal(splitTarget('/a?b?c'), { authority: null, rawPath: '/a', query: 'b?c' });
});

split('absolute-form: the authority is split off', () => {
  assert.equal(splitTarget('http://example.com:8080/a?b=1'), {
    authority: 'example.com:8080',
    rawPath: '/a',
    query: 'b=1',
  });
  assert.equal(splitTarget('https://example.com'), { authority: 'example.com', rawPath: '', query: '' });
  assert.equal(splitTarget('http://example.com?q'), { authority: 'example.com', rawPath: '', query: 'q' });
  assert.equal(splitTarget('http://a.example#f'), { authority: 'a.example', rawPath: '', query: '' });
});

split('every scheme, not only http and https, in any case', () => {
  assert.equal(splitTarget('HTTP://example.com/a'), { authority: 'example.com', rawPath: '/a', query: '' });
  assert.equal(splitTarget('ws://example.com/a').authority, 'example.com');
  assert.equal(splitTarget('httpx://example.com/a').authority, 'example.com');
  assert.equal(splitTarget('http:/example.com/a').authority, null);
});

split('a fragment is dropped', () => {
  assert.equal(splitTarget('/a?b#c?d'), { authority: null, rawPath: '/a', query: 'b' });
  assert.equal(splitTarget('/a#c?d'), { authority: null, rawPath: '/a', query: '' });
});

split('// and things that only look like a scheme are paths', () => {
  assert.equal(splitTarget('//evil.com/x'), { authority: null, rawPath: '//evil.com/x', query: '' });
  assert.equal(splitTarget('/http://x/y'), { authority: null, rawPath: '/http://x/y', query: '' });
  assert.equal(splitTarget('1a://x/y').authority, null);
  assert.equal(splitTarget('*'), { authority: null, rawPath: '*', query: '' });
  assert.equal(splitTarget(''), { authority: null, rawPath: '', query: '' });
});

const host = suite('requestHost');

host('drops the default port of the scheme only', () => {
  assert.is(requestHost('example.com:80', 'http'), 'example.com');
  assert.is(requestHost('example.com:443', 'https'), 'example.com');
  assert.is(requestHost('example.com:443', 'http'), 'example.com:443');
  assert.is(requestHost('example.com:8080', 'http'), 'example.com:8080');
  assert.is(requestHost('[::1]:80', 'http'), '[::1]');
  assert.is(requestHost('127.0.0.1:5000', 'http'), '127.0.0.1:5000');
});

host('missing is localhost; characters no host has read as empty', () => {
  assert.is(requestHost(null, 'http'), 'localhost');
  for (const bad of ['', 'evil.com/x', 'user@evil.com', 'a b', 'a, b', 'x:y', '<script>', 'a\\b', 'é.com']) {
    assert.is(requestHost(bad, 'http'), '', bad);
  }
});

const path = suite('pathToIri');

path('keeps readable text and escapes what would change the meaning', () => {
  assert.is(pathToIri('/café/a b?#%'), '/café/a%20b%3F%23%25');
  assert.is(pathToIri('/a\u0000\u007f'), '/a%00%7F');
  assert.is(pathToIri('/plain/path'), '/plain/path');
});

const query = suite('queryToIri');

query('decodes readable escapes, keeps reserved and invalid ones (uri_to_iri)', () => {
  assert.is(queryToIri('q=%C3%A8ry%DF'), 'q=èry%DF');
  assert.is(queryToIri('a=%26%3D%2B%23%25%20'), 'a=%26%3D%2B%23%25%20');
  assert.is(queryToIri('a=%41%2f%0A'), 'a=A/%0A');
  assert.is(queryToIri('a=%zz&b=%'), 'a=%zz&b=%');
  assert.is(queryToIri('a b\u0001'), 'a%20b%01');
});

split.run();
host.run();
path.run();
query.run();

const requestPathSuite = suite('requestPath');

requestPathSuite('decodes and starts with exactly one slash', () => {
  assert.is(requestPath('/caf%C3%A9/x'), '/café/x');
  assert.is(requestPath(''), '/');
  assert.is(requestPath('a/b'), '/a/b');
  assert.is(requestPath('///a//b/'), '/a//b/');
  assert.is(requestPath('/%2F%2Fa'), '/a');
  assert.is(requestPath('/%FF'), '/\uFFFD');
});

requestPathSuite.run();
