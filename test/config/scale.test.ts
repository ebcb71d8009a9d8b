import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readConfig } from '../../src/config/index.js';
import { MAX_FILE_BYTES } from '../../src/config/read-config-file.js';
import { tmpConfig } from './tmp-config.js';

const CHANNELS = 50_000;

/** A realistic large config: every channel named and grouped, some flags, comments and renames. */
function bigConfig(): string {
  const lines = ['version: 1', 'settings:', '  ChatEngine::Active: true', 'channels:'];
  for (let i = 0; i < CHANNELS; i++) {
    lines.push(`  - name: Channel ${i}`, `    group: group-${i % 40}`);
    if (i % 3 === 0) lines.push('    availableToCustomerUsers: true');
    if (i % 10 === 0) lines.push(`    comment: Queue ${i} of the regional hotline`);
    if (i % 100 === 0) lines.push(`    previousNames: [Old channel ${i}]`);
  }
  return `${lines.join('\n')}\n`;
}

it(`validates a ${CHANNELS.toLocaleString('en')}-channel config well under the size limit`, async () => {
  const tmp = tmpConfig();
  try {
    writeFileSync(join(tmp.dir, 'big.yaml'), bigConfig());
    expect(statSync(join(tmp.dir, 'big.yaml')).size).toBeLessThan(MAX_FILE_BYTES / 4);
    // A blow-up (say, work quadratic in the channels) is caught by the test timeout, not timed here.
    const state = await readConfig([], { env: {}, cwd: tmp.dir });
    expect(state.channels).toHaveLength(CHANNELS);
    expect(state.channels[CHANNELS - 1]).toMatchObject({ name: `Channel ${CHANNELS - 1}`, group: `group-${(CHANNELS - 1) % 40}` });
    expect(state.channels[300]).toMatchObject({ availableToCustomerUsers: true, comment: 'Queue 300 of the regional hotline', previousNames: ['Old channel 300'] });
  } finally {
    tmp.cleanup();
  }
});
