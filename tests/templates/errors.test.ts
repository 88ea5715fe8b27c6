import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateNotFound, TemplateSyntaxError } from '../../lib/templates/errors.ts';

const Errors = suite('templates/errors');

Errors('TemplateNotFound names the template and the folders', () => {
  const error = new TemplateNotFound('x.html', ['/a', '/b']);
  assert.is(error.name, 'TemplateNotFound');
  assert.is(error.message, "Template 'x.html' not found (searched: /a, /b)");
  assert.equal(error.searched, ['/a', '/b']);
  assert.match(new TemplateNotFound('x.html', []).message, 'no template folder is configured');
});

Errors('TemplateSyntaxError names the file and line', () => {
  const error = new TemplateSyntaxError('unknown block tag: foo', '/t/page.html', 3);
  assert.is(error.message, 'unknown block tag: foo (/t/page.html, line 3)');
  assert.is(error.lineno, 3);
  assert.is(new TemplateSyntaxError('bad', 'x', 0).message, 'bad (x)');
});

Errors.run();
