/** docs/server.md: the access log. A program: `npx tsx server-access-log.ts`. */
import { App } from 'phial';

const app = new App();
app.get('/')(function index() {
  return 'Hello, World!';
});

// #region access-log
await app.run({ accessLog: true }); // or 'json', or { format: 'json', stream: createWriteStream('access.log') }
// #endregion access-log
