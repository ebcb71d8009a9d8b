// The layering of docs/architecture.md holds by itself: lint fails on a forbidden import and
// passes on the real code and on the allowed edges. Each case lints text as if it were a file
// of src/ (eslint.config.js decides by path), so nothing on disk changes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

/** Lint problems of `code` as the file `file` (repository path): `line: rule`, plus the message. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  return result.messages.map((m) => `${m.line}: ${m.ruleId ?? 'fatal'} - ${m.message}`);
}

/** Only `line: rule`, to compare. */
async function rules(file: string, code: string): Promise<string[]> {
  return (await lint(file, code)).map((p) => p.replace(/ - .*/s, ''));
}

function real(file: string): string {
  return readFileSync(path.join(repoRoot, file), 'utf8');
}

/** Some module of src/db, whatever its layout: `../db/…` as seen from another src folder. */
function someDbModule(): string {
  const file = readdirSync(path.join(repoRoot, 'src/db'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()[0];
  if (!file) throw new Error('no .ts file in src/db');
  return `../db/${file.split(path.sep).join('/').replace(/\.ts$/, '.js')}`;
}

describe('lint fails for a forbidden import', () => {
  it('node:fs in a pure config file (src/config/to-plain.ts)', async () => {
    expect(await rules('src/config/to-plain.ts', `import 'node:fs';\n${real('src/config/to-plain.ts')}`)).toContain(
      '1: import-x/no-nodejs-modules',
    );
  });

  it('render in plan (src/plan/guard.ts imports ../render/text.js)', async () => {
    const code = `import { renderText } from '../render/text.js';\n${real('src/plan/guard.ts')}\nexport const r = renderText;\n`;
    expect(await rules('src/plan/guard.ts', code)).toContain('1: import-x/no-restricted-paths');
  });

  it('plan in model, type-only (src/model/validity.ts imports type ../plan/plan.js)', async () => {
    const code = `import type { Plan } from '../plan/plan.js';\n${real('src/model/validity.ts')}\nexport type P = Plan;\n`;
    expect(await rules('src/model/validity.ts', code)).toContain('1: import-x/no-restricted-paths');
  });

  it('db in render (src/render/text.ts imports ../db/…)', async () => {
    const code = `import '${someDbModule()}';\n${real('src/render/text.ts')}`;
    expect(await rules('src/render/text.ts', code)).toContain('1: import-x/no-restricted-paths');
  });

  it('cli in db (a file of src/db re-exports from ../cli/main.js)', async () => {
    expect(await rules('src/db/layering-probe.ts', `export * from '../cli/main.js';\n`)).toContain('1: import-x/no-restricted-paths');
  });

  it('an import cycle (src/plan/guard.ts imports ./diff.js, which imports ./guard.js)', async () => {
    expect(real('src/plan/diff.ts')).toMatch(/^import \{[^}]*\bcomputeGuard\b[^}]*\} from '\.\/guard\.js';$/m);
    const problems = await lint('src/plan/guard.ts', `import './diff.js';\n${real('src/plan/guard.ts')}`);
    expect(problems).toContainEqual(expect.stringMatching(/^1: layering\/no-cycle - .*src\/plan\/guard\.ts → src\/plan\/diff\.ts/));
  });

  it('a type-only import cycle (src/plan/change.ts imports type ./plan.js, which imports type ./change.js)', async () => {
    expect(real('src/plan/plan.ts')).toMatch(/^import type \{[^}]*\bChange\b[^}]*\} from '\.\/change\.js';$/m);
    const code = `import type { Plan } from './plan.js';\n${real('src/plan/change.ts')}\nexport type P = Plan;\n`;
    expect(await rules('src/plan/change.ts', code)).toContain('1: layering/no-cycle');
  });
});

describe('lint passes', () => {
  it.each(['src/config/to-plain.ts', 'src/plan/guard.ts', 'src/model/validity.ts', 'src/render/text.ts', 'src/plan/change.ts'])(
    'for the real text of %s',
    async (file) => {
      expect(await lint(file, real(file))).toEqual([]);
    },
  );

  it('for the allowed edges', async () => {
    const allowed: Record<string, string> = {
      'src/config/load.ts': `import { readFile } from 'node:fs/promises';\n${real('src/config/load.ts')}\nexport const r = readFile;\n`,
      'src/config/layering-probe.ts': [
        "import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };",
        "import { findSetting } from '../settings/catalog.js';",
        "import type { DesiredState } from '../model/desired-state.js';",
        "import type { Problem } from '../errors.js';",
        "import { parseDocument } from 'yaml';",
        "import type { LoadedConfig } from './loaded-config.js';",
        'export type T = [DesiredState, Problem, LoadedConfig];',
        'export const v = [schema, findSetting, parseDocument];',
      ].join('\n'),
      'src/plan/layering-probe.ts': [
        "import { createHash } from 'node:crypto';",
        "import { decodeEffectiveValue } from '../settings/codec.js';",
        "import type { ActualState } from '../model/actual-state.js';",
        "import { PlanError } from '../errors.js';",
        'export type T = ActualState;',
        'export const v = [createHash, decodeEffectiveValue, PlanError];',
      ].join('\n'),
      'src/render/layering-probe.ts': [
        "import { diffStates } from '../plan/diff.js';",
        "import type { Plan } from '../plan/plan.js';",
        "import type { SettingValue } from '../model/desired-state.js';",
        "import { formatProblem } from '../errors.js';",
        "import pc from 'picocolors';",
        "export { renderText } from './text.js';",
        'export type T = [Plan, SettingValue];',
        'export const v = [diffStates, formatProblem, pc];',
      ].join('\n'),
      'src/db/layering-probe.ts': [
        "import { SETTING_CATALOG } from '../settings/catalog.js';",
        "import { diffStates } from '../plan/diff.js';",
        "import type { ActualState } from '../model/actual-state.js';",
        "import { DatabaseError } from '../errors.js';",
        "import { readFile } from 'node:fs/promises';",
        "import pg from 'pg';",
        `export * from '${someDbModule().replace('../db/', './')}';`,
        'export type T = ActualState;',
        'export const v = [SETTING_CATALOG, diffStates, DatabaseError, readFile, pg, process.env];',
        "export const lazy = () => import('@electric-sql/pglite');",
      ].join('\n'),
      'src/cli/layering-probe.ts': [
        "import { Command } from 'commander';",
        "import { readConfig } from '../config/index.js';",
        `import '${someDbModule()}';`,
        "import { renderText } from '../render/text.js';",
        "import { writeFile } from 'node:fs/promises';",
        'export const v = [Command, readConfig, renderText, writeFile, process.env];',
        "export const lazy = () => import('./commands/plan.js');",
      ].join('\n'),
    };
    const problems = Object.fromEntries(await Promise.all(Object.entries(allowed).map(async ([file, code]) => [file, await lint(file, code)] as const)));
    expect(problems).toEqual(Object.fromEntries(Object.keys(allowed).map((file) => [file, []])));
  });
});
