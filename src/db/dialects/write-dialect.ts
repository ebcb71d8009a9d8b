import type { DatabaseCapabilities } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import type { ChannelRowUpdate, NewChannelRow, SettingInsert, SettingRowUpdate, SqlStatement } from '../write-batches.js';
import { createMysqlWrites } from './mysql-write.js';
import { postgresWrites } from './postgres-write.js';

/**
 * Everything that differs between databases when applying: the apply lock and the text of the
 * batched writes. Each write method returns the statements for its batch — one, or a few where
 * a server limit (MySQL's max_allowed_packet) forces chunks — never one per channel.
 */
export interface WriteDialect {
  /**
   * Takes the apply lock as the first statements of the open transaction `tx`, so that every read
   * after it sees what a previous apply committed; throws LockTimeoutError after `lockTimeoutMs`.
   */
  acquireApplyLock(tx: Db, lockTimeoutMs: number): Promise<void>;
  /** Releases the lock after commit or rollback where it outlives the transaction (MySQL); a no-op where it does not. */
  releaseApplyLock(db: Db): Promise<void>;
  insertChannels(rows: readonly NewChannelRow[], userId: number, caps: DatabaseCapabilities): readonly SqlStatement[];
  updateChannels(rows: readonly ChannelRowUpdate[], userId: number, caps: DatabaseCapabilities): readonly SqlStatement[];
  updateSettingRows(rows: readonly SettingRowUpdate[], userId: number): readonly SqlStatement[];
  insertSettingRows(rows: readonly SettingInsert[], userId: number): readonly SqlStatement[];
}

export function writeDialectFor(name: Db['dialect']): WriteDialect {
  switch (name) {
    case 'postgres':
      return postgresWrites;
    case 'mysql':
      // A fresh one per call (per apply): it keeps the server's packet limit read with the lock.
      return createMysqlWrites();
  }
}
