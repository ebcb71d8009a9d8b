import type { AvailabilityColumns, GroupTable } from '../../model/actual-state.js';
import { statement } from '../statement.js';
import type { Dialect } from './dialect.js';

/**
 * The read queries whose text is the same in every dialect but for identifier quoting: each
 * dialect passes its own quoting helper, so the SQL lives here once.
 */
export function portableReads(q: (identifier: string) => string): Pick<Dialect, 'validQuery' | 'groupsQuery' | 'channelsQuery'> {
  return {
    validQuery: () => statement(`SELECT id, name FROM ${q('valid')} ORDER BY id`),

    groupsQuery: (groupTable: GroupTable) => statement(`SELECT id, name, valid_id FROM ${q(groupTable)} ORDER BY id`),

    channelsQuery: (groupTable: GroupTable, availability: AvailabilityColumns | null) => {
      const flags = availability ? `, c.${q(availability.customer)} AS customer_flag, c.${q(availability.public)} AS public_flag` : '';
      return statement(
        `SELECT c.id, c.name, c.group_id, g.name AS group_name, c.valid_id, c.comments${flags} ` +
          `FROM ${q('chat_channel')} c LEFT JOIN ${q(groupTable)} g ON g.id = c.group_id ORDER BY c.id`,
      );
    },
  };
}
