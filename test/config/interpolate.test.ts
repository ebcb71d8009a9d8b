import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';
import { messagesOf, stateOf } from './tmp-config.js';

const env = { STAGE: 'prod', EMPTY: '', GROUP: 'support', TRICK: '${STAGE}' };

describe('interpolate', () => {
  it('replaces ${VAR} with the variable, even an empty one', () => {
    expect(interpolate('chat-${STAGE}', env)).toEqual({ value: 'chat-prod', issues: [] });
    expect(interpolate('[${EMPTY}]', env).value).toBe('[]');
    expect(interpolate('${STAGE}${GROUP}', env).value).toBe('prodsupport');
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty', () => {
    expect(interpolate('${STAGE:-dev}', env).value).toBe('prod');
    expect(interpolate('${NOPE:-dev}', env).value).toBe('dev');
    expect(interpolate('${EMPTY:-dev}', env).value).toBe('dev');
    expect(interpolate('${NOPE:-}', env).value).toBe('');
    expect(interpolate('${NOPE:-a b:-c}', env).value).toBe('a b:-c');
  });

  it('reads $${ as a literal ${ and leaves other dollars alone', () => {
    expect(interpolate('$${STAGE}', env)).toEqual({ value: '${STAGE}', issues: [] });
    expect(interpolate('cost $5, $$, $STAGE', env).value).toBe('cost $5, $$, $STAGE');
    expect(interpolate('$$${STAGE}', env).value).toBe('$${STAGE}');
  });

  it('never re-reads a replacement', () => {
    expect(interpolate('${TRICK}', env).value).toBe('${STAGE}');
  });

  it('reports an unset variable without a default', () => {
    expect(interpolate('${STAGE_NAME}', env).issues).toEqual([
      { message: 'environment variable STAGE_NAME is not set', hint: 'use ${STAGE_NAME:-default} to give a default' },
    ]);
  });

  it('reports malformed references', () => {
    expect(interpolate('a ${STAGE', env).issues[0]?.message).toBe('unclosed `${` in "a ${STAGE"');
    expect(interpolate('${}', env).issues[0]?.message).toBe('`${}` is not a valid reference: `` is not a variable name');
    expect(interpolate('${1X}', env).issues[0]?.message).toMatch(/`1X` is not a variable name/);
    expect(interpolate('${A B}', env).issues[0]?.message).toMatch(/`A B` is not a variable name/);
    expect(interpolate('${STAGE-dev}', env).issues[0]?.message).toMatch(/`STAGE-dev` is not a variable name/);
    expect(interpolate('${STAGE:dev}', env).issues).toHaveLength(1);
  });
});

describe('interpolation in config files', () => {
  it('interpolates every string value: settings, names, groups, block text, list items', async () => {
    const state = await stateOf({
      'a.yaml': [
        'version: 1',
        'settings:',
        '  ChatEngine::DefaultAgentName: ${AGENT:-Support Agent}',
        'channels:',
        '  - name: "Sales ${STAGE}"',
        '    group: ${GROUP}',
        '    comment: |',
        '      Price is $${PRICE}.',
        '    previousNames: ["Old ${STAGE}"]',
      ].join('\n'),
    }, { env });
    expect(state.settings).toEqual([expect.objectContaining({ name: 'ChatEngine::DefaultAgentName', value: 'Support Agent' })]);
    expect(state.channels[0]).toMatchObject({ name: 'Sales prod', group: 'support', comment: 'Price is ${PRICE}.\n', previousNames: ['Old prod'] });
  });

  it('does not interpolate keys', async () => {
    const messages = await messagesOf({ 'a.yaml': 'version: 1\n${STAGE}: 1\n' }, { env });
    expect(messages[0]).toMatch(/^a\.yaml:2:1: unknown key `\$\{STAGE\}` at the top level/);
  });

  it('reports an unset variable at the value that uses it', async () => {
    const messages = await messagesOf({ 'a.yaml': 'version: 1\nchannels:\n  - name: Sales\n    group: chat-${STAGE}\n' });
    expect(messages).toEqual(['a.yaml:4:12: environment variable STAGE is not set (use ${STAGE:-default} to give a default)']);
  });

  it('gives text, so a boolean or number from a variable is a type error with a hint', async () => {
    const messages = await messagesOf({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::Active: ${ACTIVE}\n' }, { env: { ACTIVE: 'true' } });
    expect(messages).toEqual([
      'a.yaml:3:23: setting `ChatEngine::Active`: expected a boolean (true or false), got the string "true" (a value from ${...} is always text; write numbers and booleans in the file itself)',
    ]);
  });
});
