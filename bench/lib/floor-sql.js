// What the product is measured against, as SQL through the same driver:
// - the floors: the same rows written by ONE statement (PostgreSQL and PGlite: arrays as single
//   parameters and `unnest`; MySQL: one multi-row statement), read back by ONE `SELECT`;
// - the naive baseline: one `SELECT` and one `INSERT` / `UPDATE` per channel, in one transaction.
// Each returns the rows it touched, so the bench checks a floor really did the product's work.
// The floors know what the product has to look up: the seed's group ids (config-files.js), valid
// id 1 ('valid') and 2 ('invalid'), agent 1 (root@localhost). That is what makes them floors.

const COLUMNS = 'name, group_id, valid_id, comments, customer_interface, public_interface, create_time, create_by, change_time, change_by';
const SELECT_ALL = 'SELECT id, name, group_id, valid_id, comments, customer_interface, public_interface FROM chat_channel';
/** mysql2 writes an object with toSqlString as it is: the server's clock, as in the product's statements. */
const NOW = { toSqlString: () => 'current_timestamp' };

const postgres = {
  insertAll: (raw, rows) =>
    raw.run(
      `INSERT INTO chat_channel (${COLUMNS}) SELECT t.n, t.g, 1, t.c, t.ci, t.pi, current_timestamp, 1, current_timestamp, 1 ` +
        'FROM unnest($1::text[], $2::int[], $3::text[], $4::smallint[], $5::smallint[]) AS t(n, g, c, ci, pi)',
      [rows.map((r) => r.name), rows.map((r) => r.groupId), rows.map((r) => r.comment), rows.map((r) => r.customer), rows.map((r) => r.public)],
    ),
  updateComments: (raw, rows) =>
    raw.run(
      'UPDATE chat_channel AS c SET comments = t.c, change_time = current_timestamp, change_by = 1 ' +
        'FROM unnest($1::text[], $2::text[]) AS t(n, c) WHERE c.name = t.n',
      [rows.map((r) => r.name), rows.map((r) => r.comment)],
    ),
  invalidate: (raw, names) =>
    raw.run('UPDATE chat_channel SET valid_id = 2, change_time = current_timestamp, change_by = 1 WHERE name = ANY($1::text[])', [names]),
  naive: {
    find: 'SELECT id, comments, valid_id FROM chat_channel WHERE name = $1',
    insert: `INSERT INTO chat_channel (${COLUMNS}) VALUES ($1, $2, 1, $3, $4, $5, current_timestamp, 1, current_timestamp, 1)`,
    update: 'UPDATE chat_channel SET comments = $1, change_time = current_timestamp, change_by = 1 WHERE id = $2',
    invalidate: 'UPDATE chat_channel SET valid_id = 2, change_time = current_timestamp, change_by = 1 WHERE id = $1',
  },
};

const mysql = {
  insertAll: (raw, rows) =>
    raw.run(`INSERT INTO chat_channel (${COLUMNS}) VALUES ?`, [rows.map((r) => [r.name, r.groupId, 1, r.comment, r.customer, r.public, NOW, 1, NOW, 1])]),
  /** A derived table of the values joined on the unique name: MySQL has no arrays to unnest. */
  updateComments: (raw, rows) => {
    const values = rows.map((_, i) => (i === 0 ? 'SELECT ? AS n, ? AS c' : 'SELECT ?, ?')).join(' UNION ALL ');
    return raw.run(
      `UPDATE chat_channel c JOIN (${values}) t ON c.name = t.n SET c.comments = t.c, c.change_time = current_timestamp, c.change_by = 1`,
      rows.flatMap((r) => [r.name, r.comment]),
    );
  },
  invalidate: (raw, names) => raw.run('UPDATE chat_channel SET valid_id = 2, change_time = current_timestamp, change_by = 1 WHERE name IN (?)', [names]),
  naive: {
    find: 'SELECT id, comments, valid_id FROM chat_channel WHERE name = ?',
    insert: `INSERT INTO chat_channel (${COLUMNS}) VALUES (?, ?, 1, ?, ?, ?, current_timestamp, 1, current_timestamp, 1)`,
    update: 'UPDATE chat_channel SET comments = ?, change_time = current_timestamp, change_by = 1 WHERE id = ?',
    invalidate: 'UPDATE chat_channel SET valid_id = 2, change_time = current_timestamp, change_by = 1 WHERE id = ?',
  },
};

const forDialect = (raw) => (raw.dialect === 'mysql' ? mysql : postgres);

/** Runs `fn(expected)` and fails when the statement touched another number of rows than the product would. */
function checked(what, expected, affected) {
  if (affected !== expected) throw new Error(`floor ${what}: ${affected} rows instead of ${expected}`);
  return affected;
}

export const floors = {
  insert: async (raw, rows) => checked('insert', rows.length, (await forDialect(raw).insertAll(raw, rows)).affected),
  select: async (raw, expected) => checked('select', expected, (await raw.run(SELECT_ALL)).rows.length),
  update: async (raw, rows) => checked('update', rows.length, (await forDialect(raw).updateComments(raw, rows)).affected),
  invalidate: async (raw, names) => checked('invalidate', names.length, (await forDialect(raw).invalidate(raw, names)).affected),
};

/**
 * The naive loops: in one transaction, per channel one SELECT by name, then one write by id.
 * Returns the statements sent (BEGIN and COMMIT included, as the product counts them).
 */
async function naiveLoop(raw, items, write) {
  const sql = forDialect(raw).naive;
  const one = raw.prepared ?? raw.run;
  let statements = 2;
  await raw.run('BEGIN');
  try {
    for (const item of items) {
      const { rows } = await one(sql.find, [item.name]);
      statements += 2;
      const { affected } = await write(one, sql, item, rows[0]);
      if (affected !== 1) throw new Error(`naive write of ${item.name}: ${affected} rows`);
    }
    await raw.run('COMMIT');
  } catch (err) {
    await raw.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return statements;
}

export const naive = {
  insert: (raw, rows) =>
    naiveLoop(raw, rows, (one, sql, r, found) => {
      if (found) throw new Error(`naive insert: ${r.name} exists`);
      return one(sql.insert, [r.name, r.groupId, r.comment, r.customer, r.public]);
    }),
  update: (raw, rows) => naiveLoop(raw, rows, (one, sql, r, found) => one(sql.update, [r.comment, found.id])),
  invalidate: (raw, names) => naiveLoop(raw, names.map((name) => ({ name })), (one, sql, _r, found) => one(sql.invalidate, [found.id])),
};

const STATE_COUNTS =
  'SELECT count(*) AS total, sum(CASE WHEN valid_id = 1 THEN 1 ELSE 0 END) AS valid, ' +
  "sum(CASE WHEN comments LIKE '%second version' THEN 1 ELSE 0 END) AS updated FROM chat_channel";

/**
 * Checks, after the clock stopped, that chat_channel holds what the config's state says, whoever
 * wrote it (product, floor or naive loop): `select(sql)` returns rows; `counts` the channels the
 * state has, updated and invalidated.
 */
export async function verifyState(select, state, counts) {
  const [row] = await select(STATE_COUNTS);
  const got = { total: Number(row.total), valid: Number(row.valid ?? 0), updated: Number(row.updated ?? 0) };
  const expected = {
    total: counts.n,
    valid: state === 'invalidated' ? counts.n - counts.invalidations : counts.n,
    updated: state === 'created' ? 0 : counts.updates,
  };
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`after ${state}: chat_channel holds ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
}
