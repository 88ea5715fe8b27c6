/** docs/server.md: debug mode. A program: `npx tsx server-debug.ts`. */
import { App } from 'phial';

const app = new App();
app.get('/')(function index() {
  throw new RangeError('a bug to look at');
});

// #region debug
await app.run({ debug: true });
// #endregion debug
