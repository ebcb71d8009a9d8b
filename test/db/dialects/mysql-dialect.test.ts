import { describe, expect, test } from 'vitest';
import type { Statement } from '../../../src/db/statement.js';
import { chunkByCost, costOf, MYSQL_MAX_PARAMETERS, PACKET_HEADROOM_BYTES } from '../../../src/db/dialects/mysql-chunks.js';
import { createMysqlWrites } from '../../../src/db/dialects/mysql-write.js';
import { mysqlDdl } from '../../../src/db/dialects/mysql-ddl.js';
import { checkWritable, mysql, quoteIdentifier, textCapabilities } from '../../../src/db/dialects/mysql.js';
import { renderOtrsSchema } from '../../../src/db/embedded/otrs-schema.js';
import { LAYOUT_TABLES } from '../../../src/db/schema-layout.js';
import { splitSqlScript } from '../../../src/db/embedded/sql-script.js';
import type { ChannelRowUpdate, NewChannelRow } from '../../../src/db/write-batches.js';
import type { DatabaseCapabilities } from '../../../src/model/actual-state.js';
import { SETTING_CATALOG } from '../../../src/settings/catalog.js';
import { toQuestionMarks } from '../harness.js';

const CAPS: DatabaseCapabilities = {
  dialect: 'mysql',
  groupTable: 'groups',
  availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
  nameComparison: { channelCollation: 'utf8mb3_general_ci', groupCollation: 'utf8mb3_general_ci' },
  supportsFourByteCharacters: false,
};

/** Every placeholder is `?` with one value each; no PostgreSQL syntax slipped in. */
function expectMysqlText(statement: Statement): void {
  expect(statement.sql.split('?').length - 1, statement.sql).toBe(statement.params.length);
  expect(statement.sql).not.toMatch(/\$\d|::|"|unnest|ANY\(/);
}

const newChannel = (i: number, extra: Partial<NewChannelRow> = {}): NewChannelRow => ({
  name: `Channel ${i}`,
  groupId: 1,
  valid: 'valid',
  comment: '',
  availableToCustomerUsers: false,
  availableToPublicUsers: true,
  ...extra,
});

describe('the MySQL read dialect', () => {
  test('quotes every identifier with backticks through one helper, `groups` included', () => {
    expect(quoteIdentifier('groups')).toBe('`groups`');
    expect(quoteIdentifier('we`ird')).toBe('`we``ird`');
    expect(mysql.groupsQuery('groups').sql).toContain('FROM `groups`');
    expect(mysql.channelsQuery(null).sql).toContain('FROM `chat_channel` c LEFT JOIN `users` u');
  });

  test('every read statement binds one value per ? in order, in a fixed number of statements', () => {
    const names = SETTING_CATALOG.map((s) => s.name);
    const statements = [
      mysql.layoutQuery(LAYOUT_TABLES),
      mysql.validQuery(),
      mysql.groupsQuery('permission_groups'),
      mysql.channelsQuery({ customer: 'cust`flag', public: 'pub' }),
      mysql.settingsQuery(names),
      mysql.userQuery("o'neil"),
    ];
    statements.forEach(expectMysqlText);
    expect(mysql.settingsQuery(names).params).toEqual(names);
    expect(mysql.userQuery('x').params).toEqual(['x', 'x']);
    expect(mysql.channelsQuery({ customer: 'cust`flag', public: 'pub' }).sql).toContain('c.`cust``flag` AS customer_flag');
  });

  test('integer types as MariaDB, MySQL 5.7 and MySQL 8 name them', () => {
    for (const type of ['smallint(6)', 'smallint', 'int(11)', 'INT UNSIGNED', 'tinyint(1)', 'bigint(20) unsigned']) expect(mysql.isIntegerType(type), type).toBe(true);
    for (const type of ['varchar(20)', 'decimal(5,0)', 'longtext', 'datetime']) expect(mysql.isIntegerType(type), type).toBe(false);
  });

  const layout = (charset: string | null, collation: string | null, comments = charset): Parameters<typeof textCapabilities>[0] => [
    { table_name: 'chat_channel', column_name: 'id', column_type: 'int(11)', character_set: null, collation_name: null },
    { table_name: 'chat_channel', column_name: 'name', column_type: 'varchar(200)', character_set: charset, collation_name: collation },
    { table_name: 'chat_channel', column_name: 'comments', column_type: 'varchar(250)', character_set: comments, collation_name: collation },
    { table_name: 'groups', column_name: 'name', column_type: 'varchar(200)', character_set: 'latin1', collation_name: 'latin1_bin' },
  ];

  test.each([
    ['utf8mb4', 'utf8mb4_unicode_ci', true],
    ['utf8mb4', 'utf8mb4_general_ci', true],
    ['utf8mb3', 'utf8mb3_general_ci', false],
    ['utf8', 'utf8_general_ci', false],
    ['utf8mb4', 'utf8mb4_bin', true],
    ['utf8mb4', 'utf8mb4_0900_as_cs', true],
    ['utf8mb4', 'utf8mb4_uca1400_ai_ci', true],
    ['utf8mb3', 'utf8mb3_bin', false],
  ])('chat_channel in %s / %s: names compare under that collation (groups under theirs), 4-byte characters %s', (charset, collation, fourByte) => {
    expect(textCapabilities(layout(charset, collation), 'groups')).toEqual({
      nameComparison: { channelCollation: collation, groupCollation: 'latin1_bin' },
      supportsFourByteCharacters: fourByte,
    });
  });

  test('a group table without a collation on its name column compares like chat_channel.name', () => {
    expect(textCapabilities(layout('utf8mb4', 'utf8mb4_unicode_ci'), 'permission_groups').nameComparison).toEqual({
      channelCollation: 'utf8mb4_unicode_ci',
      groupCollation: 'utf8mb4_unicode_ci',
    });
  });

  test('a utf8mb3 comments column alone is enough to refuse 4-byte characters', () => {
    expect(textCapabilities(layout('utf8mb4', 'utf8mb4_unicode_ci', 'utf8mb3'), 'groups').supportsFourByteCharacters).toBe(false);
  });

  test('tables the apply writes must be InnoDB (or views); what it only reads may be anything', () => {
    const rows = (engine: string | null, table = 'chat_channel'): Parameters<typeof checkWritable>[0] => [
      { table_name: table, column_name: 'id', column_type: 'int', table_engine: engine },
      { table_name: 'valid', column_name: 'id', column_type: 'int', table_engine: 'MyISAM' },
    ];
    expect(() => checkWritable(rows('InnoDB'))).not.toThrow();
    expect(() => checkWritable(rows(null))).not.toThrow();
    expect(() => checkWritable(rows('MyISAM'))).toThrow(/^chat_channel uses the MyISAM storage engine, which cannot roll back a failed apply/);
    expect(() => checkWritable(rows('Aria', 'sysconfig_modified'))).toThrow(/ALTER TABLE sysconfig_modified ENGINE=InnoDB/);
  });

  test('a column in a character set OTRS does not run on is refused, saying how to convert it', () => {
    expect(() => textCapabilities(layout('latin1', 'latin1_swedish_ci'), 'groups')).toThrow(
      /^chat_channel.name uses the character set latin1; OTRS needs utf8mb4 or utf8 \(convert the table: ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb4\)$/,
    );
  });
});

describe('the OTRS schema rendered for MySQL', () => {
  test("uses MySQL's types, InnoDB, the chosen character set, and OTRS's SMALLINT valid ids", () => {
    const sql = renderOtrsSchema(mysqlDdl('utf8mb3'));
    expect(sql).toContain('`id` SMALLINT AUTO_INCREMENT NOT NULL');
    expect(sql).toContain('`effective_value` LONGTEXT NOT NULL');
    expect(sql).toContain('`create_time` DATETIME NOT NULL');
    expect(sql).toContain('`name` VARCHAR (200) NOT NULL');
    expect(sql).toContain("`description` LONGTEXT NOT NULL DEFAULT ('')");
    expect(sql).toContain(') ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;');
    expect(sql).toContain('CREATE TABLE `groups` (');
    expect(sql).not.toContain('"');
    expect(renderOtrsSchema(mysqlDdl())).toContain('DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
  });

  test('seed values keep their exact bytes through backslash escapes, and split into whole statements', () => {
    const statements = splitSqlScript(renderOtrsSchema(mysqlDdl()));
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(10);
    expect(statements.every((s) => /^(CREATE|INSERT|ALTER)\b/.test(s))).toBe(true);
    expect(statements.some((s) => s.includes("'--- ''1''\\n'"))).toBe(true);
    // One ALTER per table for its foreign keys: MySQL rebuilds a table for each ALTER.
    expect(statements.filter((s) => s.startsWith('ALTER TABLE `chat_channel`'))).toHaveLength(1);
  });
});

describe('the MySQL batched writes', () => {
  const writes = createMysqlWrites({ maxPacketBytes: 64 * 1024 * 1024 });
  const VALID_ID = '(SELECT v.`id` FROM `valid` v WHERE v.`name` = ?)';
  const subqueries = (statements: readonly Statement[]): number => statements.reduce((n, s) => n + s.sql.split('(SELECT').length - 1, 0);
  const textBytes = (statements: readonly Statement[]): number => statements.reduce((n, s) => n + Buffer.byteLength(s.sql), 0);

  test('creates: the validities and the agent resolved once into session variables, then one multi-row INSERT reading them', () => {
    const statements = writes.insertChannels([newChannel(1), newChannel(2, { valid: 'invalid', comment: "it's; \\ fine" }), newChannel(3)], 7, CAPS);
    statements.forEach(expectMysqlText);
    expect(statements.map((s) => s.sql)).toEqual([
      `SET @otrs_chat_config_valid_id_0 = ${VALID_ID}, @otrs_chat_config_valid_id_1 = ${VALID_ID}, @otrs_chat_config_user_id = ?`,
      'INSERT INTO `chat_channel` (`name`, `group_id`, `valid_id`, `comments`, `customer_interface`, `public_interface`, `create_time`, `create_by`, `change_time`, `change_by`) VALUES ' +
        [0, 1, 0].map((v) => `(?, ?, @otrs_chat_config_valid_id_${v}, ?, ?, ?, current_timestamp, @otrs_chat_config_user_id, current_timestamp, @otrs_chat_config_user_id)`).join(', '),
    ]);
    expect(statements.map((s) => s.params)).toEqual([
      ['valid', 'invalid', 7],
      ['Channel 1', 1, '', 0, 1, 'Channel 2', 1, "it's; \\ fine", 0, 1, 'Channel 3', 1, '', 0, 1],
    ]);
  });

  test('creates without availability columns leave them out', () => {
    const statements = writes.insertChannels([newChannel(1, { valid: 'invalid-temporarily' })], 7, { ...CAPS, availabilityColumns: null });
    statements.forEach(expectMysqlText);
    expect(statements[0]?.sql).toBe(`SET @otrs_chat_config_valid_id_2 = ${VALID_ID}, @otrs_chat_config_user_id = ?`);
    expect(statements[1]?.sql).not.toContain('interface');
    expect(statements[1]?.params).toEqual(['Channel 1', 1, '']);
  });

  test('updates: one statement per shape of change, each row in the one that sets exactly its columns', () => {
    const rows: ChannelRowUpdate[] = [
      { id: 3, name: 'Renamed' },
      { id: 5, valid: 'invalid' },
      { id: 8, comment: '', availableToPublicUsers: false },
      { id: 9, name: 'Other' },
      { id: 11, valid: 'invalid-temporarily' },
      { id: 12, valid: 'invalid', comment: 'x', groupId: 4 },
      { id: 13, valid: 'invalid' },
    ];
    const statements = writes.updateChannels(rows, 2, CAPS);
    statements.forEach(expectMysqlText);
    const audit = 't.`change_time` = current_timestamp, t.`change_by` = ?';
    expect(statements).toEqual([
      {
        sql: `UPDATE \`chat_channel\` t JOIN (SELECT ? AS \`id\`, ? AS \`new_name\` UNION ALL SELECT ?, ?) d ON t.\`id\` = d.\`id\` SET t.\`name\` = d.\`new_name\`, ${audit}`,
        params: [3, 'Renamed', 9, 'Other', 2],
      },
      {
        sql: `UPDATE \`chat_channel\` SET \`valid_id\` = ${VALID_ID}, \`change_time\` = current_timestamp, \`change_by\` = ? WHERE \`id\` IN (?, ?)`,
        params: ['invalid', 2, 5, 13],
      },
      {
        sql:
          'UPDATE `chat_channel` t JOIN (SELECT ? AS `id`, ? AS `new_comments`, ? AS `new_public_interface`) d ON t.`id` = d.`id` ' +
          `SET t.\`comments\` = d.\`new_comments\`, t.\`public_interface\` = d.\`new_public_interface\`, ${audit}`,
        params: [8, '', 0, 2],
      },
      {
        sql: `UPDATE \`chat_channel\` SET \`valid_id\` = ${VALID_ID}, \`change_time\` = current_timestamp, \`change_by\` = ? WHERE \`id\` IN (?)`,
        params: ['invalid-temporarily', 2, 11],
      },
      {
        sql:
          'UPDATE `chat_channel` t JOIN (SELECT ? AS `id`, ? AS `new_group_id`, ? AS `new_comments`) d ON t.`id` = d.`id` ' +
          `SET t.\`group_id\` = d.\`new_group_id\`, t.\`comments\` = d.\`new_comments\`, t.\`valid_id\` = ${VALID_ID}, ${audit}`,
        params: [12, 4, 'x', 'invalid', 2],
      },
    ]);
  });

  test("the derived table's text is only ever assigned to a column, and rows meet by integer id (no collation is mixed)", () => {
    const rows: ChannelRowUpdate[] = [
      { id: 1, name: 'A', comment: 'c', groupId: 2, availableToCustomerUsers: true, availableToPublicUsers: false, valid: 'invalid' },
      { id: 2, name: 'B' },
    ];
    const statements = [...writes.updateChannels(rows, 1, CAPS), ...writes.updateSettingRows([{ rowId: 4, effectiveValue: 'x' }], 1)];
    for (const { sql } of statements) {
      const uses = [...sql.matchAll(/(\S+) (\S+) d\.`([^`]+)`/g)];
      expect(uses.length, sql).toBeGreaterThan(1);
      for (const [, column, operator, derived] of uses) {
        if (derived === 'id') expect(`${column} ${operator}`).toBe('t.`id` =');
        else expect([operator, column], sql).toEqual(['=', `t.\`${derived?.replace(/^new_/, '').replace(/^value$/, 'effective_value')}\``]);
      }
      expect(sql).not.toMatch(/\b(CASE|IF|COALESCE|IFNULL|NULLIF)\b/);
    }
  });

  test('setting rows: updated as OTRS writes a change, system-wide rows only; inserted with user_id NULL', () => {
    const [update, ...more] = writes.updateSettingRows([{ rowId: 4, effectiveValue: "--- '1'\n" }, { rowId: 9, effectiveValue: '--- users\n' }], 1);
    expect(more).toEqual([]);
    expectMysqlText(update as Statement);
    expect(update?.sql).toBe(
      'UPDATE `sysconfig_modified` t JOIN (SELECT ? AS `id`, ? AS `new_value` UNION ALL SELECT ?, ?) d ON t.`id` = d.`id` ' +
        'SET t.`effective_value` = d.`new_value`, t.`is_valid` = 1, t.`is_dirty` = 1, t.`reset_to_default` = 0, t.`change_time` = current_timestamp, t.`change_by` = ? ' +
        'WHERE t.`user_id` IS NULL',
    );
    expect(update?.params).toEqual([4, "--- '1'\n", 9, '--- users\n', 1]);
    const [insert] = writes.insertSettingRows([{ defaultId: 3, name: 'ChatEngine::Active', effectiveValue: "--- '1'\n" }], 1);
    expectMysqlText(insert as Statement);
    expect(insert?.sql).toContain('VALUES (?, ?, NULL, 1, 0, ?, 1, 0, current_timestamp, ?, current_timestamp, ?)');
  });

  test('grows linearly: the same statements and subqueries for 5,000 rows as for 10, and a short text per row', () => {
    const batches = (n: number): Record<string, readonly Statement[]> => {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      return {
        creates: writes.insertChannels(ids.map((i) => newChannel(i, { valid: i % 3 === 0 ? 'invalid' : 'valid' })), 1, CAPS),
        comments: writes.updateChannels(ids.map((id) => ({ id, comment: `Comment ${id}` })), 1, CAPS),
        invalidations: writes.updateChannels(ids.map((id) => ({ id, valid: 'invalid' as const })), 1, CAPS),
        mixed: writes.updateChannels(ids.map((id) => (id % 2 ? { id, name: `N ${id}`, valid: 'invalid' as const } : { id, availableToCustomerUsers: true })), 1, CAPS),
        settings: writes.updateSettingRows(ids.map((rowId) => ({ rowId, effectiveValue: '--- x\n' })), 1),
      };
    };
    const [few, many] = [batches(10), batches(5000)];
    for (const [kind, statements] of Object.entries(many)) {
      const small = few[kind] ?? [];
      expect(statements.length, kind).toBe(small.length);
      expect(subqueries(statements), kind).toBe(subqueries(small));
      expect(subqueries(statements), kind).toBeLessThanOrEqual(3);
      // The largest row is a create's tuple (~130 bytes); a CASE branch with its own subquery per row is not.
      expect((textBytes(statements) - textBytes(small)) / 4990, kind).toBeLessThan(140);
    }
  });

  test('splits where the 65,535 placeholders of a prepared statement run out, keeping every row once, in order', () => {
    const rows = Array.from({ length: 14_000 }, (_, i) => newChannel(i));
    const [variables, ...inserts] = writes.insertChannels(rows, 1, CAPS);
    expect(variables?.sql).toMatch(/^SET /);
    expect(inserts.map((s) => s.params.length)).toEqual([13_107 * 5, (14_000 - 13_107) * 5]);
    inserts.forEach(expectMysqlText);
    expect(inserts.flatMap((s) => s.params.filter((_, i) => i % 5 === 0))).toEqual(rows.map((r) => r.name));

    // An update row binds its id and its value; the statement one more, the agent.
    const renames = Array.from({ length: 40_000 }, (_, i) => ({ id: i + 1, name: `Name ${i}` }));
    const updates = writes.updateChannels(renames, 1, CAPS);
    expect(updates.map((s) => s.params.length)).toEqual([32_767 * 2 + 1, (40_000 - 32_767) * 2 + 1]);
    expect(updates.flatMap((s) => s.params.slice(0, -1).filter((_, i) => i % 2 === 0))).toEqual(renames.map((r) => r.id));
  });

  test('splits where max_allowed_packet runs out, each statement within it, every row once, in order', () => {
    const limit = 8 * 1024;
    const small = createMysqlWrites({ maxPacketBytes: limit });
    const within = (statements: readonly Statement[]): void => {
      expect(statements.length).toBeGreaterThan(2);
      for (const s of statements) {
        expectMysqlText(s);
        expect(costOf(s.sql, s.params).bytes).toBeLessThanOrEqual(limit - PACKET_HEADROOM_BYTES);
      }
    };
    const rows: ChannelRowUpdate[] = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, comment: 'ü'.repeat(125), name: `Name ${i}` }));
    const updates = small.updateChannels(rows, 1, CAPS);
    within(updates);
    expect(updates.flatMap((s) => s.params.slice(0, -1).filter((_, i) => i % 3 === 0))).toEqual(rows.map((r) => r.id));

    const invalidations = small.updateChannels(Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, valid: 'invalid' as const })), 1, CAPS);
    within(invalidations);
    expect(invalidations.flatMap((s) => s.params.slice(2))).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));

    const creates = Array.from({ length: 200 }, (_, i) => newChannel(i, { comment: 'ü'.repeat(100) }));
    const [variables, ...inserts] = small.insertChannels(creates, 1, CAPS);
    expect(variables?.sql).toMatch(/^SET /);
    within(inserts);
    expect(inserts.flatMap((s) => s.params.filter((_, i) => i % 5 === 0))).toEqual(creates.map((r) => r.name));
  });
});

describe('chunkByCost', () => {
  const unit = { bytes: 10, parameters: 1 };
  const none = { bytes: 0, parameters: 0 };

  test('one chunk while everything fits', () => {
    expect(chunkByCost([1, 2, 3], () => unit, none, { maxPacketBytes: 1_000_000 })).toEqual([[1, 2, 3]]);
    expect(chunkByCost([], () => unit, none, { maxPacketBytes: 1_000_000 })).toEqual([]);
  });

  test('by bytes: the fixed part counts in every chunk, the headroom is kept free', () => {
    const limit = PACKET_HEADROOM_BYTES + 50;
    expect(chunkByCost([1, 2, 3, 4, 5, 6, 7], () => unit, { bytes: 20, parameters: 0 }, { maxPacketBytes: limit })).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  test('by placeholders, at exactly the limit', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(chunkByCost(items, () => ({ bytes: 1, parameters: 3 }), { bytes: 0, parameters: 1 }, { maxPacketBytes: 1e9, maxParameters: 10 }).map((c) => c.length)).toEqual([3, 3, 3, 1]);
    expect(MYSQL_MAX_PARAMETERS).toBe(65_535);
  });

  test('an item over the limit on its own still gets its own chunk (the server then refuses it)', () => {
    expect(chunkByCost(['a', 'huge', 'b'], (s) => ({ bytes: s === 'huge' ? 10_000 : 1, parameters: 1 }), none, { maxPacketBytes: PACKET_HEADROOM_BYTES + 100 })).toEqual([
      ['a'],
      ['huge'],
      ['b'],
    ]);
  });

  test('costs text in UTF-8 bytes, as it travels', () => {
    expect(costOf('é', ['😀', 5, null])).toEqual({ bytes: 2 + (9 + 4) + 9 + 1, parameters: 3 });
  });
});

describe('the harness on MySQL', () => {
  test('$n placeholders become ?, values in their order, quoted text untouched', () => {
    expect(toQuestionMarks("SELECT $2, '$1 it''s', `$3`, $1, $2", ['a', 'b'])).toEqual({ sql: "SELECT ?, '$1 it''s', `$3`, ?, ?", params: ['b', 'a', 'b'] });
    expect(toQuestionMarks('SELECT ?', [1])).toEqual({ sql: 'SELECT ?', params: [1] });
  });
});
