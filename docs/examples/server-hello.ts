/** docs/server.md: the smallest server. A program: `npx tsx server-hello.ts`. */
// #region hello
import { App } from 'phial';

const app = new App();
app.get('/')(function index() {
  return 'Hello, World!';
});

await app.run(); // PORT and HOST from the environment, else 127.0.0.1:5000
// #endregion hello
