import { expect } from 'vitest';
import { openDatabase } from '../../../src/db/connect.js';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import { ConnectionError } from '../../../src/errors.js';

/** Distinctive, with characters that are percent-encoded in a URL. */
export const PASSWORD = 'Tr0ub4dor&3:pw@x';
export const ENCODED = encodeURIComponent(PASSWORD);

/** The password appears nowhere: not in the message, the stack, or any property. */
export function expectNoPassword(err: Error): void {
  const everything = `${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err)}`;
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(ENCODED);
  expect(everything).not.toContain('Tr0ub4dor');
}

/** Opens `url` expecting a ConnectionError that never shows the password, and returns it. */
export async function connectError(url: string, env: Record<string, string> = {}): Promise<ConnectionError> {
  try {
    const db = await openDatabase(resolveDatabaseTarget(url, env, '/tmp'), { lockTimeoutMs: 0 });
    await db.close();
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectionError);
    expectNoPassword(err as Error);
    return err as ConnectionError;
  }
  throw new Error('expected the connection to fail');
}
