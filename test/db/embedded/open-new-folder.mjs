// Child process for pristine.test.ts: opens the embedded database in DIR through the built
// library (dist/), looking for the pristine data folder only in CACHE (made there if missing),
// runs one query, closes it and prints "opened".
//   node open-new-folder.mjs <file URL of dist/src/db/> <DIR> <CACHE>
const [distDb, dir, cache] = process.argv.slice(2);
const { resolveDatabaseTarget } = await import(new URL('connect.js', distDb).href);
const { openEmbedded } = await import(new URL('embedded/embedded.js', distDb).href);
const db = await openEmbedded(resolveDatabaseTarget(`embedded:${dir}`, {}, process.cwd()), 30_000, { shipped: undefined, cache });
await db.query('SELECT count(*) FROM chat_channel');
await db.close();
process.stdout.write('opened\n');
