import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../src/model/text.js';

/**
 * `normalizeName` skips `normalize('NFC')` for text below U+0300, which the planner and the rules
 * meet for nearly every name (src/model/text.ts). That shortcut is only right if no such text
 * changes under NFC: checked here for every one- and two-character string below U+0300 (none
 * of them is a combining mark, and composition only joins neighbours), and the shortcut must
 * not catch the rest.
 */
describe('normalizeName: the shortcut for text below U+0300', () => {
  it('leaves exactly what NFC leaves alone', () => {
    let changed = 0;
    for (let a = 0; a < 0x300; a++) {
      const first = String.fromCharCode(a);
      if (first.normalize('NFC') !== first) changed++;
      for (let b = 0; b < 0x300; b++) {
        const pair = first + String.fromCharCode(b);
        if (pair.normalize('NFC') !== pair) changed++;
      }
    }
    expect(changed).toBe(0);
  });

  it('still normalises text with combining marks and other scripts', () => {
    expect(normalizeName('Cafe\u0301 Support')).toBe('Caf\u00E9 Support');
    expect(normalizeName('\u1100\u1161')).toBe('\uAC00');
    expect(normalizeName('\u212B')).toBe('\u00C5');
    expect(normalizeName('Caf\u00E9 Support')).toBe('Caf\u00E9 Support');
  });
});
