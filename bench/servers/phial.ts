/** Phial on node:http (`app.run()`), on whichever Node runs it: Node 20, or Node 24 (`phial-node24`). */
import { announce, listenPort } from './announce.ts';
import { app } from './phial-app.ts';

const server = await app.run({ host: '127.0.0.1', port: listenPort(), log: false, handleSignals: false });
announce(`Phial (Node ${process.versions.node})`, server.port);
