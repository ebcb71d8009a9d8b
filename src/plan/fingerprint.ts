import { createHash } from 'node:crypto';
import type { ActualState } from '../model/actual-state.js';
import type { DesiredState } from '../model/desired-state.js';
import { compareText } from './compare-text.js';

/**
 * The identity of the database state a plan was computed from: SHA-256 (hex) of a canonical
 * JSON form — every array sorted (channels and groups by id, settings by name, their rows by
 * id) and every object built with a fixed key order — so the same rows always give the same
 * fingerprint, whatever order the database returned them in. `apply --plan` recomputes it
 * inside its transaction and refuses a plan whose database has moved on.
 */
export function fingerprintState(actual: ActualState): string {
  const { capabilities: c } = actual;
  const canonical = {
    capabilities: {
      dialect: c.dialect,
      groupTable: c.groupTable,
      availabilityColumns: c.availabilityColumns ? { customer: c.availabilityColumns.customer, public: c.availabilityColumns.public } : null,
      nameComparison: c.nameComparison === 'exact' ? 'exact' : { channelCollation: c.nameComparison.channelCollation, groupCollation: c.nameComparison.groupCollation },
      supportsFourByteCharacters: c.supportsFourByteCharacters,
    },
    channels: [...actual.channels].sort((a, b) => a.id - b.id).map((ch) => ({
      id: ch.id,
      name: ch.name,
      groupId: ch.groupId,
      group: ch.group,
      valid: ch.valid,
      availableToCustomerUsers: ch.availableToCustomerUsers,
      availableToPublicUsers: ch.availableToPublicUsers,
      comment: ch.comment,
    })),
    groups: [...actual.groups].sort((a, b) => a.id - b.id).map((g) => ({ id: g.id, name: g.name, valid: g.valid })),
    settings: [...actual.settings].sort((a, b) => compareText(a.name, b.name)).map((s) => ({
      name: s.name,
      defaultId: s.defaultId,
      defaultEffectiveValue: s.defaultEffectiveValue,
      systemWideRows: [...s.systemWideRows].sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, effectiveValue: r.effectiveValue, isValid: r.isValid })),
    })),
  };
  return sha256(canonical);
}

/**
 * The identity of a configuration: SHA-256 (hex) of a canonical JSON form of the desired state —
 * what the files say once merged, defaulted and with `${VAR}` substituted. File names, comments,
 * formatting and source positions do not count, so a plan made in a pull request's checkout can
 * be checked against the merged branch (`apply --plan plan.json PATHS`), and a different
 * environment variable makes a different configuration. Channels keep their order (it orders the
 * plan); settings are sorted by name.
 */
export function configDigest(desired: DesiredState): string {
  const canonical = {
    channels: desired.channels.map((c) => ({
      name: c.name,
      group: c.group,
      availableToCustomerUsers: c.availableToCustomerUsers,
      availableToPublicUsers: c.availableToPublicUsers,
      valid: c.valid,
      comment: c.comment,
      previousNames: c.previousNames,
    })),
    settings: [...desired.settings].sort((a, b) => compareText(a.name, b.name)).map((s) => ({ name: s.name, value: s.value })),
    reconcile: {
      removedChannels: desired.reconcile.removedChannels,
      maxInvalidatePercent: desired.reconcile.maxInvalidatePercent,
      maxInvalidatePercentFromConfig: desired.reconcile.maxInvalidatePercentFromConfig,
    },
    // A file without `channels` leaves channels alone; `channels: []` invalidates them all.
    managesChannels: desired.managesChannels,
  };
  return sha256(canonical);
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');
}
