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
import { EXACT_NAME_KEYS, serverNameKeys, type NameKeys } from '../plan/name-key.js';
import { SETTING_CATALOG } from '../settings/catalog.js';
import type { Db } from './db.js';
import { dialectFor, type Dialect, type LayoutRow } from './dialects/index.js';
import { reading as readingAs, run } from './read-statement.js';
import { channelDigestQuery, digestFromRow } from './dialects/state-digest.js';
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
    const channels = await readChannels(db, frame, options.stamps ?? true);
    return stateOf(frame, channels);
  });
}

/**
 * The state an apply is about to confirm, and the digest of its channel rows (`channelDigestQuery`),
 * read in ONE snapshot (a read-only repeatable-read transaction): the digest describes exactly the
 * rows the plan is made from. Seven statements more or less: the five of `introspect`, the digest,
 * and the transaction's own. `applyConfig` takes it as `confirmedState`.
 */
export async function readConfirmableState(db: Db, options: IntrospectOptions = {}): Promise<ConfirmableState> {
  return reading(async () => {
    // Repeatable read whatever the server's default (PostgreSQL's is read committed, and MySQL's may be).
    return db.transaction(async (tx) => {
      const frame = await readFrame(tx, options);
      const channels = await readChannels(tx, frame, options.stamps ?? true);
      const [digest] = await run<Record<string, unknown>>(tx, channelDigestQuery(tx.dialect, frame.availabilityColumns));
      return { actual: stateOf(frame, channels), validity: [...frame.validity], channelDigest: digestFromRow(digest) };
    }, { isolation: 'repeatable read', readOnly: true });
  });
}

/**
 * What an apply under the lock checks against a `ConfirmableState`: everything `introspect` reads
 * but the channel rows, which the server's digest stands for (four statements and the digest).
 */
export async function readStateCheck(db: Db, options: IntrospectOptions = {}): Promise<StateCheck> {
  return reading(async () => {
    const frame = await readFrame(db, options);
    const [digest] = await run<Record<string, unknown>>(db, channelDigestQuery(db.dialect, frame.availabilityColumns));
    return { unchangedFrom: stateOf(frame, []), validity: [...frame.validity], channelDigest: digestFromRow(digest) };
  });
}

/** A state read with its channel digest in one snapshot. */
export interface ConfirmableState {
  readonly actual: ActualState;
  /** The valid table's ids and names: the digest has a channel's valid_id, the plan its validity's name. */
  readonly validity: readonly (readonly [number, Validity])[];
  readonly channelDigest: string;
}

/** `readStateCheck`'s answer: the state without its channels, the valid table, and the channels' digest. */
export interface StateCheck {
  readonly unchangedFrom: ActualState;
  readonly validity: readonly (readonly [number, Validity])[];
  readonly channelDigest: string;
}

/** Whether a state check finds the database as `confirmed` was read: same digest, same everything else. */
export function stateUnchanged(confirmed: ConfirmableState, check: StateCheck): boolean {
  return (
    confirmed.channelDigest === check.channelDigest &&
    isDeepStrictEqual(confirmed.validity, check.validity) &&
    isDeepStrictEqual(confirmed.actual.capabilities, check.unchangedFrom.capabilities) &&
    isDeepStrictEqual(confirmed.actual.groups, check.unchangedFrom.groups) &&
    isDeepStrictEqual(confirmed.actual.settings, check.unchangedFrom.settings)
  );
}

/** Everything but the channel rows: the layout and what it decides, the valid states, groups and settings. */
interface Frame {
  readonly dialect: Dialect;
  readonly validity: ReadonlyMap<number, Validity>;
  readonly groupTable: GroupTable;
  readonly availabilityColumns: AvailabilityColumns | null;
  readonly capabilities: DatabaseCapabilities;
  readonly groups: ActualGroup[];
  readonly settings: ActualSetting[];
}

async function readFrame(db: Db, options: IntrospectOptions): Promise<Frame> {
  const dialect = dialectFor(db.dialect);
  const layoutRows = await run<LayoutRow>(db, dialect.layoutQuery(LAYOUT_TABLES));
  const layout = detectLayout(layoutRows, options.availabilityColumns, dialect.isIntegerType, { dialect: db.dialect, description: db.description });
  dialect.checkWritable?.(layoutRows);
  const validity = validityById(await run<{ id: unknown; name: unknown }>(db, dialect.validQuery()));
  const groups = (await run<GroupRow>(db, dialect.groupsQuery(layout.groupTable))).map(
    (r): ActualGroup => ({ id: Number(r.id), name: String(r.name), valid: validity.get(Number(r.valid_id)) === 'valid' }),
  );
  const settings = toSettings(await run<SettingRow>(db, dialect.settingsQuery(SETTING_CATALOG.map((s) => s.name))));
  return {
    dialect,
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
    settings,
  };
}

async function readChannels(db: Db, frame: Frame, stamps: boolean): Promise<ActualChannel[]> {
  const rows = await run<ChannelRow>(db, frame.dialect.channelsQuery(frame.availabilityColumns, stamps));
  const groupNames = new Map(frame.groups.map((g) => [g.id, g.name]));
  return rows.map((r) => toChannel(r, frame.validity, groupNames, frame.availabilityColumns !== null));
}

function stateOf(frame: Frame, channels: ActualChannel[]): ActualState {
  return { capabilities: frame.capabilities, channels, groups: frame.groups, settings: frame.settings };
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
  const wanted = namesToCompare(actual, desired);
  const names = [...new Set([...wanted.channels, ...wanted.groups].map(normalizeName))];
  const collations = [...new Set([comparison.channelCollation, comparison.groupCollation])];
  const rows = await reading(async () => {
    const all: Readonly<Record<string, unknown>>[][] = [];
    for (const s of reads.statements(names, collations, actual.capabilities)) all.push(await run(db, s));
    return all;
  });
  const keys = reads.keys(names, collations, rows);
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
  const [row] = await reading(() => run<{ id: unknown; login: unknown; valid_name: unknown }>(db, dialect.userQuery(login)));
  return row ? { id: Number(row.id), login: String(row.login), valid: row.valid_name === 'valid' } : null;
}

interface GroupRow {
  id: unknown;
  name: unknown;
  valid_id: unknown;
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
  return {
    id: Number(r.id),
    name: String(r.name),
    groupId: Number(r.group_id),
    group: groupNames.get(Number(r.group_id)) ?? null,
    valid,
    availableToCustomerUsers: hasFlags ? Number(r.customer_flag) !== 0 : null,
    availableToPublicUsers: hasFlags ? Number(r.public_flag) !== 0 : null,
    comment: r.comments === null || r.comments === undefined ? '' : String(r.comments),
    ...stamp(r.change_login, r.change_at),
  };
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
