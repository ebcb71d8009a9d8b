// Lint exists for one rule above all: imports run one way through the pipeline (STYLE.md).
// config → model; plan → model, settings; render → plan, model; db → model, plan, settings; cli → all.
import tseslint from 'typescript-eslint';

const nodeAndDrivers = [
  { group: ['node:*', '!node:crypto', 'fs', 'path', 'os', 'child_process', 'process'], message: 'pure stage: no Node built-ins (file system, process)' },
  { group: ['pg', 'pg-*', 'mysql2', 'mysql2/*', '@electric-sql/*'], message: 'pure stage: no database drivers' },
  { group: ['commander', '**/cli/**'], message: 'pure stage: no CLI imports' },
  { group: ['**/db/**', '**/db'], message: 'pure stage: the database layer depends on this, not the other way' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.otrs-chat-config/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['src/plan/**/*.ts', 'src/render/**/*.ts', 'src/model/**/*.ts', 'src/config/validate.ts', 'src/config/rules.ts', 'src/settings/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeAndDrivers, { group: ['**/config/load*', '**/config/load'], message: 'pure stage: no file loading' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'pure stage: no process access' }],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeAndDrivers, { group: ['**/plan/**', '**/render/**', '**/config/**'], message: 'model depends on nothing' }] }],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['commander', '**/cli/**', '**/render/**'], message: 'db layer: no CLI or rendering imports' }] }],
    },
  },
);
