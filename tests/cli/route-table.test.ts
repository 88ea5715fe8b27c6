import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { routeTable } from '../../lib/cli/route-table.ts';
import { app } from '../fixtures/routes-app.ts';

const Table = suite('routeTable');

// Each expected table is what `flask routes` prints for the same rules (Flask 2.2).
Table('sorted by endpoint, without HEAD and OPTIONS, like flask routes', () => {
  assert.is(
    routeTable(app),
    [
      'Endpoint         Methods    Rule',
      '---------------  ---------  --------------',
      'admin.dashboard  GET        /admin/',
      'index            GET        /',
      'user             GET, POST  /user/<int:id>',
      'zeta             DELETE     /a',
      '',
    ].join('\n'),
  );
});

Table('--sort rule, with all methods (automatic OPTIONS included)', () => {
  assert.is(
    routeTable(app, { sort: 'rule', allMethods: true }),
    [
      'Endpoint         Methods                   Rule',
      '---------------  ------------------------  --------------',
      'index            GET, HEAD, OPTIONS        /',
      'zeta             DELETE, OPTIONS           /a',
      'admin.dashboard  GET, HEAD, OPTIONS        /admin/',
      'user             GET, HEAD, OPTIONS, POST  /user/<int:id>',
      '',
    ].join('\n'),
  );
});

Table('--sort methods compares the sorted method lists; match keeps registration order', () => {
  const endpoints = (sort: 'methods' | 'match') =>
    routeTable(app, { sort })
      .split('\n')
      .slice(2, -1)
      .map((row) => row.split(' ')[0]);
  assert.equal(endpoints('methods'), ['zeta', 'index', 'admin.dashboard', 'user']);
  assert.equal(endpoints('match'), ['index', 'user', 'zeta', 'admin.dashboard']);
});

Table('an app without routes', () => {
  assert.is(routeTable(new App()), 'No routes were registered.\n');
});

Table('an unknown sort is a TypeError naming the option', () => {
  assert.throws(() => routeTable(app, { sort: 'size' as 'rule' }), /RouteTableOptions\.sort must be one of/);
});

Table.run();
