import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { fsProblem } from '../../src/config/fs-problem.js';
import { compareCodePoints } from '../../src/model/text.js';
import { MAX_FILE_BYTES } from '../../src/config/read-config-file.js';
import { messagesOf, problemsOf, stateOf, withConfig, tmpConfig } from './tmp-config.js';

/** Bytes read through each opened file handle, by path: what "before reading it" is checked against. */
const bytesRead = vi.hoisted(() => new Map<string, number>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof fs.open>): ReturnType<typeof fs.open> => {
    const handle = await fs.open(...args);
    const path = String(args[0]);
    const count = (bytes: number): void => void bytesRead.set(path, (bytesRead.get(path) ?? 0) + bytes);
    const readFile = handle.readFile.bind(handle);
    const read = handle.read.bind(handle);
    handle.readFile = (async (...a: Parameters<typeof readFile>) => {
      const data = await readFile(...a);
      count(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
      return data;
    }) as typeof handle.readFile;
    handle.read = (async (...a: Parameters<typeof read>) => {
      const result = await read(...a);
      count(result.bytesRead);
      return result;
    }) as typeof handle.read;
    return handle;
  };
  return { ...fs, open, default: { ...fs, open } };
});

/** Bytes read from files whose path ends in `name`. */
const bytesReadFrom = (name: string): number =>
  [...bytesRead].filter(([path]) => path.endsWith(`/${name}`)).reduce((sum, [, bytes]) => sum + bytes, 0);

const ok = (name: string): string => `version: 1\nchannels:\n  - name: ${name}\n    group: users\n`;

describe('loadConfig: which files, in which order', () => {
  it('reads a file given by name and shows its path as given', async () => {
    const state = await stateOf({ 'conf/chat.yaml': ok('Sales') }, { paths: ['conf/chat.yaml'] });
    expect(state.files).toEqual(['conf/chat.yaml']);
    expect(state.channels[0]?.location).toEqual({ file: 'conf/chat.yaml', line: 3, column: 5 });
  });

  it('reads a file whose name does not end in .yaml when it is named explicitly', async () => {
    const state = await stateOf({ 'chat.conf': ok('Sales') }, { paths: ['chat.conf'] });
    expect(state.files).toEqual(['chat.conf']);
  });

  it('shows an absolute path when an absolute path was given', async () => {
    await withConfig({ 'a.yaml': 'version: 2\n' }, async (dir) => {
      const loaded = await loadConfig([join(dir, 'a.yaml')]);
      expect(loaded.files.map((f) => f.path)).toEqual([join(dir, 'a.yaml')]);
    });
  });

  it('reads directories recursively in code-point path order, joined to the directory given', async () => {
    const state = await stateOf(
      {
        'conf/b.yaml': ok('B'),
        'conf/a.yml': ok('A'),
        'conf/a/z.yaml': ok('AZ'),
        'conf/B.yaml': ok('Upper B'),
        'conf/sub/c.yaml': ok('C'),
        'conf/ä.yaml': ok('Umlaut'),
        'conf/README.md': '# not config',
        'conf/data.json': '{}',
      },
      { paths: ['conf'] },
    );
    expect(state.files).toEqual(['conf/B.yaml', 'conf/a.yml', 'conf/a/z.yaml', 'conf/b.yaml', 'conf/sub/c.yaml', 'conf/ä.yaml']);
    expect(state.channels.map((c) => c.name)).toEqual(['Upper B', 'A', 'AZ', 'B', 'C', 'Umlaut']);
  });

  it('reads the working directory when no path is given, with paths relative to it', async () => {
    const state = await stateOf({ 'b.yaml': ok('B'), 'sub/a.yaml': ok('A') });
    expect(state.files).toEqual(['b.yaml', 'sub/a.yaml']);
  });

  it('skips dot-folders, dot-files and node_modules, even when they hold broken YAML', async () => {
    const state = await stateOf({
      'chat.yaml': ok('Sales'),
      '.git/config.yaml': 'broken: [',
      '.gitlab-ci.yml': 'stages: [test]',
      'node_modules/pkg/x.yaml': 'broken: [',
      'sub/.hidden/y.yaml': 'broken: [',
    });
    expect(state.files).toEqual(['chat.yaml']);
  });

  it('keeps the order of the paths given, and reads a file reached twice only once', async () => {
    const state = await stateOf({ 'z.yaml': ok('Z'), 'a.yaml': ok('A') }, { paths: ['z.yaml', 'a.yaml', '.', './z.yaml'] });
    expect(state.files).toEqual(['z.yaml', 'a.yaml']);
  });

  it('follows a symbolic link loop without hanging', async () => {
    await withConfig({ 'conf/a.yaml': ok('A') }, async (dir) => {
      symlinkSync(join(dir, 'conf'), join(dir, 'conf', 'loop'));
      const loaded = await loadConfig(['conf'], { cwd: dir });
      expect(loaded.problems).toEqual([]);
      expect(loaded.files.map((f) => f.path)).toEqual(['conf/a.yaml']);
    });
  });

  it('orders by code point, not by UTF-16 unit', () => {
    // U+FF5E (one unit) sorts before U+1F600 (a surrogate pair starting 0xD83D < 0xFF5E in UTF-16).
    expect(['\u{1F600}', '\uFF5E'].sort(compareCodePoints)).toEqual(['\uFF5E', '\u{1F600}']);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
  });
});

describe('loadConfig: paths and files that cannot be read', () => {
  it('reports a missing path without a stack trace, and still reads the other paths', async () => {
    const problems = await problemsOf({ 'a.yaml': 'version: 2\n' }, { paths: ['nope.yaml', 'a.yaml'] });
    expect(problems.map((p) => p.code)).toEqual(['path-not-found', 'invalid-value']);
    expect(problems[0]).toMatchObject({ message: 'cannot read "nope.yaml": it does not exist' });
    expect(problems[0]?.location).toBeUndefined();
  });

  it('reports a directory without YAML files', async () => {
    const messages = await messagesOf({ 'conf/README.md': 'hi' }, { paths: ['conf'] });
    expect(messages).toEqual(['no *.yaml or *.yml files in "conf" (pass the directory that holds the config, or the files themselves)']);
  });

  it('reports an empty working directory', async () => {
    const messages = await messagesOf({});
    expect(messages[0]).toMatch(/^no \*\.yaml or \*\.yml files in the current directory/);
  });

  it('refuses a device or FIFO instead of blocking on it', async () => {
    const problems = await problemsOf({}, { paths: ['/dev/null'] });
    expect(problems).toEqual([expect.objectContaining({ code: 'not-a-file', message: 'cannot read "/dev/null": it is not a regular file' })]);
  });

  it.skipIf(!hasMkfifo())('refuses a FIFO named *.yaml found in a directory', async () => {
    await withConfig({ 'conf/a.yaml': ok('A') }, async (dir) => {
      execFileSync('mkfifo', [join(dir, 'conf', 'pipe.yaml')]);
      const loaded = await loadConfig(['conf'], { cwd: dir });
      expect(loaded.problems.map((p) => p.code)).toEqual(['not-a-file']);
      expect(loaded.files.map((f) => f.path)).toEqual(['conf/a.yaml']);
    });
  });

  it('reports an unreadable file (permission denied), also when the tests run as root', async () => {
    const tmp = tmpConfig({ 'secret.yaml': ok('Secret'), 'open.yaml': ok('Open') });
    try {
      chmodSync(tmp.dir, 0o755);
      chmodSync(join(tmp.dir, 'secret.yaml'), 0o000);
      // Root reads any file whatever its mode; drop the effective user for the read, as the
      // process may switch back because its real user is still root.
      const asRoot = process.getuid?.() === 0 && typeof process.seteuid === 'function';
      if (asRoot) process.seteuid!(65534);
      let loaded;
      try {
        loaded = await loadConfig(['secret.yaml', 'open.yaml'], { cwd: tmp.dir });
      } finally {
        if (asRoot) process.seteuid!(0);
      }
      expect(loaded.problems).toEqual([
        { code: 'unreadable', message: 'cannot read "secret.yaml": permission denied', location: { file: 'secret.yaml', line: 1, column: 1 }, hint: 'check the permissions of the file and the directories above it' },
      ]);
      expect(loaded.files.map((f) => f.path)).toEqual(['open.yaml']);
    } finally {
      tmp.cleanup();
    }
  });

  it('describes any file-system error in one sentence', () => {
    expect(fsProblem(Object.assign(new Error('x'), { code: 'EACCES' }), 'a.yaml').message).toBe('cannot read "a.yaml": permission denied');
    expect(fsProblem(Object.assign(new Error('x'), { code: 'EMFILE' }), 'a.yaml').hint).toMatch(/ulimit/);
    expect(fsProblem(Object.assign(new Error('disk on fire'), { code: 'EWEIRD' }), 'a.yaml').message).toBe('cannot read "a.yaml": disk on fire');
    expect(fsProblem('odd', 'a.yaml').message).toBe('cannot read "a.yaml": odd');
  });

  it('refuses a file over 16 MB before reading it', async () => {
    await withConfig({ 'a.yaml': ok('A') }, async (dir) => {
      writeFileSync(join(dir, 'big.yaml'), '');
      // Sparse and all NUL bytes: had it been read, it would be "not a text file" instead.
      truncateSync(join(dir, 'big.yaml'), 17 * 1024 * 1024);
      bytesRead.clear();
      const loaded = await loadConfig([], { cwd: dir });
      expect(bytesReadFrom('big.yaml')).toBe(0);
      expect(bytesReadFrom('a.yaml')).toBe(ok('A').length);
      expect(loaded.problems).toEqual([
        { code: 'file-too-large', message: 'file is too large: 17.0 MB, at most 16 MB', location: { file: 'big.yaml', line: 1, column: 1 }, hint: 'split the configuration into several files' },
      ]);
      expect(loaded.files.map((f) => f.path)).toEqual(['a.yaml']);
    });
  });

  it('accepts a file of exactly 16 MiB as far as size goes', async () => {
    await withConfig({}, async (dir) => {
      writeFileSync(join(dir, 'edge.yaml'), '');
      truncateSync(join(dir, 'edge.yaml'), MAX_FILE_BYTES);
      const loaded = await loadConfig([], { cwd: dir });
      expect(loaded.problems.map((p) => p.code)).toEqual(['not-text']);
    });
  });

  it('refuses binary files: NUL bytes, invalid UTF-8, UTF-16', async () => {
    const problems = await problemsOf({
      'a.yaml': new Uint8Array([0x76, 0x00, 0x01]),
      'b.yaml': new Uint8Array([0x76, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
      'c.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]),
    });
    expect(problems.map((p) => `${p.location?.file}: ${p.message}`)).toEqual([
      'a.yaml: not a text file: it contains NUL bytes',
      'b.yaml: not a text file: it is not valid UTF-8',
      'c.yaml: not a text file: it contains NUL bytes',
    ]);
  });

  it('accepts a UTF-8 byte-order mark without shifting columns', async () => {
    const messages = await messagesOf({ 'a.yaml': '\uFEFFversion: 2\n' });
    expect(messages).toEqual(['a.yaml:1:10: `version` must be 1, got the number 2']);
  });

  it('collects problems from every file instead of stopping at the first', async () => {
    const problems = await problemsOf({ 'a.yaml': '', 'b.yaml': '- x\n', 'c.yaml': 'version: 1\nchannels: [\n', 'd.yaml': new Uint8Array([0]) });
    expect(problems.map((p) => `${p.location?.file} ${p.code}`)).toEqual(['a.yaml empty-file', 'b.yaml not-a-mapping', 'c.yaml yaml-syntax', 'd.yaml not-text']);
  });
});

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
