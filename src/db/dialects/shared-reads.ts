import type { AvailabilityColumns, GroupTable } from '../../model/actual-state.js';
import { statement } from '../statement.js';
import type { Dialect } from './dialect.js';

/**
 * The read queries whose text is the same in every dialect but for identifier quoting, the
 * text form of a timestamp and how a list is bound: each dialect passes its own helpers, so
 * the SQL lives here once. Who changed a row last (`change_by` as a login, `change_time`) is
 * read along, to explain a stale plan (docs/design.md §6).
 */
export function portableReads(
  q: (identifier: string) => string,
  timeText: (column: string) => string,
  oneOf: (values: readonly string[]) => { readonly sql: string; readonly params: readonly unknown[] },
  nameWeight?: (column: string) => string,
): Pick<Dialect, 'validQuery' | 'groupsQuery' | 'channelsQuery' | 'settingsQuery'> {
  /** Where names compare under a collation: each row's name key as the server weighs it, read with the row (`name_weight`). */
  const weight = (column: string): string => (nameWeight ? `, ${nameWeight(column)} AS name_weight` : '');
  return {
    validQuery: () => statement(`SELECT id, name FROM ${q('valid')} ORDER BY id`),

    groupsQuery: (groupTable: GroupTable) => statement(`SELECT g.id, g.name, g.valid_id${weight('g.name')} FROM ${q(groupTable)} g ORDER BY g.id`),

    // The rows as stored, and no more: the group's name comes from the groups read (a join cost
    // a third of the statement on PostgreSQL at 10,000 rows), and who changed each row and when
    // (another third: the join and the time's text) only where it is shown or stored
    // (IntrospectOptions.stamps). No ORDER BY: introspect puts the rows in id order itself, and they
    // nearly always come in it (PostgreSQL's sort of 10,000 rows took 2–7 ms on the server; a new
    // session's first large sorts are the slow ones, and a CLI run is a new session).
    channelsQuery: (availability: AvailabilityColumns | null, stamps = true) => {
      const flags = availability ? `, c.${q(availability.customer)} AS customer_flag, c.${q(availability.public)} AS public_flag` : '';
      const who = stamps ? `, u.login AS change_login, ${timeText('c.change_time')} AS change_at` : '';
      const users = stamps ? ` LEFT JOIN ${q('users')} u ON u.id = c.change_by` : '';
      return statement(`SELECT c.id, c.name, c.group_id, c.valid_id, c.comments${flags}${who}${weight('c.name')} FROM ${q('chat_channel')} c${users}`);
    },

    settingsQuery: (names) => {
      const known = oneOf(names);
      return statement(
        'SELECT d.id, d.name, d.effective_value, m.id AS modified_id, m.effective_value AS modified_value, m.is_valid AS modified_is_valid, ' +
          `u.login AS modified_login, ${timeText('m.change_time')} AS modified_at ` +
          `FROM ${q('sysconfig_default')} d LEFT JOIN ${q('sysconfig_modified')} m ON m.sysconfig_default_id = d.id AND m.user_id IS NULL ` +
          `LEFT JOIN ${q('users')} u ON u.id = m.change_by ` +
          `WHERE d.name ${known.sql} ORDER BY d.id, m.id`,
        known.params,
      );
    },
  };
}
