/** The three rows of OTRS's `valid` table, by name. A fresh install has ids 1, 2, 3. */
export const VALIDITIES = ['valid', 'invalid', 'invalid-temporarily'] as const;
export type Validity = (typeof VALIDITIES)[number];

/** What happens to a channel that is in the database but in no config file. */
export const REMOVED_CHANNEL_POLICIES = ['invalid', 'invalid-temporarily', 'keep'] as const;
export type RemovedChannelPolicy = (typeof REMOVED_CHANNEL_POLICIES)[number];
