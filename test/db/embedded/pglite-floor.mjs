// The PGlite floor of issue 11, as a child process of start-footprint.test.ts: a process that only
// opens PGlite (default options) on an existing data folder and runs one SELECT. Given the built
// pglite-connection.js, it starts PGlite through that module's startPgliteEngine instead.
//   node pglite-floor.mjs <DIR> [file URL of dist/src/db/connection/pglite-connection.js]
import { PGlite } from '@electric-sql/pglite';

const [dir, engineModule] = process.argv.slice(2);
const db = engineModule ? await (await import(engineModule)).startPgliteEngine(dir) : await PGlite.create(dir);
await db.query('SELECT 1');
await db.close();
