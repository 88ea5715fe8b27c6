import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { nunjucks } from '../../lib/templates/nunjucks.ts';
import { safeHtml } from '../../lib/templates/safe.ts';

const Safe = suite('templates/safe');

Safe('Markup, __html__ objects and SafeString are safe; text is not', () => {
  assert.is(safeHtml(new Markup('<b>')), '<b>');
  assert.is(safeHtml({ __html__: () => '<i>' }), '<i>');
  assert.is(safeHtml(new (nunjucks().SafeString)('<u>')), '<u>');
  assert.is(safeHtml('<b>'), undefined);
  assert.is(safeHtml(null), undefined);
  assert.is(safeHtml({ html: '<b>' }), undefined);
});

Safe.run();
