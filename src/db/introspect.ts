import { isDeepStrictEqual } from 'node:util';
import { UnsupportedDatabaseError } from '../errors.js';
import type {
  ActualChannel,
  ActualGroup,
  ActualSetting,
  ActualState,
  AvailabilityColumns,
  ChangeStamp,
  DatabaseCapabilities,
  GroupTable,
  SystemWideSettingRow,
} from '../model/actual-state.js';
import { VALIDITIES, type Validity } from '../model/validity.js';
import type { DesiredState } from '../model/desired-state.js';
import { namesToCompare } from '../plan/compared-names.js';
import { normalizeName } from '../model/text.js';
import { inIdOrder } from '../model/id-order.js';
import { EXACT_NAME_KEYS, serverNameKeys, type NameKeys } from '../plan/name-key.js';
import { SETTING_CATALOG } from '../settings/catalog.js';
import type { Db } from './db.js';
import { dialectFor, type Dialect, type DigestedRead, type LayoutRow, type UserRow } from './dialects/index.js';
import { readLayout, reading as readingAs, run } from './read-statement.js';
import { agentFromDigestRow, digestFromRow, stateDigestQuery } from './dialects/state-digest.js';
import type { Statement } from './statement.js';
import { detectLayout, LAYOUT_TABLES } from './schema-layout.js';

export interface IntrospectOptions {
  /**
   * The availability columns' names (customer, public) when they are not the standard ones
   * (`--availability-columns`, `OTRS_AVAILABILITY_COLUMNS`). Only existing integer columns of
   * chat_channel are accepted.
   * @default customer_interface, public_interface when chat_channel has them, else none
   */
  readonly availabilityColumns?: readonly [string, string];
  /**
   * Whether to read who changed each channel row last and when (`lastChange`): what a plan
   * written out as JSON (`--format json`, `--out`) records and a stale saved plan explains,
   * and nothing else shows. Settings always carry theirs (a handful of rows).
   * @default true
   */
  readonly stamps?: boolean;
}

/**
 * Reads everything the planner needs in five statements, whatever the number of channels:
 * 1. the layout (which group table, which chat_channel columns): every later statement depends on it;
 * 2. the valid states; 3. the groups; 4. the channels; 5. the known settings with their system-wide rows.
 */
export async function introspect(db: Db, options: IntrospectOptions = {}): Promise<ActualState> {
  return reading(async () => {
    const frame = await readFrame(db, options);
    return stateOf(frame, await readChannels(db, frame, options.stamps ?? true));
  });
}

/**
 * The state an apply is about to confirm, and its digest (`stateDigestQuery`: the small reads'
 * results and the channel rows), read in ONE snapshot (a read-only repeatable-read transaction):
 * the digest describes exactly what the plan is made from. Seven statements more or less: the
 * five of `introspect`, the digest, and the transaction's own; on MySQL/MariaDB the layout once
 * more (`layoutHeld`). `applyConfig` takes it as `confirmedState`.
 */
export async function readConfirmableState(db: Db, options: IntrospectOptions = {}): Promise<ConfirmableState> {
  return reading(async () => {
    // Repeatable read whatever the server's default (PostgreSQL's is read committed, and MySQL's may be).
    return db.transaction(async (tx) => {
      const frame = await readFrame(tx, options);
      const read = await readChannels(tx, frame, options.stamps ?? true);
      const [digest] = await run<Record<string, unknown>>(tx, stateDigestQuery(tx.dialect, frameReads(frame.dialect, frame.groupTable), frame.availabilityColumns));
      return { actual: stateOf(frame, read), digest: (await layoutHeld(tx, frame)) ? digestFromRow(digest) : LAYOUT_MOVED };
    }, { isolation: 'repeatable read', readOnly: true });
  });
}

/**
 * What an apply under the lock checks against a `ConfirmableState`: the same digest, now — ONE
 * statement, whatever the number of channels. Equal to `confirmed.digest`, the database holds what
 * the plan was made from. Given `agent` (a login, `--as`), the same statement looks the agent up
 * as `findUser` does, so the apply sends no lookup of its own.
 */
export async function readStateCheck(db: Db, confirmed: ConfirmableState, options: { readonly agent?: string } = {}): Promise<StateCheck> {
  const { groupTable, availabilityColumns } = confirmed.actual.capabilities;
  const dialect = dialectFor(db.dialect);
  const lookup = options.agent === undefined ? undefined : dialect.userQuery(options.agent);
  return reading(async () => {
    const [row] = await run<Record<string, unknown>>(db, stateDigestQuery(db.dialect, frameReads(dialect, groupTable), availabilityColumns, lookup));
    const digest = digestFromRow(row);
    return lookup ? { digest, agent: agentOf(agentFromDigestRow(row)) } : { digest };
  });
}

/** `readStateCheck`'s answer. */
export interface StateCheck {
  /** Compare with `ConfirmableState.digest`. */
  readonly digest: string;
  /** The agent asked about, or `null` when there is none with that login; absent when none was asked about. */
  readonly agent?: AgentRef | null;
}

/**
 * Whether the layout the state was planned from is the one its digest covers. MySQL's and
 * MariaDB's information_schema is outside any snapshot: a schema change between the layout read
 * (the first statement) and the digest (the last) would be in the digest but not in the plan,
 * and the apply would take the plan as current. One more reading after the digest settles it; a
 * change after it is in the digest under the lock. PostgreSQL reads its catalog in the snapshot.
 */
async function layoutHeld(db: Db, frame: Frame): Promise<boolean> {
  if (!frame.dialect.catalogOutsideSnapshot) return true;
  return isDeepStrictEqual(await readLayout(db, LAYOUT_TABLES), frame.layoutRows);
}

/** The digest of a state whose layout changed while it was read: no digest equals it, so the apply reads everything again. */
const LAYOUT_MOVED = 'the layout changed while the state was read';

/** A state read with its digest in one snapshot. */
export interface ConfirmableState {
  readonly actual: ActualState;
  /** `stateDigestQuery`'s answer, as `digestFromRow` writes it. */
  readonly digest: string;
}

/**
 * The small reads of `readFrame`, with their result columns, as the state digest covers them:
 * the same statements (the layout: or reads that decide its rows, `layoutDigestReads`), so the
 * digest stands for exactly what a plan reads.
 */
function frameReads(dialect: Dialect, groupTable: GroupTable): DigestedRead[] {
  return [
    ...(dialect.layoutDigestReads?.(LAYOUT_TABLES) ?? [{ statement: dialect.layoutQuery(LAYOUT_TABLES), columns: LAYOUT_COLUMNS }]),
    { statement: dialect.validQuery(), columns: ['id', 'name'] },
    { statement: dialect.groupsQuery(groupTable), columns: ['id', 'name', 'valid_id', ...(dialect.collationKeys ? ['name_weight'] : [])] },
    { statement: settingsRead(dialect), columns: SETTING_COLUMNS },
  ];
}

const LAYOUT_COLUMNS = ['table_name', 'column_name', 'column_type', 'character_set', 'collation_name', 'table_engine', 'server_version'];
const SETTING_COLUMNS = ['id', 'name', 'effective_value', 'modified_id', 'modified_value', 'modified_is_valid', 'modified_login', 'modified_at'];
const settingsRead = (dialect: Dialect): Statement => dialect.settingsQuery(SETTING_CATALOG.map((s) => s.name));

/** Everything but the channel rows: the layout and what it decides, the valid states, groups and settings. */
interface Frame {
  readonly dialect: Dialect;
  /** The layout's rows as read: `readConfirmableState` may compare them with a second reading. */
  readonly layoutRows: readonly LayoutRow[];
  readonly validity: ReadonlyMap<number, Validity>;
  readonly groupTable: GroupTable;
  readonly availabilityColumns: AvailabilityColumns | null;
  readonly capabilities: DatabaseCapabilities;
  readonly groups: ActualGroup[];
  /** The group rows' name weights, where names compare under a collation (`weightsOf`). */
  readonly groupWeights: NameWeights | undefined;
  readonly settings: ActualSetting[];
}

async function readFrame(db: Db, options: IntrospectOptions): Promise<Frame> {
  const dialect = dialectFor(db.dialect);
  const layoutRows = await readLayout(db, LAYOUT_TABLES);
  const layout = detectLayout(layoutRows, options.availabilityColumns, dialect.isIntegerType, { dialect: db.dialect, description: db.description });
  dialect.checkWritable?.(layoutRows);
  const validity = validityById(await run<{ id: unknown; name: unknown }>(db, dialect.validQuery()));
  const groupRows = await run<GroupRow>(db, dialect.groupsQuery(layout.groupTable));
  const groups = groupRows.map((r): ActualGroup => ({ id: Number(r.id), name: String(r.name), valid: validity.get(Number(r.valid_id)) === 'valid' }));
  const settings = toSettings(await run<SettingRow>(db, settingsRead(dialect)));
  return {
    dialect,
    layoutRows,
    validity,
    groupTable: layout.groupTable,
    availabilityColumns: layout.availabilityColumns,
    capabilities: {
      dialect: db.dialect,
      groupTable: layout.groupTable,
      availabilityColumns: layout.availabilityColumns,
      ...dialect.textCapabilities(layoutRows, layout.groupTable),
    },
    groups,
    groupWeights: weightsOf(groupRows),
    settings,
  };
}

interface ReadChannels {
  readonly channels: readonly ActualChannel[];
  readonly weights: NameWeights | undefined;
}

async function readChannels(db: Db, frame: Frame, stamps: boolean): Promise<ReadChannels> {
  const rows = await run<ChannelRow>(db, frame.dialect.channelsQuery(frame.availabilityColumns, stamps));
  const groupNames = new Map(frame.groups.map((g) => [g.id, g.name]));
  const channels = rows.map((r) => toChannel(r, frame.validity, groupNames, frame.availabilityColumns !== null));
  // In id order, as every reader of a state may assume: sorted only when the server returned them otherwise.
  return { channels: inIdOrder(channels), weights: weightsOf(rows) };
}

/** Rows' names and their weight strings (hex), where names compare under a collation (`name_weight`). */
interface NameWeights {
  readonly names: readonly unknown[];
  readonly weights: readonly unknown[];
}

function weightsOf(rows: readonly { readonly name: unknown; readonly name_weight?: unknown }[]): NameWeights | undefined {
  if (rows.length === 0 || rows[0]!.name_weight === undefined) return undefined;
  return { names: rows.map((r) => r.name), weights: rows.map((r) => r.name_weight) };
}

/**
 * Name weights read with a state's rows, per name column's collation, for `readNameKeys`: a name
 * a row already has is not asked about again (at 10,000 channels on MariaDB the statement took
 * twice as long as reading the rows). Kept beside the state, not in it: a state is data that
 * plans record, and these are a reading aid of this connection.
 */
const weightsRead = new WeakMap<ActualState, readonly WeightsRead[]>();

interface WeightsRead {
  readonly of: 'channels' | 'groups';
  readonly collation: string;
  readonly read: NameWeights;
}

function stateOf(frame: Frame, read: ReadChannels): ActualState {
  const state: ActualState = { capabilities: frame.capabilities, channels: read.channels, groups: frame.groups, settings: frame.settings };
  const comparison = frame.capabilities.nameComparison;
  if (comparison !== 'exact') {
    const reads = [
      { of: 'channels' as const, collation: comparison.channelCollation, read: read.weights },
      { of: 'groups' as const, collation: comparison.groupCollation, read: frame.groupWeights },
    ].filter((r): r is WeightsRead => r.read !== undefined);
    if (reads.length > 0) weightsRead.set(state, reads);
  }
  return state;
}

/**
 * The weights read with `actual`'s rows under `collation`, by name: only names already in NFC,
 * as the name-key statement is asked about the NFC form. `channelRows`: whether that is every
 * channel row's name.
 */
function knownWeights(actual: ActualState, collation: string): { readonly known: Map<string, string>; readonly channelRows: boolean } {
  const known = new Map<string, string>();
  let channelRows = false;
  for (const { of, collation: c, read } of weightsRead.get(actual) ?? []) {
    if (c !== collation) continue;
    let all = true;
    read.names.forEach((n, i) => {
      const name = String(n);
      const weight = read.weights[i];
      if (typeof weight === 'string' && normalizeName(name) === name) known.set(name, weight);
      else all = false;
    });
    if (of === 'channels') channelRows = all;
  }
  return { known, channelRows };
}

/**
 * How this database tells the names of a plan apart (docs/design.md §3): the keys `diffStates`
 * and `exportConfig` take as `nameKeys`. On PostgreSQL names compare exactly after NFC, which
 * needs no statement; on MySQL/MariaDB the server is asked, in one statement (more only past
 * a few megabytes of names, or past 65,535 names on a server without JSON_TABLE), for the key
 * of every name the plan can meet — the rows' names and, given the config, its names, previous
 * names and groups. Call it on the connection (or inside the transaction) whose state `actual`
 * was read from.
 */
export async function readNameKeys(db: Db, actual: ActualState, desired?: DesiredState): Promise<NameKeys> {
  const comparison = actual.capabilities.nameComparison;
  const reads = dialectFor(db.dialect).collationKeys;
  if (comparison === 'exact' || !reads) return EXACT_NAME_KEYS;
  const collations = [...new Set([comparison.channelCollation, comparison.groupCollation])];
  // Names read with their rows come with their weights: only the others are asked about. Under
  // one collation for both columns (the usual), every channel row's name may be known already:
  // then they are not even gathered.
  const weights = collations.map((c) => knownWeights(actual, c));
  const known = weights.map((w) => w.known);
  const wanted = namesToCompare(actual, desired, {
    channelRows: collations.length === 1 && weights[0]!.channelRows,
    has: (name) => {
      const nfc = normalizeName(name);
      return known.every((k) => k.has(nfc));
    },
  });
  const names = [...new Set([...wanted.channels, ...wanted.groups].map(normalizeName))];
  const rows = await reading(async () => {
    const all: Readonly<Record<string, unknown>>[][] = [];
    for (const s of reads.statements(names, collations, actual.capabilities)) all.push(await run(db, s));
    return all;
  });
  const keys = reads.keys(names, collations, rows, known);
  const of = (collation: string): ReadonlyMap<string, string> => keys[collations.indexOf(collation)] ?? new Map();
  return serverNameKeys(comparison, { channels: of(comparison.channelCollation), groups: of(comparison.groupCollation) });
}

/** An OTRS agent, for `--as`. */
export interface AgentRef {
  readonly id: number;
  /** As stored (the lookup ignores case, as OTRS's does). */
  readonly login: string;
  readonly valid: boolean;
}

/** Looks up an agent by login, as OTRS does: case-insensitively, the exact spelling first. `null`: no such agent. */
export async function findUser(db: Db, login: string): Promise<AgentRef | null> {
  const dialect: Dialect = dialectFor(db.dialect);
  const [row] = await reading(() => run<UserRow>(db, dialect.userQuery(login)));
  return agentOf(row ?? null);
}

function agentOf(row: UserRow | null): AgentRef | null {
  return row ? { id: Number(row.id), login: String(row.login), valid: row.valid_name === 'valid' } : null;
}

interface GroupRow {
  id: unknown;
  name: unknown;
  valid_id: unknown;
  name_weight?: unknown;
}
interface ChannelRow {
  id: unknown;
  name: unknown;
  group_id: unknown;
  valid_id: unknown;
  comments: unknown;
  customer_flag?: unknown;
  public_flag?: unknown;
  change_login: unknown;
  change_at: unknown;
  name_weight?: unknown;
}
interface SettingRow {
  id: unknown;
  name: unknown;
  effective_value: unknown;
  modified_id: unknown;
  modified_value: unknown;
  modified_is_valid: unknown;
  modified_login: unknown;
  modified_at: unknown;
}

/** The tool writes valid_id by these names, so all three must exist (docs/otrs.md: resolve by name). */
function validityById(rows: readonly { id: unknown; name: unknown }[]): ReadonlyMap<number, Validity> {
  const byId = new Map<number, Validity>();
  for (const row of rows) {
    const name = VALIDITIES.find((v) => v === row.name);
    if (name) byId.set(Number(row.id), name);
  }
  const absent = VALIDITIES.filter((v) => ![...byId.values()].includes(v));
  if (absent.length > 0) throw new UnsupportedDatabaseError(`the valid table has no ${absent.map((v) => `"${v}"`).join(', ')} row: not a layout this tool knows`);
  return byId;
}

/** `groupNames`: the groups read in the same introspect, by id (a row whose group is gone has none). */
function toChannel(r: ChannelRow, validity: ReadonlyMap<number, Validity>, groupNames: ReadonlyMap<number, string>, hasFlags: boolean): ActualChannel {
  const valid = validity.get(Number(r.valid_id));
  if (!valid) {
    throw new UnsupportedDatabaseError(
      `chat channel "${String(r.name)}" (id ${String(r.id)}) has valid_id ${String(r.valid_id)}, which is not valid, invalid or invalid-temporarily`,
    );
  }
  const groupId = Number(r.group_id);
  const channel: ActualChannel = {
    id: Number(r.id),
    name: String(r.name),
    groupId,
    group: groupNames.get(groupId) ?? null,
    valid,
    availableToCustomerUsers: hasFlags ? Number(r.customer_flag) !== 0 : null,
    availableToPublicUsers: hasFlags ? Number(r.public_flag) !== 0 : null,
    comment: r.comments === null || r.comments === undefined ? '' : String(r.comments),
  };
  // Stamps only where read (JSON output): a spread in every row cost a tenth of the mapping.
  return r.change_at === undefined ? channel : { ...channel, ...stamp(r.change_login, r.change_at) };
}

/** `lastChange` when the row has a change time (a NOT NULL column in OTRS, but read defensively). */
function stamp(login: unknown, at: unknown): { lastChange?: ChangeStamp } {
  if (at === null || at === undefined) return {};
  return { lastChange: { by: textOrNull(login), at: String(at) } };
}

/** One entry per known setting found, in catalog order; a LEFT JOIN gives one row per system-wide row. */
function toSettings(rows: readonly SettingRow[]): ActualSetting[] {
  const byName = new Map<string, { defaultId: number; defaultEffectiveValue: string | null; rows: SystemWideSettingRow[] }>();
  for (const r of rows) {
    const name = String(r.name);
    const entry = byName.get(name) ?? { defaultId: Number(r.id), defaultEffectiveValue: textOrNull(r.effective_value), rows: [] };
    if (r.modified_id !== null && r.modified_id !== undefined) {
      entry.rows.push({
        id: Number(r.modified_id),
        effectiveValue: textOrNull(r.modified_value),
        isValid: Number(r.modified_is_valid) !== 0,
        ...stamp(r.modified_login, r.modified_at),
      });
    }
    byName.set(name, entry);
  }
  return SETTING_CATALOG.flatMap((s) => {
    const found = byName.get(s.name);
    return found ? [{ name: s.name, defaultId: found.defaultId, defaultEffectiveValue: found.defaultEffectiveValue, systemWideRows: found.rows }] : [];
  });
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A statement that fails here is a database problem, not a bug: say so, once, with the driver's words. */
function reading<T>(fn: () => Promise<T>): Promise<T> {
  return readingAs(fn, 'reading the database', 'reading the OTRS tables');
}
