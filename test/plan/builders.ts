import { PlanError } from '../../src/errors.js';
import type {
  ActualChannel,
  ActualGroup,
  ActualSetting,
  ActualState,
  DatabaseCapabilities,
  DesiredChannel,
  DesiredSetting,
  DesiredState,
  ReconcilePolicy,
  SettingValue,
  SourceLocation,
  SystemWideSettingRow,
} from '../../src/model/index.js';

/** Small builders for plain planner input: every test states only what it is about. */

export function at(line: number, column = 5): SourceLocation {
  return { file: 'chat.yaml', line, column };
}

let nextLine = 100;

export function channel(name: string, fields: Partial<Omit<DesiredChannel, 'name'>> = {}): DesiredChannel {
  return {
    name,
    group: 'users',
    availableToCustomerUsers: false,
    availableToPublicUsers: false,
    valid: 'valid',
    comment: '',
    previousNames: [],
    location: at(nextLine++),
    ...fields,
  };
}

export function setting(name: string, value: SettingValue, location: SourceLocation = at(nextLine++)): DesiredSetting {
  return { name, value, location };
}

/** A config with a `channels` key (possibly empty) unless `managesChannels: false` says it has none. */
export function desired(
  parts: { channels?: DesiredChannel[]; settings?: DesiredSetting[]; reconcile?: Partial<ReconcilePolicy>; managesChannels?: boolean } = {},
): DesiredState {
  return {
    channels: parts.channels ?? [],
    settings: parts.settings ?? [],
    reconcile: { removedChannels: 'invalid', maxInvalidatePercent: 25, maxInvalidatePercentFromConfig: false, ...parts.reconcile },
    managesChannels: parts.managesChannels ?? true,
    files: ['chat.yaml'],
  };
}

/** A fresh install's groups, plus `sales` and `support`. */
export const GROUPS: readonly ActualGroup[] = [
  { id: 1, name: 'users', valid: true },
  { id: 2, name: 'admin', valid: true },
  { id: 3, name: 'stats', valid: true },
  { id: 4, name: 'sales', valid: true },
  { id: 5, name: 'support', valid: true },
];

export function row(id: number, name: string, fields: Partial<Omit<ActualChannel, 'id' | 'name'>> = {}): ActualChannel {
  const group = fields.groupId === undefined ? GROUPS[0]! : (GROUPS.find((g) => g.id === fields.groupId) ?? GROUPS[0]!);
  return {
    id,
    name,
    groupId: group.id,
    group: group.name,
    valid: 'valid',
    availableToCustomerUsers: false,
    availableToPublicUsers: false,
    comment: '',
    ...fields,
  };
}

/** `count` valid rows named `Channel 01`, `Channel 02`, ... with ids from `firstId`. */
export function rows(count: number, firstId = 1): ActualChannel[] {
  return Array.from({ length: count }, (_, i) => row(firstId + i, `Channel ${String(firstId + i).padStart(2, '0')}`));
}

export const POSTGRES: DatabaseCapabilities = {
  dialect: 'postgres',
  groupTable: 'permission_groups',
  availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
  nameComparison: 'exact',
  supportsFourByteCharacters: true,
};

export const MYSQL_UTF8MB3: DatabaseCapabilities = {
  dialect: 'mysql',
  groupTable: 'groups',
  availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
  nameComparison: { channelCollation: 'utf8mb3_general_ci', groupCollation: 'utf8mb3_general_ci' },
  supportsFourByteCharacters: false,
};

/** The stored text of each catalog setting in a fresh embedded database, as OTRS writes it. */
export const SEEDED_TEXT: Readonly<Record<string, string>> = {
  'ChatEngine::Active': "--- '0'\n",
  'ChatEngine::ChatDirection::PublicToAgent': "--- '0'\n",
  'ChatEngine::ChatDirection::CustomerToAgent': "--- '1'\n",
  'ChatEngine::ChatDirection::AgentToCustomer': "--- '1'\n",
  'ChatEngine::ChatDirection::AgentToAgent': "--- '1'\n",
  'ChatEngine::PermissionGroup::ChatReceivingAgents': '--- users\n',
  'ChatEngine::PermissionGroup::ChatStartingAgents': '--- users\n',
  'ChatEngine::PermissionGroup::ChatNotificationAgents': "--- ''\n",
  'ChatEngine::DefaultChatChannel': '--- Default channel\n',
  'ChatEngine::DefaultAgentName': '--- Support Agent\n',
  'ChatEngine::ChatTTL': "--- '720'\n",
  'ChatEngine::ChatDecayTime': "--- '90'\n",
};

/** Every catalog setting at its seed default; `rows` adds system-wide rows per setting. */
export function seededSettings(systemWide: Record<string, SystemWideSettingRow[]> = {}): ActualSetting[] {
  return Object.entries(SEEDED_TEXT).map(([name, text], i) => ({
    name,
    defaultId: 1000 + i,
    defaultEffectiveValue: text,
    systemWideRows: systemWide[name] ?? [],
  }));
}

export function actual(
  parts: { channels?: ActualChannel[]; groups?: readonly ActualGroup[]; settings?: ActualSetting[]; capabilities?: Partial<DatabaseCapabilities> } = {},
): ActualState {
  return {
    capabilities: { ...POSTGRES, ...parts.capabilities },
    channels: parts.channels ?? [],
    groups: parts.groups ?? GROUPS,
    settings: parts.settings ?? seededSettings(),
  };
}

/** The problems of the PlanError `run` throws (rethrows anything else; fails when nothing is thrown). */
export function problemsOf(run: () => unknown): PlanError['problems'] {
  try {
    run();
  } catch (e) {
    if (e instanceof PlanError) return e.problems;
    throw e;
  }
  throw new Error('expected a PlanError');
}
