import { App, abort } from '../../lib/index.ts';
const app = new App();
app.get('/a')(function a() { abort(404); });
app.get('/b')(() => { abort(404); });
app.get('/c')(async function c() { abort(404); });
app.get('/d')(function d({ request }) { if (request.path) return 'x'; abort(404); });
