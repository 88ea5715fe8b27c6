import { app } from './app.ts';

// `bun server.ts` and `deno serve server.ts` serve a default export that has a `fetch`.
export default { fetch: app.fetch, port: Number(process.env.PORT ?? 3000) };
