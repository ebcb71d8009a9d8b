import type { DatabaseCapabilities } from '../../model/actual-state.js';
import type { Db, TransactionOptions } from '../db.js';
import type { Statement } from '../statement.js';
import type { ChannelRowUpdate, NewChannelRow, SettingInsert, SettingRowUpdate } from '../write-batches.js';

/**
 * Everything that differs between databases when applying: the apply lock and the text of the
 * batched writes. Each write method returns the statements for its batch — one, or a few where
 * a server limit (MySQL's max_allowed_packet) forces chunks — never one per channel.
 */
export interface WriteDialect {
  /** How the apply's transaction starts, where the lock needs more than the default. */
  readonly applyTransaction?: TransactionOptions;
  /**
   * Takes the apply lock as the first statements of the open transaction `tx`, so that every read
   * after it sees what a previous apply committed; throws LockTimeoutError after `lockTimeoutMs`.
   */
  acquireApplyLock(tx: Db, lockTimeoutMs: number): Promise<void>;
  /** Releases the lock after commit or rollback where it outlives the transaction (MySQL); a no-op where it does not. */
  releaseApplyLock(db: Db): Promise<void>;
  insertChannels(rows: readonly NewChannelRow[], userId: number, caps: DatabaseCapabilities): readonly Statement[];
  updateChannels(rows: readonly ChannelRowUpdate[], userId: number, caps: DatabaseCapabilities): readonly Statement[];
  updateSettingRows(rows: readonly SettingRowUpdate[], userId: number): readonly Statement[];
  insertSettingRows(rows: readonly SettingInsert[], userId: number): readonly Statement[];
}
