// The floors talk to each database through the product's own driver (pg, mysql2, PGlite) and
// nothing else: a handle with `run` (one statement; rows and affected rows) and `close`.
// Drivers load on demand, so a floor process pays only for the driver it uses, as the CLI does.

/** Opens `pg` on a URL, `mysql2` on a URL, or PGlite on a folder. */
export async function connectRaw(kind, where) {
  switch (kind) {
    case 'postgres':
      return connectPg(where);
    case 'mariadb':
      return connectMysql(where);
    case 'pglite':
      return connectPglite(where);
    default:
      throw new Error(`unknown database kind ${kind}`);
  }
}

async function connectPg(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    dialect: 'postgres',
    async run(sql, params = []) {
      const result = await client.query(sql, params);
      return { rows: result.rows, affected: result.rowCount ?? 0 };
    },
    close: () => client.end(),
  };
}

/**
 * mysql2 with the tables' collation on the connection (utf8mb4_unicode_ci), so a value sent in a
 * statement compares with `chat_channel.name` through its index. `run` formats the values into
 * the text client-side (one statement of any size: no 65,535-placeholder limit); `prepared`
 * uses a server-side prepared statement, cached by mysql2, as a per-row loop would.
 */
async function connectMysql(url) {
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url, charset: 'UTF8MB4_UNICODE_CI' });
  const result = ([value]) => (Array.isArray(value) ? { rows: value, affected: value.length } : { rows: [], affected: value.affectedRows });
  return {
    dialect: 'mysql',
    run: async (sql, params = []) => result(await connection.query(sql, params)),
    prepared: async (sql, params = []) => result(await connection.execute(sql, params)),
    close: () => connection.end(),
  };
}

async function connectPglite(dir) {
  const { PGlite } = await import('@electric-sql/pglite');
  const instance = await PGlite.create(dir);
  return {
    dialect: 'postgres',
    async run(sql, params = []) {
      const result = await instance.query(sql, params);
      return { rows: result.rows, affected: result.affectedRows ?? 0 };
    },
    close: () => instance.close(),
  };
}
