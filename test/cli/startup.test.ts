import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, withTempDir } from './run-cli.js';

/**
 * Start-up costs what a command uses and no more (issue 11): `--version` and `--help` load no
 * config, database or rendering code, and `validate` of a config in the common shape loads
 * neither the YAML parser nor ajv (the fast path reads it; the schema validator is compiled at
 * build time) nor any database driver. Modules are listed by an import hook in the child, not
 * timed.
 */
const HOOKS = `export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n');
  return next(url, context);
}
`;

/** The files the binary's ES module loader loaded for `args` (CommonJS dependencies of a package not listed). */
async function modulesLoaded(args: (dir: string) => string[]): Promise<{ code: number | null; stdout: string; modules: string[] }> {
  return withTempDir(async (dir) => {
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    writeFileSync(join(dir, 'chat.yaml'), 'version: 1\nchannels:\n  - name: Sales\n    group: users\n    comment: Questions before buying\n    previousNames: [Shop]\n');
    const r = await runCli(args(dir), { env: { NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'register.mjs')).href}` } });
    const modules = [...r.stderr.matchAll(/^loaded (\S+)$/gm)].map((m) => m[1] ?? '');
    return { code: r.code, stdout: r.stdout, modules };
  });
}

const packageOf = (url: string): string | undefined => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
const sourceFolderOf = (url: string): string | undefined => /\/dist\/src\/([^/]+)\//.exec(url)?.[1];

describe('start-up loads only what the command uses', () => {
  it.each([['--version'], ['--help']])('%s: the command-line parser alone', async (flag) => {
    const r = await modulesLoaded(() => [flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe('');
    expect(r.modules.some((m) => m.endsWith('/dist/src/cli/main.js'))).toBe(true);
    expect(new Set(r.modules.map(packageOf).filter((p) => p !== undefined))).toEqual(new Set(['commander']));
    expect(r.modules.map(sourceFolderOf).filter((f) => f !== undefined && f !== 'cli')).toEqual([]);
  });

  it('validate of a config in the common shape: no YAML parser, no ajv, no database driver', async () => {
    const r = await modulesLoaded((dir) => ['validate', join(dir, 'chat.yaml')]);
    expect(r.stdout).toBe('✓ 1 channel, 0 settings in 1 file\n');
    expect(r.modules.some((m) => m.endsWith('/dist/src/config/simple-yaml.js'))).toBe(true);
    expect(new Set(r.modules.map(packageOf).filter((p) => p !== undefined))).toEqual(new Set(['commander']));
    expect(r.modules.map(sourceFolderOf).filter((f) => f === 'db' || f === 'render')).toEqual([]);
  });
});

describe('a plan loads the driver of its own database only', () => {
  it('plan on the embedded database: neither pg nor mysql2, no ajv', async () => {
    const r = await modulesLoaded((dir) => ['plan', join(dir, 'chat.yaml'), '--database', `embedded:${join(dir, 'db')}`, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sales');
    const packages = new Set(r.modules.map(packageOf).filter((p) => p !== undefined));
    expect(packages.has('@electric-sql/pglite')).toBe(true);
    // (`yaml` stays: the settings codec reads unusual stored values with it.)
    for (const unused of ['pg', 'mysql2', 'ajv', 'ajv-formats']) expect(packages.has(unused), unused).toBe(false);
  });
});
