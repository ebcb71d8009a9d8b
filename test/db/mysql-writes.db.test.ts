import { expect, test } from 'vitest';
import { executePlan } from '../../src/db/apply.js';
import { jsonTable } from '../../src/db/dialects/mysql-batch-shapes.js';
import { PACKET_HEADROOM_BYTES } from '../../src/db/dialects/mysql-chunks.js';
import { usesJsonTable } from '../../src/db/dialects/mysql-server-version.js';
import { createMysqlWrites } from '../../src/db/dialects/mysql-write.js';
import { introspect } from '../../src/db/introspect.js';
import type { ChannelRowUpdate, NewChannelRow } from '../../src/db/write-batches.js';
import type { DatabaseCapabilities } from '../../src/model/actual-state.js';
import type { Validity } from '../../src/model/validity.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { isRecent, reconciler, yamlText, type ChannelRow } from './reconcile.js';

/**
 * The two shapes of batched writes: `json`, every row in one JSON parameter read by
 * `JSON_TABLE` (the server under test has it, MariaDB 10.11), and `placeholders`, the statements
 * of servers without it (one placeholder per value, split at 65,535).
 */
type Shape = 'json' | 'placeholders';
const SHAPES: readonly Shape[] = ['json', 'placeholders'];

/**
 * `caps` (read from the server under test) as the writes of `shape` see them. Capabilities that
 * did not come from a layout read carry no server version (mysql-server-version.ts): a copy of
 * the name comparison is what a saved plan's or an older server's would be.
 */
function capsFor(caps: DatabaseCapabilities, shape: Shape): DatabaseCapabilities {
  expect(usesJsonTable(caps), 'the server under test takes JSON_TABLE').toBe(true);
  if (shape === 'json') return caps;
  const copy: DatabaseCapabilities = { ...caps, nameComparison: caps.nameComparison === 'exact' ? 'exact' : { ...caps.nameComparison } };
  expect(usesJsonTable(copy)).toBe(false);
  return copy;
}

/** Text the JSON form must carry exactly: what JSON escapes, what SQL would, and characters beyond the BMP. */
const TRICKY_TEXTS: readonly string[] = [
  `"quoted" 'single' \\back\\slash \\" \\u0041 $[0] ? -- ;`,
  'tab\tnew\nline\rcarriage \u0001\u0008\u000B\u000C\u001F\u007F end',
  'line separator \u2028 paragraph \u2029 BOM \uFEFF NBSP \u00A0 ZWSP \u200B',
  'emoji 😀🙏👨\u200D👩\u200D👧 math 𝐀 ancient 𐐀 CJK 漢字',
  'null',
  '  spaces around  ',
];

/** All bind parameters of `statements`. */
const placeholderCount = (statements: readonly { params: readonly unknown[] }[]): number => statements.reduce((sum, s) => sum + s.params.length, 0);

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

  const COLLATIONS: readonly Collations[] = [
    { charset: 'utf8mb4', name: 'utf8mb4_bin', comments: 'utf8mb4_bin', valid: 'utf8mb4_bin', fourByte: true },
    { charset: 'utf8mb4', name: 'utf8mb4_unicode_520_ci', comments: 'utf8mb4_unicode_ci', valid: 'utf8mb4_unicode_ci', fourByte: true },
    { charset: 'utf8mb3', name: 'utf8mb3_general_ci', comments: 'utf8mb3_general_ci', valid: 'utf8mb3_general_ci', fourByte: false },
    { charset: 'utf8mb3', name: 'utf8mb3_bin', comments: 'utf8mb3_unicode_ci', valid: 'utf8mb3_bin', fourByte: false },
  ];

  test.for(SHAPES.flatMap((shape) => COLLATIONS.map((c) => ({ ...c, shape }))))('$shape: names $name, comments $comments, valid $valid: creates, renames, comment changes and invalidations store the exact bytes', async (c) => {
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
    let plan;
    if (c.shape === 'json') ({ plan } = await r.converge(yaml, { allowMassInvalidation: true }));
    else {
      // The apply's own interpreter, with capabilities that know no server version.
      plan = await r.plan(await r.desired(yaml), { allowMassInvalidation: true });
      const caps = capsFor((await introspect(t.db)).capabilities, 'placeholders');
      await t.db.transaction((tx) => executePlan(tx, plan!, caps, 'root@localhost'));
    }
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

  test.for(SHAPES)('%s: every shape of update in one batch, chunked by a tiny packet limit: each row gets its own fields, the rest keep their bytes', async (shape) => {
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
    const statements = createMysqlWrites({ maxPacketBytes: PACKET_HEADROOM_BYTES + 700 }).updateChannels(planned.map((p) => p.update), 1, capsFor(state.capabilities, shape));
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

  test.for(SHAPES)('%s: creates across many chunks and validities: every row once, ids in config order, each with its validity', async (shape) => {
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
    const statements = createMysqlWrites({ maxPacketBytes: 4 * 1024 }).insertChannels(rows, 1, capsFor(state.capabilities, shape));
    expect(statements.length).toBeGreaterThan(10);
    await run(t, statements);
    const r = reconciler(t);
    const stored = await r.channels();
    expect(stored.map((c) => [c.name, c.group, c.valid, c.comments, c.customer, c.public, c.createBy, c.changeBy])).toEqual(
      rows.map((row) => [row.name, ['users', 'admin', 'stats'][row.groupId - 1], row.valid, row.comment, row.availableToCustomerUsers, row.availableToPublicUsers, 1, 1]),
    );
    expect(stored.map((c) => c.id)).toEqual([...stored.map((c) => c.id)].sort((a, b) => a - b));
  });

  test('an apply of 14,000 creates sends as many statements as one of 100 (past 13,107 rows, five placeholders each, that was one INSERT more): every row once, in config order', async () => {
    const t = await fresh();
    const r = reconciler(t);
    const statements = async (count: number): Promise<number> => {
      const yaml = `version: 1\nchannels:\n${Array.from({ length: count }, (_, i) => `  - { name: Channel ${i}, group: users }\n`).join('')}`;
      const { result } = await r.converge(yaml);
      return result.statements;
    };
    const small = await statements(100);
    await t.rows('DELETE FROM chat_channel');
    expect(await statements(14_000)).toBe(small);
    const rows = await t.rows<{ name: string }>('SELECT name FROM chat_channel ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(Array.from({ length: 14_000 }, (_, i) => `Channel ${i}`));
  });

  test('the JSON shape: one statement and a constant number of parameters for 14,000 creates, 14,000 updates and 70,000 invalidations; the placeholder shape splits them', async () => {
    const t = await fresh();
    const caps = (await introspect(t.db)).capabilities;
    const creates: NewChannelRow[] = Array.from({ length: 14_000 }, (_, i) => ({ name: `C ${i}`, groupId: 1, valid: 'valid', comment: '', availableToCustomerUsers: false, availableToPublicUsers: false }));
    const renames: ChannelRowUpdate[] = Array.from({ length: 14_000 }, (_, i) => ({ id: i + 1, name: `R ${i}`, comment: 'c' }));
    const invalidations: ChannelRowUpdate[] = Array.from({ length: 70_000 }, (_, i) => ({ id: i + 1, valid: 'invalid' }));
    const json = createMysqlWrites({ maxPacketBytes: 16 * 1024 * 1024 });
    // The SET of the variables, then one INSERT with one JSON parameter.
    expect(json.insertChannels(creates, 1, caps).map((s) => s.params.length)).toEqual([2, 1]);
    expect(json.updateChannels(renames, 1, caps).map((s) => s.params.length)).toEqual([2]);
    expect(json.updateChannels(invalidations, 1, caps).map((s) => s.params.length)).toEqual([3]);
    const placeholders = createMysqlWrites({ maxPacketBytes: 16 * 1024 * 1024 });
    const old = capsFor(caps, 'placeholders');
    expect(placeholders.insertChannels(creates, 1, old)).toHaveLength(3);
    expect(placeholderCount(placeholders.updateChannels(renames, 1, old))).toBeGreaterThan(3 * 14_000);
    expect(placeholders.updateChannels(invalidations, 1, old)).toHaveLength(2);
  });

  test.for(SHAPES)('%s: text round-trips byte for byte through create and update: quotes, backslashes, control characters, 4-byte characters, empty, and values of the column\'s full length', async (shape) => {
    const t = await fresh();
    const caps = capsFor((await introspect(t.db)).capabilities, shape);
    const texts = [...TRICKY_TEXTS];
    // name VARCHAR(200), comments VARCHAR(250), utf8mb4: the longest values count characters, not bytes.
    const long = { name: '😀'.repeat(200), comment: `${'ü'.repeat(124)}${'😀'.repeat(126)}`, otherName: `${'𐐀'.repeat(199)}!` };
    const row = (name: string, comment: string): NewChannelRow => ({ name, groupId: 1, valid: 'valid', comment, availableToCustomerUsers: false, availableToPublicUsers: false });
    const creates = [...texts.map((text, i) => row(`${i} ${text}`, texts[(i + 1) % texts.length] as string)), row('empty comment', ''), row(long.name, long.comment)];
    const writes = createMysqlWrites();
    await run(t, writes.insertChannels(creates, 1, caps));
    const stored = async (): Promise<[string, string | null][]> =>
      (await t.rows<{ n: string; c: string | null }>('SELECT HEX(name) AS n, HEX(comments) AS c FROM chat_channel ORDER BY id')).map((r) => [r.n, r.c]);
    expect(await stored()).toEqual(creates.map((c) => [hex(c.name), hex(c.comment)]));

    // Every value written again, each row another's texts; the longest row swaps its name for another of full length.
    const ids = (await t.rows<{ id: number }>('SELECT id FROM chat_channel ORDER BY id')).map((r) => Number(r.id));
    const updates: ChannelRowUpdate[] = ids.map((id, i) =>
      i < texts.length ? { id, name: `u${i} ${texts[(i + 2) % texts.length]}`, comment: texts[(i + 3) % texts.length] } : i === texts.length ? { id, comment: long.comment } : { id, name: long.otherName, comment: '' },
    );
    await run(t, writes.updateChannels(updates, 1, caps));
    expect(await stored()).toEqual(updates.map((u, i) => [hex(u.name ?? (creates[i] as NewChannelRow).name), hex(u.comment ?? '')]));
  });

  test('JSON_TABLE reads a JSON null (and a value left out) as SQL NULL; the text "null", empty text and 0 stay themselves', async () => {
    const t = await fresh();
    const rows: { a: string | number | null | undefined }[] = [{ a: null }, { a: undefined }, { a: 'null' }, { a: '' }, { a: 0 }, { a: '😀' }];
    const { sql, params } = jsonTable('d', [{ name: 'a', type: 'text', value: (r) => r.a }], rows, {
      head: 'SELECT d.`place` AS place, d.`a` IS NULL AS is_null, HEX(d.`a`) AS h FROM ',
      headParams: [],
      ordinality: 'place',
      tail: ' ORDER BY d.`place`',
      tailParams: [],
    }).statement;
    expect(await t.db.query(sql, params)).toEqual([
      { place: 1, is_null: 1, h: null },
      { place: 2, is_null: 1, h: null },
      { place: 3, is_null: 0, h: hex('null') },
      { place: 4, is_null: 0, h: '' },
      { place: 5, is_null: 0, h: hex('0') },
      { place: 6, is_null: 0, h: hex('😀') },
    ]);
  });

  test.for(SHAPES)('%s: a value longer than its column fails the statement (strict mode), never cut', async (shape) => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Sales', group: 'users' }] });
    const state = await introspect(t.db);
    const caps = capsFor(state.capabilities, shape);
    const writes = createMysqlWrites();
    const create: NewChannelRow = { name: 'x'.repeat(201), groupId: 1, valid: 'valid', comment: '', availableToCustomerUsers: false, availableToPublicUsers: false };
    await expect(run(t, writes.insertChannels([create], 1, caps))).rejects.toThrow(/too long/i);
    await expect(run(t, writes.updateChannels([{ id: state.channels[0]?.id ?? 0, comment: '😀'.repeat(251) }], 1, caps))).rejects.toThrow(/too long/i);
    expect((await reconciler(t).channels()).map((c) => [c.name, c.comments])).toEqual([['Sales', null]]);
  });

  test.for(SHAPES)('%s: a validity the valid table lacks: the server refuses (NULL into a NOT NULL column) and nothing is written', async (shape) => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Sales', group: 'users' }] });
    const introspected = await introspect(t.db);
    const state = { ...introspected, capabilities: capsFor(introspected.capabilities, shape) };
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
