/** Tests for lib/http/upper-case.ts. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { upperCase } from '../../lib/http/upper-case.ts';

const Upper = suite('upperCase');

Upper('matches toUpperCase on ASCII, non-ASCII and mixed text', () => {
  for (const text of ['GET', 'get', 'Post', 'M-SEARCH', 'propfind', '', 'ß', 'é-get', 'GETé', 'x{|}~']) {
    assert.is(upperCase(text), text.toUpperCase(), JSON.stringify(text));
  }
});

Upper('every single character agrees with toUpperCase', () => {
  for (let code = 0; code < 0x250; code++) {
    const text = `A${String.fromCharCode(code)}`;
    assert.is(upperCase(text), text.toUpperCase(), `U+${code.toString(16)}`);
  }
});

Upper.run();
