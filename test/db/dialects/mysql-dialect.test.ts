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
    expect(mysql.channelsQuery('groups', null).sql).toContain('LEFT JOIN `groups` g');
  });

  test('every read statement binds one value per ? in order, in a fixed number of statements', () => {
    const names = SETTING_CATALOG.map((s) => s.name);
    const statements = [
      mysql.layoutQuery(LAYOUT_TABLES),
      mysql.validQuery(),
      mysql.groupsQuery('permission_groups'),
      mysql.channelsQuery('groups_table', { customer: 'cust`flag', public: 'pub' }),
      mysql.settingsQuery(names),
      mysql.userQuery("o'neil"),
    ];
    statements.forEach(expectMysqlText);
    expect(mysql.settingsQuery(names).params).toEqual(names);
    expect(mysql.userQuery('x').params).toEqual(['x', 'x']);
    expect(mysql.channelsQuery('groups', { customer: 'cust`flag', public: 'pub' }).sql).toContain('c.`cust``flag` AS customer_flag');
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
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(7);
    expect(statements.every((s) => /^(CREATE|INSERT|ALTER)\b/.test(s))).toBe(true);
    expect(statements.some((s) => s.includes("'--- ''1''\\n'"))).toBe(true);
    // One ALTER per table for its foreign keys: MySQL rebuilds a table for each ALTER.
    expect(statements.filter((s) => s.startsWith('ALTER TABLE `chat_channel`'))).toHaveLength(1);
  });
});

describe('the MySQL batched writes', () => {
  const writes = createMysqlWrites({ maxPacketBytes: 64 * 1024 * 1024 });

  test('creates: one multi-row INSERT, valid resolved by name from the valid table', () => {
    const [statement, ...more] = writes.insertChannels([newChannel(1), newChannel(2, { valid: 'invalid', comment: "it's; \\ fine" })], 7, CAPS);
    expect(more).toEqual([]);
    expectMysqlText(statement as Statement);
    expect(statement?.sql).toMatch(/^INSERT INTO `chat_channel` \(`name`, `group_id`, `valid_id`, `comments`, `customer_interface`, `public_interface`, `create_time`/);
    expect(statement?.sql).toContain('(SELECT v.`id` FROM `valid` v WHERE v.`name` = ?)');
    expect(statement?.params).toEqual(['Channel 1', 1, 'valid', '', 0, 1, 7, 7, 'Channel 2', 1, 'invalid', "it's; \\ fine", 0, 1, 7, 7]);
  });

  test('creates without availability columns leave them out', () => {
    const [statement] = writes.insertChannels([newChannel(1)], 7, { ...CAPS, availabilityColumns: null });
    expectMysqlText(statement as Statement);
    expect(statement?.sql).not.toContain('interface');
  });

  test('updates: a column appears only for the rows that change it; every other row keeps its value', () => {
    const rows: ChannelRowUpdate[] = [
      { id: 3, name: 'Renamed' },
      { id: 5, valid: 'invalid' },
      { id: 8, comment: '', availableToPublicUsers: false },
    ];
    const [statement, ...more] = writes.updateChannels(rows, 2, CAPS);
    expect(more).toEqual([]);
    expectMysqlText(statement as Statement);
    expect(statement?.sql).toBe(
      'UPDATE `chat_channel` SET ' +
        '`name` = CASE `id` WHEN ? THEN ? ELSE `name` END, ' +
        '`valid_id` = CASE `id` WHEN ? THEN (SELECT v.`id` FROM `valid` v WHERE v.`name` = ?) ELSE `valid_id` END, ' +
        '`comments` = CASE `id` WHEN ? THEN ? ELSE `comments` END, ' +
        '`public_interface` = CASE `id` WHEN ? THEN ? ELSE `public_interface` END, ' +
        '`change_time` = current_timestamp, `change_by` = ? WHERE `id` IN (?, ?, ?)',
    );
    expect(statement?.params).toEqual([3, 'Renamed', 5, 'invalid', 8, '', 8, 0, 2, 3, 5, 8]);
  });

  test('setting rows: updated as OTRS writes a change, system-wide rows only; inserted with user_id NULL', () => {
    const [update] = writes.updateSettingRows([{ rowId: 4, effectiveValue: "--- '1'\n" }, { rowId: 9, effectiveValue: '--- users\n' }], 1);
    expectMysqlText(update as Statement);
    expect(update?.sql).toBe(
      'UPDATE `sysconfig_modified` SET `effective_value` = CASE `id` WHEN ? THEN ? WHEN ? THEN ? END, ' +
        '`is_valid` = 1, `is_dirty` = 1, `reset_to_default` = 0, `change_time` = current_timestamp, `change_by` = ? ' +
        'WHERE `id` IN (?, ?) AND `user_id` IS NULL',
    );
    expect(update?.params).toEqual([4, "--- '1'\n", 9, '--- users\n', 1, 4, 9]);
    const [insert] = writes.insertSettingRows([{ defaultId: 3, name: 'ChatEngine::Active', effectiveValue: "--- '1'\n" }], 1);
    expectMysqlText(insert as Statement);
    expect(insert?.sql).toContain('VALUES (?, ?, NULL, 1, 0, ?, 1, 0, current_timestamp, ?, current_timestamp, ?)');
  });

  test('stays one statement for thousands of rows while the limits allow', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => newChannel(i));
    expect(writes.insertChannels(rows, 1, CAPS)).toHaveLength(1);
    expect(writes.updateChannels(rows.map((_, i) => ({ id: i + 1, valid: 'invalid' as const })), 1, CAPS)).toHaveLength(1);
  });

  test('splits where the 65,535 placeholders of a prepared statement run out, keeping every row once, in order', () => {
    const rows = Array.from({ length: 9000 }, (_, i) => newChannel(i));
    const statements = writes.insertChannels(rows, 1, CAPS);
    expect(statements.map((s) => s.params.length)).toEqual([8191 * 8, (9000 - 8191) * 8]);
    statements.forEach(expectMysqlText);
    expect(statements.flatMap((s) => s.params.filter((p, i) => i % 8 === 0))).toEqual(rows.map((r) => r.name));
  });

  test('splits where max_allowed_packet runs out, each statement within it', () => {
    const small = createMysqlWrites({ maxPacketBytes: 8 * 1024 });
    const rows: ChannelRowUpdate[] = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, comment: 'ü'.repeat(125), name: `Name ${i}` }));
    const statements = small.updateChannels(rows, 1, CAPS);
    expect(statements.length).toBeGreaterThan(2);
    for (const s of statements) {
      expectMysqlText(s);
      expect(costOf(s.sql, s.params).bytes).toBeLessThanOrEqual(8 * 1024 - PACKET_HEADROOM_BYTES);
    }
    expect(statements.flatMap((s) => s.params.slice(-(s.params.length - 1) / 5))).toEqual(rows.map((r) => r.id));
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
