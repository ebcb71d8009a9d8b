import { expect, test } from 'vitest';
import { PACKET_HEADROOM_BYTES } from '../../src/db/dialects/mysql-chunks.js';
import { createMysqlWrites } from '../../src/db/dialects/mysql-write.js';
import { introspect } from '../../src/db/introspect.js';
import type { ChannelRowUpdate, NewChannelRow } from '../../src/db/write-batches.js';
import type { Validity } from '../../src/model/validity.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { isRecent, reconciler, yamlText, type ChannelRow } from './reconcile.js';

/** The hex of `text`'s UTF-8 bytes, as MySQL's HEX() shows them. */
const hex = (text: string): string => Buffer.from(text).toString('hex').toUpperCase();

/** Runs `statements` in one transaction of the test's connection, as apply does. */
async function run(t: TestDatabase, statements: readonly { sql: string; params: readonly unknown[] }[]): Promise<void> {
  await t.db.transaction(async (tx) => {
    for (const s of statements) await tx.query(s.sql, s.params);
  });
}

/** A chat_channel column definition in another collation than the connection's utf8mb4_general_ci. */
interface Collations {
  readonly charset: 'utf8mb4' | 'utf8mb3';
  readonly name: string;
  readonly comments: string;
  /** `valid.name`'s collation: the one text the writes compare, with a bare parameter. */
  readonly valid: string;
  readonly fourByte: boolean;
}

/**
 * Issue 11: MariaDB's batched writes as derived tables, variables and id lists instead of a
 * `CASE` per row. These run the statements on the real server, in tables whose collations
 * differ from the connection's: the derived table's text must only ever be assigned.
 */
describeDatabases('MySQL batched writes', ({ fresh }) => {
  const collated = async (c: Collations): Promise<TestDatabase> => {
    const t = await fresh({ charset: c.charset });
    await t.rows(`ALTER TABLE chat_channel MODIFY name VARCHAR(200) CHARACTER SET ${c.charset} COLLATE ${c.name} NOT NULL`);
    await t.rows(`ALTER TABLE chat_channel MODIFY comments VARCHAR(250) CHARACTER SET ${c.charset} COLLATE ${c.comments} NULL`);
    await t.rows(`ALTER TABLE valid MODIFY name VARCHAR(200) CHARACTER SET ${c.charset} COLLATE ${c.valid} NOT NULL`);
    return t;
  };

  test.for<Collations>([
    { charset: 'utf8mb4', name: 'utf8mb4_bin', comments: 'utf8mb4_bin', valid: 'utf8mb4_bin', fourByte: true },
    { charset: 'utf8mb4', name: 'utf8mb4_unicode_520_ci', comments: 'utf8mb4_unicode_ci', valid: 'utf8mb4_unicode_ci', fourByte: true },
    { charset: 'utf8mb3', name: 'utf8mb3_general_ci', comments: 'utf8mb3_general_ci', valid: 'utf8mb3_general_ci', fourByte: false },
    { charset: 'utf8mb3', name: 'utf8mb3_bin', comments: 'utf8mb3_unicode_ci', valid: 'utf8mb3_bin', fourByte: false },
  ])('names $name, comments $comments, valid $valid: creates, renames, comment changes and invalidations store the exact bytes', async (c) => {
    const t = await collated(c);
    await t.seed({
      channels: [
        { name: 'Old name', group: 'users', comment: null },
        { name: 'Keep', group: 'users', comment: 'k' },
        { name: 'Pause', group: 'users', comment: 'p' },
        { name: 'Retire', group: 'users', comment: null },
      ],
    });
    const r = reconciler(t);
    await r.backdate('chat_channel');
    const before = await r.channels();
    const extra = c.fourByte ? ' 😀' : ' ∑';
    const names = { renamed: `Neu näme${extra}`, created: `Ünïcødé Chat${extra}`, plain: 'Plain' };
    const comments = { keep: `Grüße — “quoted”${extra}`, created: `Ça va? ${extra}\n'; DROP TABLE valid; --` };
    const yaml = `version: 1
channels:
  - { name: ${yamlText(names.renamed)}, previousNames: [Old name], group: users }
  - { name: Keep, group: admin, comment: ${yamlText(comments.keep)} }
  - { name: Pause, group: users, comment: p, valid: invalid-temporarily, availableToPublicUsers: true }
  - { name: ${yamlText(names.created)}, group: users, comment: ${yamlText(comments.created)} }
  - { name: ${names.plain}, group: stats, valid: invalid }
`;
    const { plan } = await r.converge(yaml, { allowMassInvalidation: true });
    expect(plan.changes.map((ch) => ch.kind).sort()).toEqual(['create-channel', 'create-channel', 'invalidate-channel', 'update-channel', 'update-channel', 'update-channel']);

    const rows = await t.rows<{ name_hex: string; comments_hex: string | null }>('SELECT HEX(name) AS name_hex, HEX(comments) AS comments_hex FROM chat_channel ORDER BY id');
    expect(rows).toEqual([
      { name_hex: hex(names.renamed), comments_hex: null },
      { name_hex: hex('Keep'), comments_hex: hex(comments.keep) },
      { name_hex: hex('Pause'), comments_hex: hex('p') },
      { name_hex: hex('Retire'), comments_hex: null },
      { name_hex: hex(names.created), comments_hex: hex(comments.created) },
      { name_hex: hex(names.plain), comments_hex: hex('') },
    ]);
    const after = await r.channels();
    const changed = (row: ChannelRow | undefined, change: Partial<ChannelRow>): ChannelRow => ({ ...(row as ChannelRow), ...change, changeTime: expect.any(Date) as Date });
    expect(after.slice(0, 4)).toEqual([
      changed(before[0], { name: names.renamed }),
      changed(before[1], { group: 'admin', comments: comments.keep }),
      changed(before[2], { valid: 'invalid-temporarily', public: true }),
      changed(before[3], { valid: 'invalid' }),
    ]);
    for (const row of after) expect(isRecent(row.changeTime), row.name).toBe(true);
    expect(after.slice(4).map((row) => [row.name, row.group, row.valid, row.public])).toEqual([
      [names.created, 'users', 'valid', false],
      [names.plain, 'stats', 'invalid', false],
    ]);
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('every shape of update in one batch, chunked by a tiny packet limit: each row gets its own fields, the rest keep their bytes', async () => {
    const t = await fresh();
    await t.seed({
      groups: [{ name: 'sales' }],
      channels: Array.from({ length: 48 }, (_, i) => ({ name: `Channel ${i}`, group: 'users', comment: i % 4 === 0 ? null : `Comment ${i}`, availableToCustomerUsers: i % 3 === 0 })),
    });
    const r = reconciler(t);
    await r.backdate('chat_channel');
    const before = await r.channels();
    const state = await introspect(t.db);
    const sales = state.groups.find((g) => g.name === 'sales')?.id ?? 0;
    const validities: Validity[] = ['invalid', 'invalid-temporarily', 'valid'];
    // Six shapes, repeated: name, comment, validity, flags, group with validity, everything.
    const shapes: ((row: ChannelRow, i: number) => { update: ChannelRowUpdate; expected: Partial<ChannelRow> })[] = [
      (row, i) => ({ update: { id: row.id, name: `Renamed ${i} ${'ü'.repeat(60)}` }, expected: { name: `Renamed ${i} ${'ü'.repeat(60)}` } }),
      (row, i) => ({ update: { id: row.id, comment: `New ${i}` }, expected: { comments: `New ${i}` } }),
      (row, i) => ({ update: { id: row.id, valid: validities[Math.floor(i / 6) % 2] }, expected: { valid: validities[Math.floor(i / 6) % 2] } }),
      (row) => ({ update: { id: row.id, availableToCustomerUsers: !row.customer, availableToPublicUsers: true }, expected: { customer: !row.customer, public: true } }),
      (row) => ({ update: { id: row.id, groupId: sales, valid: 'invalid' }, expected: { group: 'sales', valid: 'invalid' } }),
      (row, i) => ({
        update: { id: row.id, name: `All ${i}`, groupId: sales, valid: 'invalid-temporarily', comment: '', availableToCustomerUsers: true, availableToPublicUsers: true },
        expected: { name: `All ${i}`, group: 'sales', valid: 'invalid-temporarily', comments: '', customer: true, public: true },
      }),
    ];
    const planned = before.slice(0, 42).map((row, i) => (shapes[i % shapes.length] as (typeof shapes)[number])(row, i));
    const statements = createMysqlWrites({ maxPacketBytes: PACKET_HEADROOM_BYTES + 700 }).updateChannels(planned.map((p) => p.update), 1, state.capabilities);
    // Seven shapes (two validities), most of them in several chunks.
    expect(statements.length).toBeGreaterThan(14);
    await run(t, statements);

    const after = await r.channels();
    after.forEach((row, i) => {
      const old = before[i] as ChannelRow;
      if (i >= planned.length) expect(row).toEqual(old);
      else {
        expect(row).toEqual({ ...old, ...planned[i]?.expected, changeTime: row.changeTime, changeBy: 1 });
        expect(isRecent(row.changeTime)).toBe(true);
      }
    });
    // Among them, NULL comments that their update left alone: still NULL (checked above).
    expect(planned.filter((p, i) => before[i]?.comments === null && p.update.comment === undefined).length).toBeGreaterThan(3);
  });

  test('creates across many chunks and validities: every row once, ids in config order, each with its validity', async () => {
    const t = await fresh({ charset: 'utf8mb3' });
    const state = await introspect(t.db);
    const cycle: Validity[] = ['valid', 'invalid-temporarily', 'valid', 'invalid'];
    const rows: NewChannelRow[] = Array.from({ length: 600 }, (_, i) => ({
      name: `Channel ${i} Ωmega`,
      groupId: 1 + (i % 3),
      valid: cycle[i % cycle.length] as Validity,
      comment: i % 5 === 0 ? '' : `Comment ${i} ${'é'.repeat(i % 50)}`,
      availableToCustomerUsers: i % 2 === 0,
      availableToPublicUsers: i % 7 === 0,
    }));
    const statements = createMysqlWrites({ maxPacketBytes: 8 * 1024 }).insertChannels(rows, 1, state.capabilities);
    expect(statements.length).toBeGreaterThan(10);
    await run(t, statements);
    const r = reconciler(t);
    const stored = await r.channels();
    expect(stored.map((c) => [c.name, c.group, c.valid, c.comments, c.customer, c.public, c.createBy, c.changeBy])).toEqual(
      rows.map((row) => [row.name, ['users', 'admin', 'stats'][row.groupId - 1], row.valid, row.comment, row.availableToCustomerUsers, row.availableToPublicUsers, 1, 1]),
    );
    expect(stored.map((c) => c.id)).toEqual([...stored.map((c) => c.id)].sort((a, b) => a - b));
  });

  test('14,000 new channels: two INSERTs (five placeholders a row, 65,535 a statement) after the variables, every row once, in config order', async () => {
    const t = await fresh();
    const r = reconciler(t);
    const statements = async (count: number): Promise<number> => {
      const yaml = `version: 1\nchannels:\n${Array.from({ length: count }, (_, i) => `  - { name: Channel ${i}, group: users }\n`).join('')}`;
      const { result } = await r.converge(yaml);
      return result.statements;
    };
    const small = await statements(10);
    await t.rows('DELETE FROM chat_channel');
    expect(await statements(14_000)).toBe(small + 1);
    const rows = await t.rows<{ name: string }>('SELECT name FROM chat_channel ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(Array.from({ length: 14_000 }, (_, i) => `Channel ${i}`));
  });

  test('a validity the valid table lacks: the server refuses (NULL into a NOT NULL column) and nothing is written', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Sales', group: 'users' }] });
    const state = await introspect(t.db);
    await t.rows("UPDATE valid SET name = 'paused' WHERE name = 'invalid-temporarily'");
    const writes = createMysqlWrites();
    const create: NewChannelRow = { name: 'New', groupId: 1, valid: 'invalid-temporarily', comment: '', availableToCustomerUsers: false, availableToPublicUsers: false };
    const attempts = [
      [...writes.updateChannels([{ id: state.channels[0]?.id ?? 0, valid: 'invalid' }], 1, state.capabilities), ...writes.insertChannels([create], 1, state.capabilities)],
      writes.updateChannels([{ id: state.channels[0]?.id ?? 0, valid: 'invalid-temporarily' }], 1, state.capabilities),
      writes.updateChannels([{ id: state.channels[0]?.id ?? 0, valid: 'invalid-temporarily', comment: 'x' }], 1, state.capabilities),
    ];
    const before = await reconciler(t).channels();
    for (const statements of attempts) {
      await expect(run(t, statements)).rejects.toThrow(/cannot be null/i);
      expect(await reconciler(t).channels()).toEqual(before);
    }
  });
}, { on: ['mariadb'] });
