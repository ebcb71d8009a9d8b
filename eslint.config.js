// Lint exists to make the layering of docs/architecture.md hold by itself. It enforces:
//
// 1. Which files each folder of src/ may import (`LAYERS` below, the one statement of it).
//    Every folder may import itself and src/errors.ts; src/cli/** and src/index.ts (the library
//    API) import anything. Counted: `import`, `import type`, `export … from`, `import()` and
//    `import x = require()`, resolved to files the way tsc resolves them (`./x.js` → `./x.ts`).
// 2. Pure files stay free of Node: all of model, settings, plan, render, export, src/errors.ts and
//    config except the files that read the config from disk (`PURE`, `READS_FILES`). Pure
//    files import no Node built-in (`node:crypto` excepted: plan/fingerprint.ts hashes with
//    it), no database driver, no commander, and use no Node global (`process`, `Buffer`, …).
//    Pure config files do not import the files that read from disk (only config/index.ts,
//    which joins loading and validation, does). Third-party pure libraries (yaml, ajv, diff,
//    picocolors) are allowed. Imports the rules could not check are refused: `import()` in
//    pure files, `import('…').T` types anywhere in src/.
// 3. No import cycles between files of src/ and test/, type-only imports included: a cycle of
//    types is a cycle in the layering even though tsc erases it. (`import-x/no-cycle` always
//    skips `import type`, hence the small rule `layering/no-cycle` in scripts/lint/no-cycle.js.)
//
// test/lint/layering.test.ts checks that a forbidden import fails lint and an allowed one passes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { noCycle } from './scripts/lint/no-cycle.js';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * What each part of src/ may import besides its own folder and src/errors.ts: src folders, or
 * repository files (globs). Parts not listed (src/cli, src/index.ts, test, bench) import anything.
 */
const LAYERS = {
  'src/model': [],
  'src/settings': ['src/model'],
  'src/config': ['src/model', 'src/settings', 'schema/*.json'],
  'src/plan': ['src/model', 'src/settings'],
  'src/render': ['src/model', 'src/plan'],
  'src/db': ['src/model', 'src/plan', 'src/settings'],
  'src/export': ['src/model', 'src/settings', 'src/plan', 'src/config', 'schema/*.json'],
  'src/errors.ts': ['src/model'],
};

/** Files that must not depend on Node, drivers or the CLI. */
const PURE = ['src/model/**/*.ts', 'src/settings/**/*.ts', 'src/plan/**/*.ts', 'src/render/**/*.ts', 'src/config/**/*.ts', 'src/export/**/*.ts', 'src/errors.ts'];
/** The config files that read from disk: exempt from the Node-free rule. */
const READS_FILES = ['src/config/load*.ts', 'src/config/read-config-file.ts', 'src/config/find-config-files.ts', 'src/config/fs-problem.ts'];

/** A minimatch pattern for a repository path: a folder and all below it, a file, or a glob. */
function absoluteGlob(p) {
  const absolute = path.join(root, p);
  if (/[*?[{]/.test(p)) return absolute;
  // `[s]` makes a file name a pattern that matches just that file (zone exceptions must be globs).
  return /\.\w+$/.test(p) ? absolute.replace(/.$/, '[$&]') : `${absolute}/**`;
}

const layerZones = Object.entries(LAYERS).map(([part, allowed]) => {
  const others = [...new Set([...allowed, 'src/errors.ts'])].filter((p) => p !== part);
  return {
    target: part,
    from: path.join(root, '**'),
    except: [part, ...others, 'node_modules'].map(absoluteGlob),
    message: `${part} may import only ${others.join(', ')} besides itself (docs/architecture.md).`,
  };
});

const drivers = { group: ['pg', 'pg/*', 'pg-*', 'mysql2', 'mysql2/*', '@electric-sql/*'], message: 'pure file: no database drivers (docs/architecture.md).' };
const cli = { group: ['commander', 'commander/*'], message: 'pure file: no CLI library (docs/architecture.md).' };
const fileReaders = {
  regex: '(^|/)(load|read-config-file|find-config-files|fs-problem)(\\.[jt]s)?$',
  message: 'pure config file: only config/index.ts joins the files that read from disk (docs/architecture.md).',
};
const nodeGlobals = ['process', 'Buffer', 'global', '__dirname', '__filename'].map((name) => ({
  name,
  message: 'pure file: no Node globals; take what you need as a parameter (docs/architecture.md).',
}));
const typeofImport = { selector: 'TSImportType', message: 'write `import type` at the top, so the layering rules see the import.' };
const dynamicImport = { selector: 'ImportExpression', message: 'pure file: import statically, so the layering rules see the import.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.otrs-chat-config/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    plugins: { layering: { rules: { 'no-cycle': noCycle } } },
    rules: { 'layering/no-cycle': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(root, 'tsconfig.json') })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
      'no-restricted-syntax': ['error', typeofImport],
    },
  },
  {
    files: PURE,
    ignores: READS_FILES,
    rules: {
      'import-x/no-nodejs-modules': ['error', { allow: ['node:crypto'] }],
      'no-restricted-imports': ['error', { patterns: [drivers, cli] }],
      'no-restricted-globals': ['error', ...nodeGlobals],
      'no-restricted-properties': ['error', { object: 'globalThis', property: 'process', message: 'pure file: no process access.' }],
      'no-restricted-syntax': ['error', typeofImport, dynamicImport],
    },
  },
  {
    files: ['src/config/**/*.ts'],
    ignores: [...READS_FILES, 'src/config/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [drivers, cli, fileReaders] }] },
  },
);
