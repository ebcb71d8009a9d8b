import { describe, expect, test } from 'vitest';
import { jsonTable } from '../../../src/db/dialects/mysql-batch-shapes.js';
import { chunkBuilt } from '../../../src/db/dialects/mysql-chunks.js';
import { mysqlCollationKeys, nameKeyStatements } from '../../../src/db/dialects/mysql-name-keys.js';
import { hasJsonTable, usesJsonTable } from '../../../src/db/dialects/mysql-server-version.js';
import { textCapabilities } from '../../../src/db/dialects/mysql.js';
import type { LayoutRow } from '../../../src/db/dialects/dialect.js';

/**
 * Issue 11: where the server has `JSON_TABLE`, a batch travels as one JSON parameter, so its
 * statements do not grow with the number of rows. Pure: test/db/mysql-writes.db.test.ts and
 * name-keys.db.test.ts run both forms on MariaDB.
 */
describe('which servers take JSON_TABLE', () => {
  test('MariaDB from 10.6, MySQL from 8.0.4, as VERSION() spells them', () => {
    const yes = ['10.6.0-MariaDB', '10.11.19-MariaDB-0+deb12u1', '5.5.5-10.11.6-MariaDB-log', '11.4.2-MariaDB', '8.0.4-rc', '8.0.36', '8.4.0-commercial', '9.0.1'];
    const no = ['10.5.23-MariaDB', '10.3.39-MariaDB-0+deb10u1', '5.5.5-10.5.1-MariaDB', '8.0.3-rc-log', '5.7.44-log', '5.6.51', '', 'MariaDB', 'x.y'];
    for (const v of yes) expect(hasJsonTable(v), v).toBe(true);
    for (const v of no) expect(hasJsonTable(v), v).toBe(false);
    expect(hasJsonTable(null)).toBe(false);
  });

  const layout = (version: string | undefined): LayoutRow[] =>
    [
      { table_name: 'chat_channel', column_name: 'name', column_type: 'varchar(200)', character_set: 'utf8mb4', collation_name: 'utf8mb4_unicode_ci' },
      { table_name: 'chat_channel', column_name: 'comments', column_type: 'varchar(250)', character_set: 'utf8mb4', collation_name: 'utf8mb4_unicode_ci' },
    ].map((row) => ({ ...row, ...(version === undefined ? {} : { server_version: version }) }));

  test('the layout read carries the answer with the capabilities it gives; anything else gets the statements every server takes', () => {
    const json = textCapabilities(layout('10.11.6-MariaDB'), 'groups');
    const old = textCapabilities(layout('5.7.44'), 'groups');
    const none = textCapabilities(layout(undefined), 'groups');
    expect(usesJsonTable(json)).toBe(true);
    expect(usesJsonTable(old)).toBe(false);
    expect(usesJsonTable(none)).toBe(false);
    // Kept beside them: the capabilities themselves (saved in plan files) are as before.
    expect(json).toEqual(old);
    expect(JSON.stringify(json)).toBe(JSON.stringify(old));
    // A copy, as a saved plan's capabilities are, knows nothing of the server.
    expect(usesJsonTable(JSON.parse(JSON.stringify(json)) as typeof json)).toBe(false);
    expect(usesJsonTable({ nameComparison: 'exact' })).toBe(false);
    expect(usesJsonTable(undefined)).toBe(false);

    const names = ['Sales', 'Chat 😀'];
    expect(mysqlCollationKeys.statements(names, ['utf8mb4_unicode_ci'], json).map((s) => s.params)).toEqual([[JSON.stringify([' ', '  ', ...names])]]);
    expect(mysqlCollationKeys.statements(names, ['utf8mb4_unicode_ci'], old).map((s) => s.params)).toEqual([[' ', '  ', ...names]]);
    expect(mysqlCollationKeys.statements(names, ['utf8mb4_unicode_ci']).map((s) => s.params)).toEqual([[' ', '  ', ...names]]);
  });
});

describe('name keys as one JSON parameter', () => {
  test('70,000 names: one statement, one parameter, every name once after the two probes, in order', () => {
    const names = Array.from({ length: 70_000 }, (_, i) => `Channel ${i} "q" \\ 😀`);
    const statements = nameKeyStatements(names, ['utf8mb4_unicode_ci', 'utf8mb3_general_ci'], { jsonTable: true });
    expect(statements).toHaveLength(1);
    const [only] = statements;
    expect(only?.params).toHaveLength(1);
    expect(JSON.parse(String(only?.params[0]))).toEqual([' ', '  ', ...names]);
    expect(only?.sql.split('?')).toHaveLength(2);
    expect(only?.sql).toContain("FROM JSON_TABLE(?, '$[*]' COLUMNS(o FOR ORDINALITY, n LONGTEXT CHARACTER SET utf8mb4 PATH '$')) AS t ORDER BY t.o");
    expect(only?.sql).toContain('WEIGHT_STRING(CONVERT(t.n USING `utf8mb3`) COLLATE `utf8mb3_general_ci`)) AS k1');
  });

  test('split only where the JSON would pass the 4 MB packet budget: each statement under it, every name once, probes in each', () => {
    const names = Array.from({ length: 3_000 }, (_, i) => `${i} ${'ü'.repeat(998)}`);
    const statements = nameKeyStatements(names, ['utf8mb4_bin'], { jsonTable: true });
    expect(statements).toHaveLength(2);
    const lists = statements.map((s) => JSON.parse(String(s.params[0])) as string[]);
    for (const [i, s] of statements.entries()) expect(Buffer.byteLength(s.sql) + Buffer.byteLength(String(s.params[0])), `statement ${i}`).toBeLessThan(4 * 1024 * 1024);
    for (const list of lists) expect(list.slice(0, 2)).toEqual([' ', '  ']);
    expect(lists.flatMap((list) => list.slice(2))).toEqual(names);
  });

  test('no names: one statement of the probes alone, which say how to strip weights read with the rows (either form)', () => {
    const [json, ...moreJson] = nameKeyStatements([], ['utf8mb4_bin'], { jsonTable: true });
    expect(moreJson).toEqual([]);
    expect(JSON.parse(String(json?.params[0]))).toEqual([' ', '  ']);
    const [placeholders, ...more] = nameKeyStatements([], ['utf8mb4_bin']);
    expect(more).toEqual([]);
    expect(placeholders?.params).toEqual([' ', '  ']);
  });
});

describe('jsonTable', () => {
  interface Row {
    readonly id: number;
    readonly text: string | null;
  }
  const columns = [
    { name: 'id', type: 'integer', value: (r: Row) => r.id },
    { name: 'new`text', type: 'text', value: (r: Row) => r.text },
  ] as const;
  const place = { head: 'UPDATE t JOIN ', headParams: ['h'], tail: ' ON t.id = d.id SET t.x = ?', tailParams: [7] };

  test('one JSON parameter between the place\'s own, whatever the number of rows; identifiers quoted; JSON null for null', () => {
    const rows: Row[] = [{ id: 1, text: 'a"b' }, { id: 2, text: null }];
    const built = jsonTable('d', columns, rows, place);
    expect(built.statement).toEqual({
      sql: "UPDATE t JOIN JSON_TABLE(?, '$[*]' COLUMNS(`id` BIGINT PATH '$[0]', `new``text` LONGTEXT CHARACTER SET utf8mb4 PATH '$[1]')) d ON t.id = d.id SET t.x = ?",
      params: ['h', '[[1,"a\\"b"],[2,null]]', 7],
    });
    const many = jsonTable('d', columns, Array.from({ length: 100_000 }, (_, i) => ({ id: i, text: `${i}` })), place);
    expect(many.statement.sql).toBe(built.statement.sql);
    expect(many.statement.params).toHaveLength(3);
  });

  test('a batch is split by the bytes of its rows\' JSON only, into as few statements as the packet limit allows', () => {
    const rows: Row[] = Array.from({ length: 1_000 }, (_, i) => ({ id: i, text: 'x'.repeat(90) }));
    const statements = chunkBuilt(rows, (chunk) => jsonTable('d', columns, chunk, place), { maxPacketBytes: 40 * 1024 });
    // About 100 bytes a row: 100,000 bytes in chunks of under 40 KiB.
    expect(statements).toHaveLength(3);
    expect(statements.flatMap((s) => JSON.parse(String(s.params[1])) as unknown[])).toEqual(rows.map((r) => [r.id, r.text]));
    // Its three parameters are all a statement ever binds: the placeholder limit never splits it.
    expect(chunkBuilt(rows, (chunk) => jsonTable('d', columns, chunk, place), { maxPacketBytes: 4 * 1024 * 1024, maxParameters: 3 })).toHaveLength(1);
  });
});
