import { createHash } from 'node:crypto';
import type { ActualState } from '../model/actual-state.js';
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
      nameComparison: c.nameComparison,
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
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}
