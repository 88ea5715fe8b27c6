import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { defaultConfig, formLimits } from '../lib/config.ts';

const Config = suite('Config');

Config("Flask's defaults, Flask's names", () => {
  const config = defaultConfig();
  assert.is(config.SECRET_KEY, null);
  assert.is(config.PERMANENT_SESSION_LIFETIME, 31 * 24 * 3600);
  assert.is(config.SESSION_COOKIE_NAME, 'session');
  assert.is(config.SESSION_COOKIE_HTTPONLY, true);
  assert.is(config.SESSION_COOKIE_SECURE, false);
  assert.is(config.SESSION_COOKIE_SAMESITE, null);
  assert.is(config.SESSION_REFRESH_EACH_REQUEST, true);
  assert.is(config.MAX_COOKIE_SIZE, 4093);
  assert.is(config.MAX_CONTENT_LENGTH, 1024 * 1024);
  assert.is(config.PREFERRED_URL_SCHEME, 'http');
});

Config('CSRF protection: on, tokens optional, fresh lists per app', () => {
  const config = defaultConfig();
  assert.is(config.CSRF_ENABLED, true);
  assert.is(config.CSRF_TOKEN_REQUIRED, false);
  assert.equal(config.CSRF_TRUSTED_ORIGINS, []);
  assert.is(config.CSRF_TIME_LIMIT, 3600);
  new App().config.CSRF_TRUSTED_ORIGINS.push('https://a.example');
  assert.equal(new App().config.CSRF_TRUSTED_ORIGINS, []);
});

Config('each app gets its own copy', () => {
  const a = new App();
  const b = new App();
  a.config.MAX_CONTENT_LENGTH = 5;
  assert.is(b.config.MAX_CONTENT_LENGTH, 1024 * 1024);
});

Config('app.secretKey mirrors config.SECRET_KEY both ways; debug and testing mirror theirs', () => {
  const app = new App();
  app.secretKey = 'dev';
  assert.is(app.config.SECRET_KEY, 'dev');
  app.config.SECRET_KEY = 'other';
  assert.is(app.secretKey, 'other');
  app.testing = true;
  assert.is(app.config.TESTING, true);
  app.config.DEBUG = true;
  assert.is(app.debug, true);
});

Config('PROPAGATE_EXCEPTIONS defaults to TESTING or DEBUG', () => {
  const app = new App();
  assert.not.ok(app.propagateExceptions);
  app.config.TESTING = true;
  assert.ok(app.propagateExceptions);
  app.config.PROPAGATE_EXCEPTIONS = false;
  assert.not.ok(app.propagateExceptions);
});

Config("formLimits: the config's form limits, one object while they stay the same", () => {
  const config = defaultConfig();
  const first = formLimits(config);
  assert.equal(first, {
    maxFormMemorySize: config.MAX_FORM_MEMORY_SIZE,
    maxFormParts: config.MAX_FORM_PARTS,
  });
  assert.is(formLimits(config), first);
  config.MAX_FORM_PARTS = 3;
  const changed = formLimits(config);
  assert.is.not(changed, first);
  assert.is(changed.maxFormParts, 3);
});

Config.run();
