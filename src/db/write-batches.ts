import type { Validity } from '../model/validity.js';
import type { Change } from '../plan/change.js';
import { assertNever } from '../plan/change.js';

export interface NewChannelRow {
  readonly name: string;
  readonly groupId: number;
  readonly valid: Validity;
  readonly comment: string;
  readonly availableToCustomerUsers: boolean;
  readonly availableToPublicUsers: boolean;
}

/** One row's update; an absent field is left exactly as stored. */
export interface ChannelRowUpdate {
  readonly id: number;
  readonly name?: string;
  readonly groupId?: number;
  readonly valid?: Validity;
  readonly comment?: string;
  readonly availableToCustomerUsers?: boolean;
  readonly availableToPublicUsers?: boolean;
}

export interface SettingRowUpdate {
  readonly rowId: number;
  readonly effectiveValue: string;
}

export interface SettingInsert {
  readonly defaultId: number;
  readonly name: string;
  readonly effectiveValue: string;
}

/** The plan's changes grouped into the few batches apply sends, whatever the channel count. */
export interface WriteBatches {
  readonly channelUpdates: readonly ChannelRowUpdate[];
  readonly channelInserts: readonly NewChannelRow[];
  readonly settingUpdates: readonly SettingRowUpdate[];
  readonly settingInserts: readonly SettingInsert[];
}

/** Groups a plan's changes by the statement that carries them (invalidations are updates of `valid_id`). */
export function batchChanges(changes: readonly Change[]): WriteBatches {
  const channelUpdates: ChannelRowUpdate[] = [];
  const channelInserts: NewChannelRow[] = [];
  const settingUpdates: SettingRowUpdate[] = [];
  const settingInserts: SettingInsert[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'create-channel':
        channelInserts.push({
          name: change.name,
          groupId: change.groupId,
          valid: change.valid,
          comment: change.comment,
          availableToCustomerUsers: change.availableToCustomerUsers,
          availableToPublicUsers: change.availableToPublicUsers,
        });
        break;
      case 'update-channel': {
        const row: { -readonly [K in keyof ChannelRowUpdate]: ChannelRowUpdate[K] } = { id: change.id };
        for (const f of change.fields) {
          switch (f.field) {
            case 'name': row.name = f.new; break;
            case 'group': row.groupId = f.newGroupId; break;
            case 'availableToCustomerUsers': row.availableToCustomerUsers = f.new; break;
            case 'availableToPublicUsers': row.availableToPublicUsers = f.new; break;
            case 'valid': row.valid = f.new; break;
            case 'comment': row.comment = f.new; break;
            default: assertNever(f);
          }
        }
        channelUpdates.push(row);
        break;
      }
      case 'invalidate-channel':
        channelUpdates.push({ id: change.id, valid: change.to });
        break;
      case 'update-setting':
        if (change.rowId === null) settingInserts.push({ defaultId: change.defaultId, name: change.name, effectiveValue: change.effectiveValue });
        else settingUpdates.push({ rowId: change.rowId, effectiveValue: change.effectiveValue });
        break;
      default:
        assertNever(change);
    }
  }
  return { channelUpdates, channelInserts, settingUpdates, settingInserts };
}
