import { describe, expect, test } from 'vitest';
import { looksLikePerlNumber } from '../../src/settings/perl-looks-like-number.js';

// Both lists as Perl 5.36's Scalar::Util::looks_like_number answers.
const NUMBERS = [
  '0', '1', '48', '007', '-5', '+1', '1.5', '1.', '1.e5', '.5', '1e3', '1E3', '-.5e-3', ' 1 ', '1\n', '\n1', '\v1', '\f1\r',
  'NaN', 'nan', '-nan', 'inf', 'INF', '+inf', 'Infinity', 'infinity ', 'nanq', 'NaNs', 'qnan', 'snan', '1.#INF', '1#INF',
  '1.#INF00', '1.#infinity', '1.#IND', '1.#IND00', '1.#IND ', '1.#QNAN', '1.#SNAN', '1.#NAN(1)', 'nan(123)', 'nan(12 )',
  'nan(0x1F)', 'nan(0x1_f)', 'nan(0b101)', 'nanq(5)', 'nan(0xFFFFFFFFFFFFFFFF)', 'nan(18446744073709551616)', '0 but true',
  '- ', ' -\t', '-\n',
];
const TEXTS = [
  '1e', '1e+', '- 1', '+', '-', '.', '', '0x1F', '1_000', '.inf', 'infinit', 'inf0', 'nanqs', 'nan( 12)', 'nan()', 'nan(1_0)',
  'nan(0x10000000000000000)', '0 but true ', '2024-01-01', '12:30', '\u0661\u0662', 'yes', 'true', '+ ', '+\n', '--', '- -',
];

describe('looksLikePerlNumber', () => {
  test.each(NUMBERS)('%j is a number', (text) => {
    expect(looksLikePerlNumber(text)).toBe(true);
  });
  test.each(TEXTS)('%j is not', (text) => {
    expect(looksLikePerlNumber(text)).toBe(false);
  });
});
