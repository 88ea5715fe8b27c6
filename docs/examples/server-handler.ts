/**
 * docs/server.md: app.handler in your own server. Type-checked only: it listens on fixed ports, and
 * `key` and `cert` stand for your TLS files.
 */
import { App } from 'phial';

declare const key: string;
declare const cert: string;
const app = new App();

// #region handler
import http from 'node:http';
import https from 'node:https';

http.createServer(app.handler).listen(5000);
https.createServer({ key, cert }, app.handler).listen(5443); // request.scheme is 'https'
// #endregion handler
