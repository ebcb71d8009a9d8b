import type { ActualChannel, ActualState } from '../../src/model/index.js';
import { assertNever, type Change } from '../../src/plan/change.js';

/**
 * A tiny in-memory applier for property tests: what `applyConfig` does to the rows, without a
 * database. It has no delete, like the real one.
 */
export function simulate(state: ActualState, changes: readonly Change[]): ActualState {
  let channels = [...state.channels];
  let settings = [...state.settings];
  let nextChannelId = Math.max(0, ...channels.map((c) => c.id)) + 1;
  let nextRowId = Math.max(0, ...settings.flatMap((s) => s.systemWideRows.map((r) => r.id))) + 1;
  const flag = (value: boolean): boolean | null => (state.capabilities.availabilityColumns ? value : null);
  for (const change of changes) {
    switch (change.kind) {
      case 'create-channel':
        channels.push({
          id: nextChannelId++,
          name: change.name,
          groupId: change.groupId,
          group: change.group,
          valid: change.valid,
          availableToCustomerUsers: flag(change.availableToCustomerUsers),
          availableToPublicUsers: flag(change.availableToPublicUsers),
          comment: change.comment,
        });
        break;
      case 'update-channel':
        channels = channels.map((c) => (c.id === change.id ? change.fields.reduce<ActualChannel>((row, f) => {
          switch (f.field) {
            case 'group':
              return { ...row, group: f.new, groupId: f.newGroupId };
            default:
              return { ...row, [f.field]: f.new };
          }
        }, c) : c));
        break;
      case 'invalidate-channel':
        channels = channels.map((c) => (c.id === change.id ? { ...c, valid: change.to } : c));
        break;
      case 'update-setting':
        settings = settings.map((s) => {
          if (s.name !== change.name) return s;
          const written = { effectiveValue: change.effectiveValue, isValid: true };
          return change.rowId === null
            ? { ...s, systemWideRows: [...s.systemWideRows, { id: nextRowId++, ...written }] }
            : { ...s, systemWideRows: s.systemWideRows.map((r) => (r.id === change.rowId ? { ...r, ...written } : r)) };
        });
        break;
      default:
        assertNever(change);
    }
  }
  return { ...state, channels, settings };
}
