import { describe, expect, test } from 'vitest';
import { mysqlDdl } from '../../src/db/dialects/mysql.js';
import { postgres } from '../../src/db/dialects/postgres.js';
import { OTRS_SEED, readOtrsSchemaSql, renderOtrsSchema, seedEffectiveValue } from '../../src/db/otrs-schema.js';
import { splitSqlScript } from '../../src/db/sql-script.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';

describe('the OTRS schema', () => {
  test('the shipped otrs-schema.sql is the PostgreSQL rendering of otrs-schema.ts (regenerate with -u)', async () => {
    await expect(renderOtrsSchema(postgres.ddl)).toMatchFileSnapshot('../../src/db/otrs-schema.sql');
  });

  test('the MySQL rendering (utf8mb4) is checked in beside the tests for review (regenerate with -u)', async () => {
    await expect(renderOtrsSchema(mysqlDdl('utf8mb4'))).toMatchFileSnapshot('../fixtures/db/otrs-schema.mysql.sql');
  });

  test('the file read at run time is that rendering', () => {
    expect(readOtrsSchemaSql()).toBe(renderOtrsSchema(postgres.ddl));
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
    const setting = SETTING_CATALOG.find((s) => s.name === name);
    expect(setting && seedEffectiveValue(setting)).toBe(stored);
  });

  test('every catalog setting is seeded, once', () => {
    const rows = OTRS_SEED.find((i) => i.table === 'sysconfig_default')?.rows ?? [];
    expect(rows.map((r) => r[0])).toEqual(SETTING_CATALOG.map((s) => s.name));
  });

  test('a seed that would need real YAML quoting is refused, not guessed', () => {
    for (const seed of ['true', 'null', '007', 'a: b', 'Line\nbreak']) {
      expect(() => seedEffectiveValue({ name: 'X', type: 'text', description: '', seed })).toThrow(/quoting/);
    }
  });

  test('the seed values are written as escape-string literals that keep the trailing newline', () => {
    expect(readOtrsSchemaSql()).toContain("E'--- ''1''\\n'");
    expect(readOtrsSchemaSql()).toContain("E'--- Default channel\\n'");
  });

  test('the rendering splits into whole statements', () => {
    const statements = splitSqlScript(readOtrsSchemaSql());
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(7);
    expect(statements.every((s) => /^(CREATE|INSERT|ALTER)\b/.test(s))).toBe(true);
  });
});
