// The ESLint rule `layering/no-cycle`: import cycles between repository files, type-only
// imports and import() included. `import-x/no-cycle` always skips `import type`; a cycle of
// types is still a cycle in the layering (docs/architecture.md), so this rule follows every
// import of a file on disk, resolved the way tsc resolves it, and reports the shortest chain.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let compilerOptions;
function tsOptions() {
  if (!compilerOptions) {
    const file = path.join(root, 'tsconfig.json');
    const { config } = ts.readConfigFile(file, ts.sys.readFile);
    compilerOptions = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file).options;
  }
  return compilerOptions;
}

/** The repository file a specifier names, or undefined for packages, built-ins and unresolved ones. */
function resolveLocal(specifier, fromFile) {
  const mode = /\.c[jt]s$/.test(fromFile) ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
  const { resolvedModule } = ts.resolveModuleName(specifier, fromFile, tsOptions(), ts.sys, undefined, undefined, mode);
  if (!resolvedModule || resolvedModule.isExternalLibraryImport) return undefined;
  const file = path.resolve(resolvedModule.resolvedFileName);
  return file.includes(`${path.sep}node_modules${path.sep}`) ? undefined : file;
}

/** Every module specifier in an AST, static, dynamic or in a type: `{ source }` literal nodes. */
function moduleSources(ast) {
  const sources = [];
  const stack = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    let source;
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
      case 'ImportExpression':
        source = node.source;
        break;
      case 'TSImportType':
        source = node.source ?? node.argument?.literal;
        break;
      case 'TSExternalModuleReference':
        source = node.expression;
        break;
    }
    if (source?.type === 'Literal' && typeof source.value === 'string') sources.push(source);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'tokens' || key === 'comments' || key === 'loc' || key === 'range') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof child.type === 'string') stack.push(child);
      }
    }
  }
  return sources;
}

const importsCache = new Map();
/**
 * The repository files a file on disk imports, cached while the file is unchanged (for the
 * life of one ESLint process: a file moved meanwhile is seen by the next run).
 */
function importsOnDisk(file) {
  if (!/\.[cm]?[jt]sx?$/.test(file) || !existsSync(file)) return [];
  const { mtimeMs, size } = statSync(file);
  const cached = importsCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.imports;
  let imports = [];
  try {
    const { ast } = tseslint.parser.parseForESLint(readFileSync(file, 'utf8'), { filePath: file, sourceType: 'module', range: true, loc: true });
    imports = [...new Set(moduleSources(ast).map((s) => resolveLocal(s.value, file)).filter(Boolean))];
  } catch (error) {
    // A syntax error is reported when that file is linted itself; anything else is a bug here.
    if (!(error instanceof Error && 'lineNumber' in error)) throw error;
  }
  importsCache.set(file, { mtimeMs, size, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `goal`, or undefined. */
function pathBack(start, goal) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const next of importsOnDisk(queue[i])) {
      if (next === goal) {
        const chain = [queue[i]];
        while (cameFrom.get(chain[0])) chain.unshift(cameFrom.get(chain[0]));
        return chain;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, queue[i]);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between files, type-only imports and import() included.' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}. Type-only imports count too; move the shared part down a layer (docs/architecture.md).' },
  },
  create(context) {
    const self = path.resolve(context.physicalFilename);
    return {
      Program(program) {
        const reported = new Set();
        for (const source of moduleSources(program)) {
          const target = resolveLocal(source.value, self);
          if (!target || reported.has(target)) continue;
          const chain = target === self ? [] : pathBack(target, self);
          if (!chain) continue;
          reported.add(target);
          const names = [self, ...chain, self].map((f) => path.relative(root, f).split(path.sep).join('/'));
          context.report({ node: source, messageId: 'cycle', data: { chain: names.join(' → ') } });
        }
      },
    };
  },
};
