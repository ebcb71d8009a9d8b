import { describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import { parsePlanJson, PlanFileError, renderJson } from '../../src/render/json.js';
import { expectGolden } from './golden.js';
import { ALL_PLANS, DETAILED, MIXED } from './plans.js';
import { savedPlan } from './saved.js';

const SAVED_MIXED = savedPlan(MIXED);

/** The error parsePlanJson throws for `text` (fails when it accepts it). */
function refusal(text: string): PlanFileError {
  try {
    parsePlanJson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanFileError);
    expect(e).toBeInstanceOf(ExitError);
    return e as PlanFileError;
  }
  throw new Error(`accepted: ${text}`);
}

/** MIXED's JSON document, edited by `edit`. */
function edited(edit: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(renderJson(SAVED_MIXED)) as Record<string, any>;
  edit(doc);
  return JSON.stringify(doc);
}

describe('renderJson', () => {
  it('writes the documented versioned structure', () => {
    expectGolden('mixed.json', renderJson(SAVED_MIXED));
    expect(Object.keys(JSON.parse(renderJson(SAVED_MIXED)))).toEqual([
      'formatVersion', 'tool', 'createdAt', 'target', 'config', 'fingerprint', 'summary', 'changes', 'warnings', 'guard', 'unmanagedChannels', 'state',
    ]);
  });

  it.each(Object.entries(ALL_PLANS))('round-trips through parsePlanJson: %s', (_name, plan) => {
    const saved = savedPlan(plan);
    expect(parsePlanJson(renderJson(saved))).toStrictEqual(saved);
  });
});

describe('parsePlanJson refuses malformed input', () => {
  it.each<[string, string, RegExp]>([
    ['not JSON', '{"formatVersion": 2,', /not a plan file: the file is not JSON/],
    ['not an object', '[]', /must be an object/],
    ['format version 1', edited((d) => (d.formatVersion = 1)), /another format version: it has format version 1, written by an older otrs-chat-config.*run plan again/],
    ['a future format version', edited((d) => (d.formatVersion = 3)), /format version 3, written by a newer otrs-chat-config; this version reads format version 2 only/],
    ['a string format version', edited((d) => (d.formatVersion = '2')), /formatVersion must be the number 2/],
    ['a state edited by hand', edited((d) => (d.state.channels[0].name = 'Edited')), /state is not the state the fingerprint was computed from/],
    ['a guard that does not match the state', edited((d) => (d.state.channels[0].valid = 'invalid')), /guard\.validNow is 4, but the recorded state has 3 valid channels/],
    ['a target with a password key', edited((d) => (d.target.password = 'x')), /target\.password is not part of the plan format/],
    ['a bad config digest', edited((d) => (d.config.digest = 'abc')), /config\.digest must match/],
    ['a bad time', edited((d) => (d.createdAt = 'yesterday')), /createdAt must match/],
    ['another tool', edited((d) => (d.tool.name = 'terraform')), /tool\.name must be one of "otrs-chat-config"/],
    ['a malformed recorded channel', edited((d) => (d.state.channels[0].id = 0)), /state\.channels\[0\]\.id must be at least 1/],
    ['an unknown top-level key', edited((d) => (d.extra = true)), /extra is not part of the plan format/],
    ['a missing key', edited((d) => delete d.guard), /guard is missing/],
    ['a bad fingerprint', edited((d) => (d.fingerprint = 'abc')), /fingerprint must match/],
    ['an unknown change kind', edited((d) => (d.changes[0].kind = 'delete-channel')), /changes\[0\]\.kind must be one of/],
    ['a change without kind', edited((d) => delete d.changes[0].kind), /changes\[0\]\.kind is missing/],
    ['a wrong type', edited((d) => (d.changes[0].groupId = '4')), /changes\[0\]\.groupId must be an integer/],
    ['an unknown key in a change', edited((d) => (d.changes[2].sql = 'DELETE')), /changes\[2\]\.sql is not part/],
    ['an invalid validity', edited((d) => (d.changes[2].to = 'valid')), /changes\[2\]\.to must be one of "invalid", "invalid-temporarily"/],
    ['an unknown field', edited((d) => (d.changes[1].fields[0].field = 'id')), /changes\[1\]\.fields\[0\]\.field must be one of/],
    ['an empty field list', edited((d) => (d.changes[1].fields = [])), /fields must list at least one field/],
    ['a null old value without oldUnreadable', edited((d) => (d.changes[3].old = null)), /oldUnreadable must be present exactly when old is null/],
    ['a summary that does not add up', edited((d) => (d.summary.invalidate = 0)), /summary\.invalidate is 0, but the changes hold 1/],
    ['a guard that does not add up', edited((d) => (d.guard.invalidating = 0)), /guard\.invalidating is 0/],
    ['a guard verdict that does not follow', edited((d) => Object.assign(d.guard, { validNow: 8, invalidating: 1, exceeded: true })), /guard\.exceeded is true/],
    ['a malformed warning', edited((d) => (d.warnings = [{ code: 'x' }])), /warnings\[0\]\.message is missing/],
  ])('%s', (_name, text, message) => {
    expect(refusal(text).message).toMatch(message);
  });

  it('reports every issue at once', () => {
    const error = refusal(edited((d) => {
      d.changes[0].groupId = -1;
      d.changes[2].id = 'nine';
      d.fingerprint = 42;
    }));
    expect(error.issues).toHaveLength(3);
    expect(error.message).toContain('plan --out');
  });

  it('accepts the detailed plan with unreadable values and warnings', () => {
    expect(parsePlanJson(renderJson(savedPlan(DETAILED))).plan.changes).toHaveLength(DETAILED.changes.length);
  });
});
