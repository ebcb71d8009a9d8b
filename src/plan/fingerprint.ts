import { createHash, type Hash } from 'node:crypto';
import type { ActualChannel, ActualState } from '../model/actual-state.js';
import type { DesiredState } from '../model/desired-state.js';
import { compareText } from './compare-text.js';
import { JsonHasher, jsonBytes } from './json-hasher.js';
import { byId, inIdOrder } from '../model/id-order.js';

/**
 * The identity of the database state a plan was computed from: SHA-256 (hex) of a canonical
 * JSON form — every array sorted (channels and groups by id, settings by name, their rows by
 * id) and every object built with a fixed key order — so the same rows always give the same
 * fingerprint, whatever order the database returned them in. `apply --plan` recomputes it
 * inside its transaction and refuses a plan whose database has moved on.
 *
 * Saved plans hold this value, so its bytes never change: they are those of `JSON.stringify`
 * of `{ capabilities, channels, groups, settings }` built as below. The channels, tens of
 * thousands of rows, are written into the hash row by row (`JsonHasher`) instead of as one
 * object tree and one string (test/plan/fingerprint-stable.test.ts pins both the values and
 * that equality).
 */
export function fingerprintState(actual: ActualState): string {
  const { capabilities: c } = actual;
  const capabilities = {
    dialect: c.dialect,
    groupTable: c.groupTable,
    availabilityColumns: c.availabilityColumns ? { customer: c.availabilityColumns.customer, public: c.availabilityColumns.public } : null,
    nameComparison: c.nameComparison === 'exact' ? 'exact' : { channelCollation: c.nameComparison.channelCollation, groupCollation: c.nameComparison.groupCollation },
    supportsFourByteCharacters: c.supportsFourByteCharacters,
  };
  const groups = [...actual.groups].sort(byId).map((g) => ({ id: g.id, name: g.name, valid: g.valid }));
  const settings = [...actual.settings].sort((a, b) => compareText(a.name, b.name)).map((s) => ({
    name: s.name,
    defaultId: s.defaultId,
    defaultEffectiveValue: s.defaultEffectiveValue,
    systemWideRows: [...s.systemWideRows].sort(byId).map((r) => ({ id: r.id, effectiveValue: r.effectiveValue, isValid: r.isValid })),
  }));
  const hash = createHash('sha256');
  hash.update(`{"capabilities":${JSON.stringify(capabilities)},"channels":[`, 'utf8');
  hashChannels(hash, inIdOrder(actual.channels));
  hash.update(`],"groups":${JSON.stringify(groups)},"settings":${JSON.stringify(settings)}}`, 'utf8');
  return hash.digest('hex');
}

const ROW_START = jsonBytes('{"id":');
const NEXT_ROW_START = jsonBytes(',{"id":');
const NAME = jsonBytes(',"name":');
const GROUP_ID = jsonBytes(',"groupId":');
const GROUP = jsonBytes(',"group":');
const NULL = jsonBytes('null');
const VALID = jsonBytes(',"valid":');
const ROW_END = jsonBytes('}');
const FLAG_VALUES = [true, false, null] as const;
/** `,"availableToCustomerUsers":…,"availableToPublicUsers":…,"comment":` for each pair of flags. */
const FLAGS_THEN_COMMENT = FLAG_VALUES.map((customer) =>
  FLAG_VALUES.map((pub) => jsonBytes(`,"availableToCustomerUsers":${customer},"availableToPublicUsers":${pub},"comment":`)),
);
const flagIndex = (flag: boolean | null): number => (flag === true ? 0 : flag === false ? 1 : 2);

/**
 * Each channel as `JSON.stringify` writes `{ id, name, groupId, group, valid,
 * availableToCustomerUsers, availableToPublicUsers, comment }`, comma-separated.
 */
function hashChannels(hash: Hash, channels: readonly ActualChannel[]): void {
  const out = new JsonHasher(hash);
  for (let i = 0; i < channels.length; i++) {
    const ch = channels[i]!;
    out.bytes(i === 0 ? ROW_START : NEXT_ROW_START);
    out.number(ch.id);
    out.bytes(NAME);
    out.string(ch.name);
    out.bytes(GROUP_ID);
    out.number(ch.groupId);
    out.bytes(GROUP);
    if (ch.group === null) out.bytes(NULL);
    else out.string(ch.group);
    out.bytes(VALID);
    out.string(ch.valid);
    out.bytes(FLAGS_THEN_COMMENT[flagIndex(ch.availableToCustomerUsers)]![flagIndex(ch.availableToPublicUsers)]!);
    out.string(ch.comment);
    out.bytes(ROW_END);
  }
  out.flush();
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
