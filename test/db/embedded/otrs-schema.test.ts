import { describe, expect, test } from 'vitest';
import { mysqlDdl } from '../../../src/db/dialects/mysql-ddl.js';
import { postgresDdl } from '../../../src/db/dialects/postgres-ddl.js';
import { OTRS_SEED, readOtrsSchemaSql, renderOtrsSchema } from '../../../src/db/embedded/otrs-schema.js';
import { splitSqlScript } from '../../../src/db/embedded/sql-script.js';
import { SETTING_CATALOG } from '../../../src/settings/catalog.js';

describe('the OTRS schema', () => {
  test('the shipped otrs-schema.sql is the PostgreSQL rendering of otrs-schema.ts (regenerate with -u)', async () => {
    await expect(renderOtrsSchema(postgresDdl)).toMatchFileSnapshot('../../../src/db/embedded/otrs-schema.sql');
  });

  test('the MySQL rendering (utf8mb4) is checked in beside the tests for review (regenerate with -u)', async () => {
    await expect(renderOtrsSchema(mysqlDdl('utf8mb4'))).toMatchFileSnapshot('../../fixtures/db/otrs-schema.mysql.sql');
  });

  test('the file read at run time is that rendering', () => {
    expect(readOtrsSchemaSql()).toBe(renderOtrsSchema(postgresDdl));
  });

  test.each([
    ['ChatEngine::Active', "--- '0'\n"],
    ['ChatEngine::ChatDirection::CustomerToAgent', "--- '1'\n"],
    ['ChatEngine::PermissionGroup::ChatReceivingAgents', '--- users\n'],
    ['ChatEngine::PermissionGroup::ChatNotificationAgents', "--- ''\n"],
    ['ChatEngine::DefaultChatChannel', '--- Default channel\n'],
    ['ChatEngine::ChatTTL', "--- '720'\n"],
    ['ChatEngine::ChatDecayTime', "--- '90'\n"],
  ])('%s is seeded as OTRS stores it', (name, stored) => {
    const rows = OTRS_SEED.find((i) => i.table === 'sysconfig_default')?.rows ?? [];
    expect(rows.find((r) => r[0] === name)?.[4]).toBe(stored);
  });

  test('every catalog setting is seeded, once', () => {
    const rows = OTRS_SEED.find((i) => i.table === 'sysconfig_default')?.rows ?? [];
    expect(rows.map((r) => r[0])).toEqual(SETTING_CATALOG.map((s) => s.name));
  });

  test('the seed values are written as escape-string literals that keep the trailing newline', () => {
    expect(readOtrsSchemaSql()).toContain("E'--- ''1''\\n'");
    expect(readOtrsSchemaSql()).toContain("E'--- Default channel\\n'");
  });

  test('the rendering splits into whole statements', () => {
    const statements = splitSqlScript(readOtrsSchemaSql());
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(10);
    expect(statements.every((s) => /^(CREATE|INSERT|ALTER)\b/.test(s))).toBe(true);
  });
});
