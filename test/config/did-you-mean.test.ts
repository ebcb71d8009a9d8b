import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestionHint } from '../../src/config/did-you-mean.js';
import { CHANNEL_KEYS } from '../../src/config/raw-config.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';

const SETTINGS = SETTING_CATALOG.map((s) => s.name);

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('Active', 'Active')).toBe(0);
    expect(editDistance('Actve', 'Active')).toBe(1);
    expect(editDistance('Acitve', 'Active')).toBe(1);
    expect(editDistance('Activf', 'Active')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('didYouMean', () => {
  it('finds typos, other case and partial names', () => {
    expect(didYouMean('ChatEngine::Actve', SETTINGS)).toBe('ChatEngine::Active');
    expect(didYouMean('chatengine::active', SETTINGS)).toBe('ChatEngine::Active');
    expect(didYouMean('Active', SETTINGS)).toBe('ChatEngine::Active');
    expect(didYouMean('availableToPublic', CHANNEL_KEYS)).toBe('availableToPublicUsers');
    expect(didYouMean('availableToCustomers', CHANNEL_KEYS)).toBe('availableToCustomerUsers');
    expect(didYouMean('previousName', CHANNEL_KEYS)).toBe('previousNames');
    expect(didYouMean('Comment', CHANNEL_KEYS)).toBe('comment');
  });

  it('stays quiet when nothing is close or the guess is ambiguous', () => {
    expect(didYouMean('foo', CHANNEL_KEYS)).toBeUndefined();
    expect(didYouMean('', CHANNEL_KEYS)).toBeUndefined();
    expect(didYouMean('available', CHANNEL_KEYS)).toBeUndefined();
    expect(didYouMean('Totally::Unrelated::Thing', SETTINGS)).toBeUndefined();
  });

  it('gives a hint either way', () => {
    expect(suggestionHint('nmae', CHANNEL_KEYS)).toBe('did you mean `name`?');
    expect(suggestionHint('zzz', ['a', 'b'])).toBe('expected one of: a, b');
  });
});
