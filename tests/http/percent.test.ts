import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodePath,
  decodeQueryComponent,
  decodeUtf8KeepingInvalid,
  hexByte,
} from '../../lib/http/percent.ts';

const queryComponent = suite('decodeQueryComponent');

queryComponent('plus is a space and escapes are UTF-8', () => {
  assert.is(decodeQueryComponent('caf%C3%A9+au+lait'), 'café au lait');
  assert.is(decodeQueryComponent('%E2%82%AC'), '€');
  assert.is(decodeQueryComponent('%F0%9F%98%80'), '😀');
  assert.is(decodeQueryComponent('a%2Bb'), 'a+b');
});

queryComponent('text without escapes comes back as it is', () => {
  assert.is(decodeQueryComponent('plain'), 'plain');
  assert.is(decodeQueryComponent(''), '');
});

queryComponent('lower-case hex is accepted', () => {
  assert.is(decodeQueryComponent('%c3%a9'), 'é');
});

queryComponent('malformed escapes stay literally (Python unquote)', () => {
  assert.is(decodeQueryComponent('%zz'), '%zz');
  assert.is(decodeQueryComponent('%4'), '%4');
  assert.is(decodeQueryComponent('%'), '%');
  assert.is(decodeQueryComponent('100%'), '100%');
  assert.is(decodeQueryComponent('%%41'), '%A');
  assert.is(decodeQueryComponent('%G1%41'), '%G1A');
});

queryComponent('bytes that are not UTF-8 stay percent-encoded, upper-case (Werkzeug 3)', () => {
  // Fixtures from Python's parse_qsl(errors="werkzeug.url_quote").
  assert.is(decodeQueryComponent('%C3%A4%DF+%e2%82A'), 'ä%DF %E2%82A');
  assert.is(decodeQueryComponent('%ff%fe'), '%FF%FE');
  assert.is(decodeQueryComponent('%C3'), '%C3');
  assert.is(decodeQueryComponent('%ed%a0%80'), '%ED%A0%80');
});

queryComponent('overlong forms and out-of-range code points are invalid', () => {
  assert.is(decodeQueryComponent('%C0%AF'), '%C0%AF');
  assert.is(decodeQueryComponent('%E0%80%AF'), '%E0%80%AF');
  assert.is(decodeQueryComponent('%F4%90%80%80'), '%F4%90%80%80');
  assert.is(decodeQueryComponent('%E2%C3%A4'), '%E2ä');
});

queryComponent('a byte order mark is kept', () => {
  assert.is(decodeQueryComponent('%EF%BB%BFa'), '\uFEFFa');
});

queryComponent('literal non-ASCII text is kept', () => {
  assert.is(decodeQueryComponent('ä%C3%A4'), 'ää');
});

const path = suite('decodePath');

path('decodes escapes and leaves plus alone', () => {
  assert.is(decodePath('/caf%C3%A9/a+b'), '/café/a+b');
  assert.is(decodePath('/a%2Fb'), '/a/b');
  assert.is(decodePath('/users/42'), '/users/42');
});

path('invalid UTF-8 becomes U+FFFD; malformed escapes stay', () => {
  assert.is(decodePath('/%FF'), '/\uFFFD');
  assert.is(decodePath('/%C3x'), '/\uFFFDx');
  assert.is(decodePath('/%zz/%'), '/%zz/%');
});

const utf8 = suite('decodeUtf8KeepingInvalid');

utf8('decodes valid UTF-8 and escapes invalid bytes', () => {
  assert.is(decodeUtf8KeepingInvalid(new Uint8Array([0x61, 0xc3, 0xa4])), 'aä');
  assert.is(decodeUtf8KeepingInvalid(new Uint8Array([0xc3, 0xa4, 0xff, 0x0a])), 'ä%FF\n');
});

const hex = suite('hexByte');

hex('reads two hex digits or returns -1', () => {
  assert.is(hexByte('%2F', 1), 0x2f);
  assert.is(hexByte('%aB', 1), 0xab);
  assert.is(hexByte('%g0', 1), -1);
  assert.is(hexByte('%0', 1), -1);
  assert.is(hexByte('%', 1), -1);
});

queryComponent.run();
path.run();
utf8.run();
hex.run();
