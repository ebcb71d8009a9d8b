// The whole-process floors: what a node process needs at the least to do the CLI's work.
//   node bench/floor-process.js parse  FILE                  the parse floor (validate)
//   node bench/floor-process.js insert FILE KIND TARGET      parse + one INSERT of the file's channels (apply)
//   node bench/floor-process.js select FILE KIND TARGET      parse + one SELECT of the rows (plan)
//   node bench/floor-process.js pglite DIR                   open PGlite on an existing folder, one SELECT
// KIND is postgres | mariadb | pglite; TARGET a URL, or the folder for pglite. Prints the number
// of channels parsed or rows touched, which bench/run.js checks. Imports only what each needs.
import { readFileSync } from 'node:fs';

const [mode, path, kind, target] = process.argv.slice(2);

async function parsed() {
  const { parse } = await import('yaml');
  return parse(readFileSync(path, 'utf8')).channels;
}

async function main() {
  switch (mode) {
    case 'parse':
      return (await parsed()).length;
    case 'insert':
    case 'select': {
      const channels = await parsed();
      const [{ connectRaw }, { floors }, { channelRows }] = await Promise.all([
        import('./lib/raw-driver.js'),
        import('./lib/floor-sql.js'),
        import('./lib/config-files.js'),
      ]);
      const raw = await connectRaw(kind, target);
      try {
        return mode === 'insert' ? await floors.insert(raw, channelRows(channels)) : await floors.select(raw, channels.length);
      } finally {
        await raw.close();
      }
    }
    case 'pglite': {
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = await PGlite.create(path);
      const { rows } = await pglite.query('SELECT count(*)::int AS n FROM chat_channel');
      await pglite.close();
      return rows[0].n;
    }
    default:
      throw new Error(`unknown floor ${mode}`);
  }
}

process.stdout.write(`${await main()}\n`);
