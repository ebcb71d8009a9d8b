import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { expectValidOutput } from '../schema/output-schemas.js';
import { repoRoot, runCli, withTempDir } from './run-cli.js';

/**
 * Issue 10 through the real binary, on the embedded database: a config without `channels`,
 * the all-but-the-default-channel guard, the channels `keep` leaves alone, the default-channel
 * note, and names holding characters a terminal would hide.
 */
const smallShop = join(repoRoot, 'examples', 'small-shop');
const DB = ['--database', 'embedded:db'];

/** Characters a terminal shows as nothing, or that reorder what follows them. */
const HIDDEN = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u061C]/u;

async function shopApplied(dir: string): Promise<void> {
  const r = await runCli(['apply', smallShop, ...DB, '--yes', '--quiet'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
}

function write(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

describe('a config without channels does not manage channels', () => {
  it('plans no invalidation for a settings-only file, and says channels are not managed in every format', async () => {
    await withTempDir(async (dir) => {
      await shopApplied(dir);
      write(dir, 'settings.yaml', 'version: 1\nsettings:\n  ChatEngine::DefaultAgentName: Night shift\n');

      const text = await runCli(['plan', 'settings.yaml', ...DB], { cwd: dir });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).not.toMatch(/- channel/);
      expect(text.stdout).toMatch(/^Channels are not managed: no configuration file has a "channels" key, so the 3 channels in the database are left as they are \("channels: \[\]" would say there are none\)\.$/m);
      expect(text.stdout).toMatch(/^Plan: 0 to create, 0 to change, 0 to invalidate, 1 setting to change\.$/m);

      const md = await runCli(['plan', 'settings.yaml', ...DB, '--format', 'markdown'], { cwd: dir });
      expect(md.stdout).toMatch(/^> \[!NOTE\]\n> Channels are not managed: no configuration file has a "channels" key/m);
      expect(md.stdout).not.toMatch(/invalidates/);

      const json = await runCli(['plan', 'settings.yaml', ...DB, '--format', 'json'], { cwd: dir });
      const doc = expectValidOutput('plan.schema.json', json.stdout);
      expect(doc.unmanagedChannels).toEqual({ reason: 'no-channels-key', count: 3 });
      expect(doc.summary).toMatchObject({ invalidate: 0 });
    });
  });

  it('applies one file of a split config without invalidating the channels of the others', async () => {
    await withTempDir(async (dir) => {
      await shopApplied(dir);
      write(dir, 'settings.yaml', 'version: 1\nsettings:\n  ChatEngine::DefaultAgentName: Night shift\n');
      const a = await runCli(['apply', 'settings.yaml', ...DB, '--yes'], { cwd: dir });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stderr).toMatch(/Applied: 0 created, 0 changed, 0 invalidated, 1 setting changed/);
      const after = await runCli(['plan', 'settings.yaml', ...DB, '--format', 'json'], { cwd: dir });
      const doc = expectValidOutput('plan.schema.json', after.stdout);
      expect(doc.state.channels.map((c: { name: string; valid: string }) => [c.name, c.valid]).sort()).toEqual([
        ['Default channel', 'valid'],
        ['Internal escalation', 'valid'],
        ['Orders and delivery', 'valid'],
      ]);
    });
  });
});

describe('invalidating every valid channel but the default channel', () => {
  it('is refused below the guard\'s minimum too, with the count; --allow-mass-invalidation lets it through', async () => {
    await withTempDir(async (dir) => {
      await shopApplied(dir);
      // `channels: []` says "no channels": both channels other than the default one go.
      write(dir, 'none.yaml', 'version: 1\nchannels: []\n');

      const plan = await runCli(['plan', 'none.yaml', ...DB, '--format', 'json', '--out', 'plan.json'], { cwd: dir });
      const doc = expectValidOutput('plan.schema.json', plan.stdout);
      expect(doc.guard).toMatchObject({ validNow: 3, invalidating: 2, invalidatesAllButDefault: true, exceeded: true });
      expect(plan.stderr).toMatch(/apply will refuse this plan/);

      const text = await runCli(['plan', 'none.yaml', ...DB], { cwd: dir });
      expect(text.stdout).toMatch(/^Mass-invalidation guard: this plan invalidates every valid channel other than the default channel \(2 of the 3 valid channels\)\.$/m);
      expect(text.stdout).toMatch(/--allow-mass-invalidation/);

      const refused = await runCli(['apply', 'none.yaml', ...DB, '--yes'], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refusing to invalidate every valid channel other than the default channel \(2 of the 3 valid channels\)/);
      // The saved plan holds the same verdict, and apply --plan enforces it.
      const saved = await runCli(['apply', '--plan', 'plan.json', 'none.yaml', ...DB, '--yes'], { cwd: dir });
      expect(saved.code).toBe(1);
      expect(saved.stderr).toMatch(/every valid channel other than the default channel/);

      const allowed = await runCli(['apply', 'none.yaml', ...DB, '--yes', '--allow-mass-invalidation'], { cwd: dir });
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toMatch(/Applied: 0 created, 0 changed, 2 invalidated/);
    });
  });
});

describe('reconcile.removedChannels: keep', () => {
  it('says how many channels the plan leaves unmanaged', async () => {
    await withTempDir(async (dir) => {
      await shopApplied(dir);
      write(dir, 'keep.yaml', 'version: 1\nchannels:\n  - { name: Default channel, group: users, comment: Default chat channel }\nreconcile:\n  removedChannels: keep\n');

      const text = await runCli(['plan', 'keep.yaml', ...DB], { cwd: dir });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toBe('Left unmanaged: 2 channels in the database are in no configuration file; reconcile.removedChannels: keep leaves them as they are.\n\nNo changes.\n');

      const md = await runCli(['plan', 'keep.yaml', ...DB, '--format', 'markdown'], { cwd: dir });
      expect(md.stdout).toMatch(/^> \[!NOTE\]\n> Left unmanaged: 2 channels in the database are in no configuration file/m);

      const json = await runCli(['plan', 'keep.yaml', ...DB, '--format', 'json'], { cwd: dir });
      expect(expectValidOutput('plan.schema.json', json.stdout).unmanagedChannels).toEqual({ reason: 'keep', count: 2 });
    });
  });
});

describe('the default channel\'s note', () => {
  it('says chat is being switched on only when it is', async () => {
    await withTempDir(async (dir) => {
      write(dir, 'on.yaml', 'version: 1\nsettings:\n  ChatEngine::Active: true\n');
      const fresh = await runCli(['plan', 'on.yaml', ...DB], { cwd: dir });
      expect(fresh.stdout).toMatch(/^ {2}\+ channel "Default channel" +\(default channel: chat is being switched on\)$/m);

      await shopApplied(dir);
      // Chat is on already; naming another default channel makes the plan create it.
      write(dir, 'lobby.yaml', 'version: 1\nsettings:\n  ChatEngine::Active: true\n  ChatEngine::DefaultChatChannel: Lobby\n');
      const on = await runCli(['plan', 'lobby.yaml', ...DB], { cwd: dir });
      expect(on.code, on.stderr).toBe(0);
      expect(on.stdout).toMatch(/^ {2}\+ channel "Lobby" +\(default channel: it is missing and chat is on\)$/m);
      expect(on.stdout).not.toMatch(/switched on/);
      const md = await runCli(['plan', 'lobby.yaml', ...DB, '--format', 'markdown'], { cwd: dir });
      expect(md.stdout).toMatch(/^\+ channel "Lobby" +\(default channel: it is missing and chat is on\)$/m);
    });
  });
});

describe('characters a terminal would hide', () => {
  // A config may not give a channel such a name any more, but a database may hold one.
  const hiddenName = 'Sal\u200Bes\u202Eexe.txt';
  const shown = '"Sal\\u200Bes\\u202Eexe.txt"';
  const goneName = 'Gone\u2066\u00AD';
  const goneShown = '"Gone\\u2066\\u00AD"';
  const config =
    'version: 1\nsettings:\n  ChatEngine::DefaultAgentName: "Shop\\u2066 Support"\nchannels:\n' +
    '  - name: Sales\n    group: users\n    comment: "zero\\u200Dwidth"\n    previousNames: ["Sal\\u200Bes\\u202Eexe.txt"]\n';

  /** The embedded database with two rows whose names hold hidden characters, written as OTRS (or anybody) could. */
  async function seeded(dir: string): Promise<void> {
    write(dir, 'empty.yaml', 'version: 1\nchannels: []\n');
    expect((await runCli(['apply', 'empty.yaml', ...DB, '--yes'], { cwd: dir })).code).toBe(0);
    await sql(dir, async (db) => {
      for (const name of [hiddenName, goneName]) {
        await db.query(
          "INSERT INTO chat_channel (name, group_id, valid_id, comments, create_time, create_by, change_time, change_by) VALUES ($1, 1, 1, '', current_timestamp, 1, current_timestamp, 1)",
          [name],
        );
      }
    });
  }

  it('are escaped in the text and Markdown plans, and kept as they are in the JSON plan', async () => {
    await withTempDir(async (dir) => {
      await seeded(dir);
      write(dir, 'c.yaml', config);
      const text = await runCli(['plan', 'c.yaml', ...DB], { cwd: dir });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).not.toMatch(HIDDEN);
      expect(text.stdout).toMatch(new RegExp(`^ {2}~ channel "Sales" +\\(renamed from ${escapeRegExp(shown)}\\)$`, 'm'));
      expect(text.stdout).toMatch(new RegExp(`^ {2}- channel ${escapeRegExp(goneShown)} +valid → invalid`, 'm'));
      expect(text.stdout).toMatch(/^ {6}comment {19}"" → "zero\\u200Dwidth"$/m);
      expect(text.stdout).toMatch(/ChatEngine::DefaultAgentName +Support Agent → "Shop\\u2066 Support"$/m);

      const md = await runCli(['plan', 'c.yaml', ...DB, '--format', 'markdown'], { cwd: dir });
      expect(md.stdout).not.toMatch(HIDDEN);
      expect(md.stdout).toContain(`(renamed from ${shown})`);
      expect(md.stdout).toContain('> - channel "Gone\\\\u2066\\\\u00AD": valid → invalid (kept, not deleted)');

      const json = await runCli(['plan', 'c.yaml', ...DB, '--format', 'json'], { cwd: dir });
      const doc = expectValidOutput('plan.schema.json', json.stdout);
      expect(doc.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'update-channel', name: 'Sales', renamedFrom: hiddenName }),
          expect.objectContaining({ kind: 'invalidate-channel', name: goneName }),
        ]),
      );
    });
  });

  it('are escaped in the lines of a stale plan', async () => {
    await withTempDir(async (dir) => {
      await seeded(dir);
      write(dir, 'c.yaml', config);
      expect((await runCli(['plan', 'c.yaml', ...DB, '--out', 'plan.json'], { cwd: dir })).code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')).state.channels.map((c: { name: string }) => c.name)).toContain(goneName);
      // Somebody edits the channel in OTRS before the plan is applied: the refusal lists it.
      await sql(dir, (db) => db.query('UPDATE chat_channel SET comments = $1 WHERE name = $2', ['by hand\u200B', goneName]).then(() => undefined));
      const stale = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes'], { cwd: dir });
      expect(stale.code).toBe(1);
      expect(stale.stderr).not.toMatch(HIDDEN);
      expect(stale.stderr).toMatch(new RegExp(`~ channel ${escapeRegExp(goneShown)} \\(id \\d+\\): comment "" → "by hand\\\\u200B"`));
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `work` on the embedded database of `dir` while no CLI holds it. */
async function sql(dir: string, work: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDatabase(parseDatabaseTarget('embedded:db', {}, dir, 'test'), { lockTimeoutMs: 10_000 });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}
