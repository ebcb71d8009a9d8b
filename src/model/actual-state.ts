import type { Validity } from './validity.js';

/** Which OTRS product's group table this database has (docs/otrs.md). */
export type GroupTable = 'groups' | 'permission_groups' | 'groups_table';

export interface ActualGroup {
  readonly id: number;
  readonly name: string;
  readonly valid: boolean;
}

export interface ActualChannel {
  readonly id: number;
  readonly name: string;
  readonly groupId: number;
  /** The group's name; `null` when the row points at a group that no longer exists. */
  readonly group: string | null;
  readonly valid: Validity;
  /** `null` when the table has no availability columns (OTRS 6). */
  readonly availableToCustomerUsers: boolean | null;
  readonly availableToPublicUsers: boolean | null;
  /** NULL in the database reads as `''`: the two are never a change. */
  readonly comment: string;
  /** Who changed the row last and when, as OTRS recorded it; not part of the fingerprint. */
  readonly lastChange?: ChangeStamp;
}

/** `change_by` resolved to the agent's login (`null`: no such agent any more) and `change_time` as stored. */
export interface ChangeStamp {
  readonly by: string | null;
  /** `YYYY-MM-DD HH:MM:SS`, in the database server's time, as OTRS stores it. */
  readonly at: string;
}

/** A row of `sysconfig_modified` with `user_id IS NULL` (a system-wide value). */
export interface SystemWideSettingRow {
  readonly id: number;
  readonly effectiveValue: string | null;
  readonly isValid: boolean;
  readonly lastChange?: ChangeStamp;
}

export interface ActualSetting {
  readonly name: string;
  /** `sysconfig_default.id` */
  readonly defaultId: number;
  readonly defaultEffectiveValue: string | null;
  /** Usually zero or one; two or more is a plan error OTRS itself cannot resolve. */
  readonly systemWideRows: readonly SystemWideSettingRow[];
}

export interface AvailabilityColumns {
  readonly customer: string;
  readonly public: string;
}

/**
 * How the database tells names apart (docs/design.md §3). Names are NFC-normalised first; then
 * `exact` (PostgreSQL, deterministic collations): equal only when identical; otherwise
 * (MySQL/MariaDB) equal when the server's `=` under the name column's collation says so — the
 * planner gets the server's answers as keys (src/db/introspect.ts `readNameKeys`), never an imitation.
 */
export type NameComparison = 'exact' | CollationComparison;

/** MySQL/MariaDB: the collations of the name columns, as information_schema reports them (`utf8mb4_unicode_ci`...). */
export interface CollationComparison {
  /** chat_channel.name */
  readonly channelCollation: string;
  /** The group table's name column. */
  readonly groupCollation: string;
}

export interface DatabaseCapabilities {
  readonly dialect: 'postgres' | 'mysql';
  readonly groupTable: GroupTable;
  /** `null` when chat_channel has no availability columns. */
  readonly availabilityColumns: AvailabilityColumns | null;
  readonly nameComparison: NameComparison;
  /** MySQL: false when `chat_channel` text columns cannot hold 4-byte characters. */
  readonly supportsFourByteCharacters: boolean;
}

/** Everything the planner needs to know about the database, read in a fixed number of queries. */
export interface ActualState {
  readonly capabilities: DatabaseCapabilities;
  readonly channels: readonly ActualChannel[];
  readonly groups: readonly ActualGroup[];
  /** Only the settings this project knows, as found in `sysconfig_default`. */
  readonly settings: readonly ActualSetting[];
}

/** Who can read which group, as OTRS computes it (docs/otrs.md, "Agent permissions"). */
export interface AgentPermissions {
  /** Group id → ids of valid agents with at least `ro` on that group (directly, or through a valid role with permission_value = 1; `rw` implies `ro`). A group nobody can read maps to an empty set or is absent. */
  readonly readersByGroup: ReadonlyMap<number, ReadonlySet<number>>;
}

/** The check needs tables an instance (or an embedded folder made before them) may lack: then it is skipped with one reason. */
export type PermissionReading =
  | { readonly kind: 'read'; readonly permissions: AgentPermissions }
  | { readonly kind: 'skipped'; readonly reason: string };
