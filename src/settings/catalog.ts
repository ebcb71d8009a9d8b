/**
 * The ChatEngine settings this project knows (docs/otrs.md). The instance's `sysconfig_default` is
 * the authority for defaults; `seed` is only what the embedded database and tests start with.
 */
export type SettingType =
  /** checkbox: stored `'0'` / `'1'` */
  | 'boolean'
  /** the name of an OTRS group */
  | 'group'
  /** a group name, or empty for "nobody" */
  | 'group-or-empty'
  /** free text */
  | 'text'
  /** digits only (`^\d+$`) */
  | 'non-negative-integer';

export interface SettingDefinition {
  readonly name: string;
  readonly type: SettingType;
  readonly description: string;
  /** The value a fresh embedded database holds, in config form. */
  readonly seed: boolean | number | string;
}

export const SETTING_CATALOG: readonly SettingDefinition[] = [
  { name: 'ChatEngine::Active', type: 'boolean', seed: false, description: 'Switches the chat feature on or off for the whole OTRS instance.' },
  { name: 'ChatEngine::ChatDirection::PublicToAgent', type: 'boolean', seed: false, description: 'Public (not logged-in) users may start chats with agents.' },
  { name: 'ChatEngine::ChatDirection::CustomerToAgent', type: 'boolean', seed: true, description: 'Customer users may start chats with agents.' },
  { name: 'ChatEngine::ChatDirection::AgentToCustomer', type: 'boolean', seed: true, description: 'Agents may start chats with customer users.' },
  { name: 'ChatEngine::ChatDirection::AgentToAgent', type: 'boolean', seed: true, description: 'Agents may start chats with other agents.' },
  { name: 'ChatEngine::PermissionGroup::ChatReceivingAgents', type: 'group', seed: 'users', description: 'Group whose agents receive chat requests (they need at least ro on it). Also the group of the default channel when OTRS creates it.' },
  { name: 'ChatEngine::PermissionGroup::ChatStartingAgents', type: 'group', seed: 'users', description: 'Group whose agents may start chats (they need at least ro on it).' },
  { name: 'ChatEngine::PermissionGroup::ChatNotificationAgents', type: 'group-or-empty', seed: '', description: 'Group whose agents are notified of new chat requests; empty means no group.' },
  { name: 'ChatEngine::DefaultChatChannel', type: 'text', seed: 'Default channel', description: 'Name of the default chat channel, created when chat is switched on and never invalidated by pruning.' },
  { name: 'ChatEngine::DefaultAgentName', type: 'text', seed: 'Support Agent', description: 'Name shown to customers and public users instead of the real agent name.' },
  { name: 'ChatEngine::ChatTTL', type: 'non-negative-integer', seed: 720, description: 'Hours a closed chat is kept before it is removed.' },
  { name: 'ChatEngine::ChatDecayTime', type: 'non-negative-integer', seed: 90, description: 'Days before an old chat is removed.' },
];

const BY_NAME = new Map(SETTING_CATALOG.map((s) => [s.name, s]));

export function findSetting(name: string): SettingDefinition | undefined {
  return BY_NAME.get(name);
}

export const DEFAULT_CHANNEL_SETTING = 'ChatEngine::DefaultChatChannel';
export const ACTIVE_SETTING = 'ChatEngine::Active';
export const RECEIVING_AGENTS_SETTING = 'ChatEngine::PermissionGroup::ChatReceivingAgents';
