import { app } from './app.ts';

await app.run(); // http://127.0.0.1:5000/ (the PORT and HOST variables change it)
