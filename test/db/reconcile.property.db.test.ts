import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { REMOVED_CHANNEL_POLICIES, VALIDITIES, type RemovedChannelPolicy, type Validity } from '../../src/model/validity.js';
import { SETTING_CATALOG, findSetting, type SettingDefinition, type SettingType } from '../../src/settings/catalog.js';
import { decodeEffectiveValue, type DecodeResult } from '../../src/settings/codec.js';
import { describeDatabases, type DatabaseName, type TestDatabase } from './harness.js';
import { reconciler, yamlText, type ChannelRow, type Reconciler, type SettingRow } from './reconcile.js';
import type { SeedChannel, SeedSetting } from './seed-state.js';
import { reliabilityBudget, reliabilitySeed, writeReliabilityReport } from '../reliability.js';

/**
 * Issue 10, "proof, as figures": random prior databases × random configs A and B, applied one
 * after the other on every database at hand. After each apply the plan is empty, no row is gone
 * and no id moved; B leaves every channel it names exactly as it says, prunes the rest by its
 * `removedChannels`, and sets its settings. A refused plan (PlanError) writes nothing.
 *
 * Budget: OTRS_RELIABILITY_BUDGET `ci` (default, what `npm test` runs) or `full` (`npm run
 * reliability`); OTRS_RELIABILITY_SEED replays a run. With OTRS_RELIABILITY_REPORT set to a
 * directory, the figures go to `<dir>/reconcile-property.json` for docs/RELIABILITY.md.
 *
 * Names are chosen so that PostgreSQL and MariaDB's utf8mb4_unicode_ci agree on which are equal:
 * no two differ only by case, accents or trailing spaces, at most one holds a character beyond
 * U+FFFF. Name equality under a collation has its own test.
 */

const RUNS_BY_BUDGET: Readonly<Record<string, number>> = { ci: 15, full: 150 };
const PROMISE =
  'After any apply the plan is empty; no chat_channel or sysconfig_modified row disappears or changes its id; ' +
  'applying config A then config B leaves every channel B names with exactly the fields B gives (renames keep the id), ' +
  'the channels only A named invalidated as B.removedChannels says (untouched with keep, the default channel never), ' +
  'and every setting B sets at B’s value; a plan the planner refuses (PlanError) writes nothing.';

const { budget, value: runs } = reliabilityBudget(RUNS_BY_BUDGET);
const seed = reliabilitySeed();
const casesRun: Record<DatabaseName, number> = { pglite: 0, postgres: 0, mariadb: 0 };

afterAll(() => {
  const cases = casesRun.pglite + casesRun.postgres + casesRun.mariadb;
  writeReliabilityReport({ name: 'reconcile-property', promise: PROMISE, cases, perDatabase: casesRun, seed });
});

// ---------------------------------------------------------------------------------------------
// What is generated

const FRESH_GROUPS = ['users', 'admin', 'stats'];
const EXTRA_GROUPS = ['sales', 'Support Team', 'Kundendienst Österreich', 'サポート'];
const UNKNOWN_GROUP = 'Nowhere';
const AGENT = 'agent.one';
const SHIPPED_DEFAULT_CHANNEL = 'Default channel';
const DEFAULT_CHANNEL_COMMENT = 'Default chat channel';
const DEFAULT_CHANNEL_SETTING = 'ChatEngine::DefaultChatChannel';
const ACTIVE_SETTING = 'ChatEngine::Active';
const RECEIVING_AGENTS_SETTING = 'ChatEngine::PermissionGroup::ChatReceivingAgents';

/** 200 characters, the longest name OTRS stores. */
const LONGEST_NAME = `Überlauf ${'x'.repeat(191)}`;
const NAMED_CHANNELS = [
  SHIPPED_DEFAULT_CHANNEL,
  'Sales',
  'Support',
  'Billing',
  'Lobby',
  'VIP desk',
  'Vertrieb Österreich',
  'Поддержка',
  'お問い合わせ',
  'Chat 💬',
  'Ελληνικό γραφείο',
  'Orders & delivery',
  "It's; \\ quoted",
  LONGEST_NAME,
];
const channelName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMED_CHANNELS), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 30 }).map((n) => `Desk ${n}`), weight: 1 },
);
const COMMENTS = ['', 'Short.', 'Line one\nline two', 'Grüße 😀', 'quotes \' " and ; \\', 'c'.repeat(250)];
const validity = fc.constantFrom<Validity>(...VALIDITIES);

/** Mostly `usual`, now and then `rare`: refusals are worth generating, but not most of the time. */
function mostly<T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 9): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight }, { arbitrary: rare, weight: 1 });
}

/** Stored `effective_value` texts of each type, with the values OTRS reads from them. */
const STORED: Readonly<Record<SettingType, readonly string[]>> = {
  boolean: ["--- '0'\n", "--- '1'\n"],
  'non-negative-integer': ["--- '48'\n", "--- '0'\n"],
  group: ['--- users\n', '--- admin\n'],
  'group-or-empty': ["--- ''\n", '--- stats\n'],
  text: ['--- Lobby\n', '--- Sales\n', `--- ${SHIPPED_DEFAULT_CHANNEL}\n`],
};
const UNREADABLE = '--- [broken\n';

interface Prior {
  readonly groups: readonly { readonly name: string; readonly valid: Validity }[];
  readonly channels: readonly SeedChannel[];
  readonly settings: Readonly<Record<string, SeedSetting>>;
}

const seededSetting = (def: SettingDefinition): fc.Arbitrary<SeedSetting | null> => {
  const row = fc.record({ value: mostly(fc.constantFrom(...STORED[def.type]), fc.constant(UNREADABLE), 6), valid: mostly(fc.constant(true), fc.constant(false), 4) });
  // Two system-wide rows (OTRS's own ambiguity) make the default channel's name unknown; that
  // refusal is another test's, so the default channel's setting never has two.
  const one = fc.array(row, { minLength: 1, maxLength: 1 });
  const rows = def.name === DEFAULT_CHANNEL_SETTING ? one : mostly(one, fc.array(row, { minLength: 2, maxLength: 2 }), 40);
  const setting = fc.record({ rows, perAgent: mostly(fc.constant(false), fc.constant(true), 4) }).map(
    ({ rows: systemWide, perAgent }): SeedSetting => ({
      systemWide,
      perAgent: perAgent ? [{ login: AGENT, value: STORED[def.type][0] as string }] : [],
    }),
  );
  return fc.option(setting, { nil: null, freq: 2 });
};

const priorState: fc.Arbitrary<Prior> = fc
  .uniqueArray(fc.record({ name: fc.constantFrom(...EXTRA_GROUPS), valid: validity }), { selector: (g) => g.name, maxLength: EXTRA_GROUPS.length })
  .chain((groups) => {
    const groupNames = [...FRESH_GROUPS, ...groups.map((g) => g.name)];
    const channel = fc.record({
      name: channelName,
      group: fc.constantFrom(...groupNames),
      valid: validity,
      comment: fc.option(fc.constantFrom(...COMMENTS), { nil: null }),
      availableToCustomerUsers: fc.boolean(),
      availableToPublicUsers: fc.boolean(),
    });
    const settings = fc.tuple(...SETTING_CATALOG.map((def) => seededSetting(def).map((s) => [def.name, s] as const)));
    return fc.record({
      groups: fc.constant(groups),
      channels: fc.uniqueArray(channel, { selector: (c) => c.name, maxLength: 10 }),
      settings: settings.map((pairs) => Object.fromEntries(pairs.flatMap(([name, s]) => (s ? [[name, s]] : [])))),
    });
  });

/** A channel of a config as written; `undefined` fields are left out of the YAML. */
interface ConfigChannel {
  readonly name: string;
  readonly group: string;
  readonly availableToCustomerUsers: boolean | undefined;
  readonly availableToPublicUsers: boolean | undefined;
  readonly valid: Validity | undefined;
  readonly comment: string | undefined;
  readonly previousNames: readonly string[];
}

interface Config {
  readonly channels: readonly ConfigChannel[];
  readonly settings: readonly (readonly [string, boolean | number | string])[];
  readonly removedChannels: RemovedChannelPolicy | undefined;
  /** With no channels: leave the `channels` key out (the config then manages no channel) rather than write `channels: []`. */
  readonly noChannelsKey: boolean;
}

const configValue = (def: SettingDefinition, groups: readonly string[]): fc.Arbitrary<boolean | number | string> => {
  switch (def.type) {
    case 'boolean':
      return fc.boolean();
    case 'non-negative-integer':
      return fc.constantFrom(0, 1, 48, 90, 720);
    case 'group':
      return mostly(fc.constantFrom(...groups), fc.constant(UNKNOWN_GROUP), 40);
    case 'group-or-empty':
      return fc.constantFrom('', ...groups);
    case 'text':
      return def.name === DEFAULT_CHANNEL_SETTING
        ? fc.constantFrom(SHIPPED_DEFAULT_CHANNEL, 'Lobby', 'Sales', 'Chat 💬', 'Desk 7')
        : fc.constantFrom('Shop Support', 'Support Agent', 'Ünïcode Agent 😀');
  }
};

const config = (groups: readonly string[]): fc.Arbitrary<Config> => {
  const channel = (name: string): fc.Arbitrary<ConfigChannel> =>
    fc.record({
      name: fc.constant(name),
      group: mostly(fc.constantFrom(...groups), fc.constant(UNKNOWN_GROUP), 60),
      availableToCustomerUsers: fc.option(fc.boolean(), { nil: undefined }),
      availableToPublicUsers: fc.option(fc.boolean(), { nil: undefined }),
      valid: fc.option(validity, { nil: undefined }),
      comment: fc.option(fc.constantFrom(...COMMENTS), { nil: undefined }),
      previousNames: mostly(fc.constant<string[]>([]), fc.uniqueArray(channelName, { minLength: 1, maxLength: 2 }), 3),
    });
  const channels = fc.uniqueArray(channelName, { maxLength: 8 }).chain((names) => fc.tuple(...names.map(channel))).map(withValidRenames);
  const settings = fc
    .subarray([...SETTING_CATALOG])
    .chain((defs) => fc.tuple(...defs.map((def) => configValue(def, groups).map((value) => [def.name, value] as const))));
  return fc
    .record({ channels, settings, removedChannels: fc.option(fc.constantFrom(...REMOVED_CHANNEL_POLICIES), { nil: undefined }), noChannelsKey: fc.boolean() })
    .map((c) => ({ ...c, noChannelsKey: c.noChannelsKey && c.channels.length === 0 }));
};

/**
 * Previous names as a valid config has them: never the channel's own or another channel's name,
 * each claimed by one channel only (the config rules refuse anything else before any plan).
 */
function withValidRenames(channels: readonly ConfigChannel[]): ConfigChannel[] {
  const names = new Set(channels.map((c) => c.name));
  const claimed = new Set<string>();
  return channels.map((c) => {
    const previousNames = c.previousNames.filter((p) => !names.has(p) && !claimed.has(p));
    for (const p of previousNames) claimed.add(p);
    return { ...c, previousNames };
  });
}

interface Case {
  readonly prior: Prior;
  readonly a: Config;
  readonly b: Config;
}

const cases: fc.Arbitrary<Case> = priorState.chain((prior) => {
  const groups = [...FRESH_GROUPS, ...prior.groups.map((g) => g.name)];
  return fc.record({ prior: fc.constant(prior), a: config(groups), b: config(groups) });
});

function toYaml(c: Config): string {
  const lines = ['version: 1'];
  if (c.settings.length > 0) lines.push('settings:', ...c.settings.map(([name, value]) => `  ${name}: ${typeof value === 'string' ? yamlText(value) : String(value)}`));
  if (!c.noChannelsKey) lines.push(c.channels.length > 0 ? 'channels:' : 'channels: []');
  for (const ch of c.channels) {
    lines.push(`  - name: ${yamlText(ch.name)}`, `    group: ${yamlText(ch.group)}`);
    if (ch.availableToCustomerUsers !== undefined) lines.push(`    availableToCustomerUsers: ${ch.availableToCustomerUsers}`);
    if (ch.availableToPublicUsers !== undefined) lines.push(`    availableToPublicUsers: ${ch.availableToPublicUsers}`);
    if (ch.valid !== undefined) lines.push(`    valid: ${ch.valid}`);
    if (ch.comment !== undefined) lines.push(`    comment: ${yamlText(ch.comment)}`);
    if (ch.previousNames.length > 0) lines.push(`    previousNames: [${ch.previousNames.map(yamlText).join(', ')}]`);
  }
  if (c.removedChannels !== undefined) lines.push('reconcile:', `  removedChannels: ${c.removedChannels}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// What is checked

interface Observed {
  readonly channels: readonly ChannelRow[];
  readonly settings: readonly SettingRow[];
}

const observe = async (r: Reconciler): Promise<Observed> => ({ channels: await r.channels(), settings: await r.settingRows() });

/** The fields of a channel row the config decides (a NULL comment reads as the empty one). */
const fieldsOf = (row: ChannelRow): Record<string, unknown> => ({
  name: row.name,
  group: row.group,
  valid: row.valid,
  customer: row.customer,
  public: row.public,
  comment: row.comments ?? '',
});

/** A setting's value as OTRS reads it: its one system-wide row when valid, else the default. */
function effectiveValue(name: string, rows: readonly SettingRow[], defaults: ReadonlyMap<string, string>): DecodeResult | 'ambiguous' {
  const def = findSetting(name);
  if (!def) throw new Error(`unknown setting ${name}`);
  const systemWide = rows.filter((row) => row.name === name && row.user_id === null);
  if (systemWide.length > 1) return 'ambiguous';
  const row = systemWide[0];
  return decodeEffectiveValue(def.type, row?.is_valid ? row.effective_value : (defaults.get(name) ?? null));
}

/** A setting's value after the config: the config's, else what the database holds now. */
function settingAfter(c: Config, name: string, before: Observed, defaults: ReadonlyMap<string, string>): boolean | number | string | undefined {
  const configured = c.settings.find(([n]) => n === name);
  if (configured) return configured[1];
  const stored = effectiveValue(name, before.settings, defaults);
  return stored !== 'ambiguous' && stored.ok ? stored.value : undefined;
}

/**
 * Checks one apply of config `c` that succeeded, from the rows before and after it. Returns
 * nothing: every expectation fails the property with the case fast-check printed.
 */
function checkApplied(c: Config, before: Observed, after: Observed, groups: readonly string[], defaults: ReadonlyMap<string, string>): void {
  const afterChannels = new Map(after.channels.map((row) => [row.id, row]));
  const beforeIds = new Set(before.channels.map((row) => row.id));
  const beforeByName = new Map(before.channels.map((row) => [row.name, row]));

  // Never a delete, never a new id for an old row.
  for (const row of before.channels) expect(afterChannels.has(row.id), `chat_channel row ${row.id} (${JSON.stringify(row.name)}) disappeared`).toBe(true);
  const afterSettings = new Map(after.settings.map((row) => [row.id, row]));
  for (const row of before.settings) {
    expect(afterSettings.get(row.id), `sysconfig_modified row ${row.id} disappeared or changed its setting or agent`).toMatchObject({
      name: row.name,
      sysconfig_default_id: row.sysconfig_default_id,
      user_id: row.user_id,
    });
  }

  // Every channel the config names: one row with exactly its fields; renames keep the id.
  const claimed = new Set<number>();
  for (const ch of c.channels) {
    const own = beforeByName.get(ch.name);
    const previous = ch.previousNames.flatMap((p) => beforeByName.get(p) ?? []);
    expect(own !== undefined && previous.length > 0, `${JSON.stringify(ch.name)}: a rename onto an existing row must be refused, not merged`).toBe(false);
    expect(previous.length, `${JSON.stringify(ch.name)}: several previous names match rows; the plan must refuse`).toBeLessThanOrEqual(1);
    const rows = after.channels.filter((row) => row.name === ch.name);
    expect(rows, `rows named ${JSON.stringify(ch.name)}`).toHaveLength(1);
    const row = rows[0] as ChannelRow;
    const expectedId = own?.id ?? previous[0]?.id;
    if (expectedId === undefined) expect(beforeIds.has(row.id), `${JSON.stringify(ch.name)} is new but took the id of an existing row`).toBe(false);
    else expect(row.id, `${JSON.stringify(ch.name)} keeps the id of its row`).toBe(expectedId);
    expect(fieldsOf(row)).toEqual({
      name: ch.name,
      group: ch.group,
      valid: ch.valid ?? 'valid',
      customer: ch.availableToCustomerUsers ?? false,
      public: ch.availableToPublicUsers ?? false,
      comment: ch.comment ?? '',
    });
    claimed.add(row.id);
  }

  // Every other row that was there: pruned by the policy, unless it is the default channel or
  // not valid; otherwise exactly as it was.
  const defaultName = String(settingAfter(c, DEFAULT_CHANNEL_SETTING, before, defaults) ?? SHIPPED_DEFAULT_CHANNEL).trim();
  // "Pruning needs channels": a config without a `channels` key prunes nothing.
  const policy = c.noChannelsKey ? 'keep' : (c.removedChannels ?? 'invalid');
  for (const old of before.channels) {
    if (claimed.has(old.id)) continue;
    const now = afterChannels.get(old.id) as ChannelRow;
    const pruned = policy !== 'keep' && old.valid === 'valid' && old.name !== defaultName;
    if (pruned) expect(fieldsOf(now), `${JSON.stringify(old.name)} left the config`).toEqual({ ...fieldsOf(old), valid: policy });
    else expect(now, `${JSON.stringify(old.name)} is neither in the config nor to be pruned`).toEqual(old);
  }

  // New rows beyond the config's own: only the default channel, when chat is switched on without it.
  const created = after.channels.filter((row) => !claimed.has(row.id) && !beforeIds.has(row.id));
  const switchedOn = c.settings.some(([name, value]) => name === ACTIVE_SETTING && value === true);
  const defaultMissing = !c.channels.some((ch) => ch.name === defaultName) && !beforeByName.has(defaultName);
  const wantedGroup = String(settingAfter(c, RECEIVING_AGENTS_SETTING, before, defaults) ?? '') || 'users';
  const expected = switchedOn && defaultMissing
    ? [{ name: defaultName, group: groups.includes(wantedGroup) ? wantedGroup : 'users', valid: 'valid', customer: false, public: false, comment: DEFAULT_CHANNEL_COMMENT }]
    : [];
  expect(created.map(fieldsOf), 'channels created that the config does not name').toEqual(expected);

  // Settings: the configured ones read as the config says; every other row as it was.
  const configured = new Set(c.settings.map(([name]) => name));
  for (const [name, value] of c.settings) {
    expect(effectiveValue(name, after.settings, defaults), `setting ${name}`).toEqual({ ok: true, value });
    expect(after.settings.filter((row) => row.name === name && row.user_id === null).length, `system-wide rows of ${name}`).toBeLessThanOrEqual(1);
  }
  for (const old of before.settings) {
    if (configured.has(old.name) && old.user_id === null) continue;
    expect(afterSettings.get(old.id), `sysconfig_modified row ${old.id} of a setting the config leaves alone`).toEqual(old);
  }
  for (const row of after.settings) {
    if (before.settings.some((old) => old.id === row.id)) continue;
    expect(configured.has(row.name) && row.user_id === null, `a new sysconfig_modified row for ${row.name}`).toBe(true);
  }
}

type Outcome = 'applied' | 'refused';

/** Plans and applies `c` as `apply --yes --allow-mass-invalidation` does, and checks the result. */
async function step(r: Reconciler, c: Config, groups: readonly string[], defaults: ReadonlyMap<string, string>): Promise<Outcome> {
  const before = await observe(r);
  const desired = await r.desired(toYaml(c));
  try {
    await r.apply(desired, await r.plan(desired), { allowMassInvalidation: true });
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    expect(await observe(r), 'a refused plan wrote something').toEqual(before);
    return 'refused';
  }
  expect((await r.plan(desired)).changes, 'planning again after the apply').toEqual([]);
  checkApplied(c, before, await observe(r), groups, defaults);
  return 'applied';
}

/** Back to a fresh install (plus the agent), in the test's one database: creating one per case would dominate the run on a server. */
async function reset(t: TestDatabase, r: Reconciler): Promise<void> {
  await t.rows(`DELETE FROM ${r.q('chat_channel')}`);
  await t.rows(`DELETE FROM ${r.q('sysconfig_modified')}`);
  await t.rows(`DELETE FROM ${r.q(t.layout.groupTable)} WHERE name NOT IN (${FRESH_GROUPS.map((_, i) => r.p(i + 1)).join(', ')})`, FRESH_GROUPS);
}

describeDatabases('reconcile: random prior states, then config A, then config B', ({ database, fresh }) => {
  test(
    `after every apply the plan is empty, no row or id is lost, and B leaves exactly what it says (${runs} random cases, budget ${budget})`,
    { timeout: 60_000 + runs * 4_000 },
    async () => {
      const t = await fresh();
      const r = reconciler(t);
      await t.seed({ users: [{ login: AGENT }] });
      const defaults = new Map(
        (await t.rows<{ name: unknown; effective_value: unknown }>(`SELECT name, effective_value FROM ${r.q('sysconfig_default')}`)).map((row) => [String(row.name), String(row.effective_value)]),
      );
      const outcomes: Outcome[] = [];

      const details = await fc.check(
        fc.asyncProperty(cases, async ({ prior, a, b }) => {
          await reset(t, r);
          await t.seed({ groups: prior.groups, channels: prior.channels, settings: prior.settings });
          const groups = [...FRESH_GROUPS, ...prior.groups.map((g) => g.name)];
          outcomes.push(await step(r, a, groups, defaults), await step(r, b, groups, defaults));
        }),
        { numRuns: runs, seed, endOnFailure: budget === 'ci' },
      );
      casesRun[database.name] = details.numRuns;
      if (details.failed) throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });

      // The property says little if the planner refused most cases.
      const applied = outcomes.filter((o) => o === 'applied').length;
      expect(applied, `applied ${applied} of ${outcomes.length} configs`).toBeGreaterThanOrEqual(outcomes.length / 2);
    },
  );
});
