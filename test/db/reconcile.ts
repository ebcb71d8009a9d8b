import { applyConfig, applySavedPlan, type ApplyOptions, type ApplyResult } from '../../src/db/apply.js';
import type { Db } from '../../src/db/db.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import { introspect, readNameKeys } from '../../src/db/introspect.js';
import type { DesiredState } from '../../src/model/desired-state.js';
import type { Validity } from '../../src/model/validity.js';
import { diffStates, type DiffOptions } from '../../src/plan/diff.js';
import { configDigest } from '../../src/plan/fingerprint.js';
import type { Plan, SavedPlan } from '../../src/plan/plan.js';
import { stateOf } from '../config/tmp-config.js';
import type { TestDatabase } from './harness.js';
import { bindMarker } from './seed-state.js';

/**
 * The library's whole path, as `plan` and `apply` walk it, for database tests: YAML text →
 * `readConfig` → `introspect` + `diffStates` → `applyConfig`, and the rows read back with SQL every
 * database understands (identifiers through the dialect's quoting, placeholders `$n` / `?`).
 */
export interface Reconciler {
  /** The config's DesiredState, read by `readConfig` from a scratch directory holding `yaml`. */
  desired(yaml: string, env?: Record<string, string>): Promise<DesiredState>;
  /** `plan`: introspect on `db` (default: the test's connection), then diff. */
  plan(desired: DesiredState, options?: ReconcileOptions, db?: Db): Promise<Plan>;
  /** `applyConfig` with the test defaults (as root@localhost, no guard override) and `options` on top. */
  apply(desired: DesiredState, plan: Plan, options?: ReconcileOptions, db?: Db): Promise<ApplyResult>;
  /** `plan --out`: the plan with its origin, as the CLI records it (the target is made up). */
  saved(desired: DesiredState, options?: ReconcileOptions): Promise<SavedPlan>;
  /** `apply --plan`, with the test defaults and `options` on top. */
  applySaved(saved: SavedPlan, options?: ReconcileOptions, db?: Db): Promise<ApplyResult>;
  /** Reads the config, plans, applies: what `apply --yes` does. */
  converge(yaml: string, options?: ReconcileOptions): Promise<{ plan: Plan; result: ApplyResult }>;
  /** Every chat_channel row by id, with the flags under the variant's column names read as booleans. */
  channels(): Promise<ChannelRow[]>;
  channel(name: string): Promise<ChannelRow>;
  /** sysconfig_modified rows (all of them, or one setting's), by id. */
  settingRows(name?: string): Promise<SettingRow[]>;
  userId(login: string): Promise<number>;
  /** Stamps every row of `table` with a fixed past time, so "untouched" and "changed now" are told apart. */
  backdate(table: 'chat_channel' | 'sysconfig_modified'): Promise<void>;
  /** The bind placeholder at 1-based `position`. */
  p(position: number): string;
  /** An identifier as this database wants it quoted (`"groups"` / `` `groups` ``). */
  q(name: string): string;
}

export interface ReconcileOptions extends Partial<Omit<ApplyOptions, 'diff' | 'availabilityColumns'>> {
  readonly diff?: DiffOptions;
  readonly availabilityColumns?: readonly [string, string];
}

export interface ChannelRow {
  readonly id: number;
  readonly name: string;
  readonly group: string | null;
  readonly valid: Validity;
  readonly comments: string | null;
  /** `null` when the variant has no availability columns. */
  readonly customer: boolean | null;
  readonly public: boolean | null;
  readonly createTime: Date;
  readonly createBy: number;
  readonly changeTime: Date;
  readonly changeBy: number;
}

export interface SettingRow {
  readonly id: number;
  readonly sysconfig_default_id: number;
  readonly name: string;
  readonly user_id: number | null;
  readonly is_valid: number;
  readonly user_modification_active: number;
  readonly effective_value: string;
  readonly is_dirty: number;
  readonly reset_to_default: number;
  readonly create_time: Date;
  readonly create_by: number;
  readonly change_time: Date;
  readonly change_by: number;
}

/** The time `backdate` stamps. */
export const PAST = new Date(2001, 1, 3, 4, 5, 6);
const PAST_SQL = "'2001-02-03 04:05:06'";

export function reconciler(t: TestDatabase): Reconciler {
  const q = (name: string): string => dialectFor(t.db.dialect).quoteIdentifier(name);
  const p = (position: number): string => bindMarker(t.database.dialect, position);

  const introspectOptions = (o: ReconcileOptions): { availabilityColumns?: readonly [string, string] } =>
    o.availabilityColumns ? { availabilityColumns: o.availabilityColumns } : {};
  const plan = async (desired: DesiredState, options: ReconcileOptions = {}, db: Db = t.db): Promise<Plan> => {
    const actual = await introspect(db, introspectOptions(options));
    return diffStates(desired, actual, { ...options.diff, nameKeys: await readNameKeys(db, actual, desired) });
  };
  const apply = (desired: DesiredState, planned: Plan, options: ReconcileOptions = {}, db: Db = t.db): Promise<ApplyResult> =>
    applyConfig(db, desired, planned, {
      as: 'root@localhost',
      lockTimeoutMs: 10_000,
      allowMassInvalidation: false,
      ...options,
      ...introspectOptions(options),
      ...(options.diff ? { diff: options.diff } : {}),
    });
  const saved = async (d: DesiredState, options: ReconcileOptions = {}): Promise<SavedPlan> => {
    const actual = await introspect(t.db, introspectOptions(options));
    return {
      plan: diffStates(d, actual, { ...options.diff, nameKeys: await readNameKeys(t.db, actual, d) }),
      origin: {
        tool: { name: 'otrs-chat-config', version: 'test' },
        createdAt: new Date().toISOString(),
        target: { kind: 'postgres', host: 'db.test', port: 5432, database: 'otrs', user: 'otrs', display: 'postgres://otrs@db.test:5432/otrs' },
        config: { digest: configDigest(d), files: d.files },
        state: actual,
      },
    };
  };
  const applySaved = (s: SavedPlan, options: ReconcileOptions = {}, db: Db = t.db): Promise<ApplyResult> =>
    applySavedPlan(db, s, { as: 'root@localhost', lockTimeoutMs: 10_000, allowMassInvalidation: false, ...options, ...introspectOptions(options) });
  const desired = (yaml: string, env: Record<string, string> = {}): Promise<DesiredState> => stateOf({ 'chat.yaml': yaml }, { env });

  const channels = async (): Promise<ChannelRow[]> => {
    const flags = t.layout.availabilityColumns;
    const flagColumns = flags ? `, c.${q(flags[0])} AS customer_flag, c.${q(flags[1])} AS public_flag` : '';
    const rows = await t.rows<Record<string, unknown>>(
      `SELECT c.id, c.name, g.name AS group_name, v.name AS valid_name, c.comments${flagColumns}, ` +
        'c.create_time, c.create_by, c.change_time, c.change_by ' +
        `FROM ${q('chat_channel')} c JOIN ${q('valid')} v ON v.id = c.valid_id LEFT JOIN ${q(t.layout.groupTable)} g ON g.id = c.group_id ORDER BY c.id`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      group: r.group_name === null ? null : String(r.group_name),
      valid: String(r.valid_name) as Validity,
      comments: r.comments === null ? null : String(r.comments),
      customer: flags ? Number(r.customer_flag) === 1 : null,
      public: flags ? Number(r.public_flag) === 1 : null,
      createTime: asDate(r.create_time),
      createBy: Number(r.create_by),
      changeTime: asDate(r.change_time),
      changeBy: Number(r.change_by),
    }));
  };

  return {
    desired,
    plan,
    apply,
    saved,
    applySaved,
    async converge(yaml, options = {}) {
      const d = await desired(yaml);
      const planned = await plan(d, options);
      return { plan: planned, result: await apply(d, planned, options) };
    },
    channels,
    async channel(name) {
      const found = (await channels()).filter((c) => c.name === name);
      if (found.length !== 1) throw new Error(`expected one channel named ${JSON.stringify(name)}, found ${found.length}`);
      return found[0] as ChannelRow;
    },
    async settingRows(name) {
      const where = name === undefined ? '' : ` WHERE name = ${p(1)}`;
      const rows = await t.rows<Record<string, unknown>>(`SELECT * FROM ${q('sysconfig_modified')}${where} ORDER BY id`, name === undefined ? [] : [name]);
      return rows.map((r) => ({
        id: Number(r.id),
        sysconfig_default_id: Number(r.sysconfig_default_id),
        name: String(r.name),
        user_id: r.user_id === null ? null : Number(r.user_id),
        is_valid: Number(r.is_valid),
        user_modification_active: Number(r.user_modification_active),
        effective_value: String(r.effective_value),
        is_dirty: Number(r.is_dirty),
        reset_to_default: Number(r.reset_to_default),
        create_time: asDate(r.create_time),
        create_by: Number(r.create_by),
        change_time: asDate(r.change_time),
        change_by: Number(r.change_by),
      }));
    },
    async userId(login) {
      const [row] = await t.rows<{ id: unknown }>(`SELECT id FROM ${q('users')} WHERE login = ${p(1)}`, [login]);
      if (!row) throw new Error(`no user ${login}`);
      return Number(row.id);
    },
    async backdate(table) {
      await t.rows(`UPDATE ${q(table)} SET create_time = ${PAST_SQL}, change_time = ${PAST_SQL}`);
    },
    p,
    q,
  };
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A YAML scalar holding `text` exactly: JSON strings are YAML double-quoted strings. */
export function yamlText(text: string): string {
  return JSON.stringify(text);
}

/** A time the database stamped "now" (allowing for the test machine's and the server's time zones). */
export function isRecent(time: Date): boolean {
  return Math.abs(time.getTime() - Date.now()) < 36 * 3600 * 1000 && time.getTime() > PAST.getTime();
}

/** Everything apply may touch, to compare before and after a refused or failed apply. */
export async function snapshot(r: Reconciler): Promise<unknown> {
  return { channels: await r.channels(), settings: await r.settingRows() };
}

/** The error an apply is refused with (fails the test when the apply succeeds). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the apply to be refused');
    },
    (err: unknown) => err,
  );
}
