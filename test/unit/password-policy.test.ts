import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../src/tracking/password-policy';

describe('the directory password policy, checked before the directory is called', () => {
  it('accepts 8 to 64 characters with upper, lower, digit and symbol', () => {
    expect(passwordProblems('Welcome#2026', 'Welcome#2026')).toEqual([]);
    expect(passwordProblems('Aa1!aaaa', 'Aa1!aaaa')).toEqual([]);
    const longest = `Aa1!${'x'.repeat(60)}`;
    expect(passwordProblems(longest, longest)).toEqual([]);
  });
  it('names every rule a password breaks', () => {
    expect(passwordProblems('short', 'short')).toEqual([
      'too-short',
      'missing-upper',
      'missing-digit',
      'missing-symbol',
    ]);
    expect(passwordProblems('ALLUPPER123!', 'ALLUPPER123!')).toEqual(['missing-lower']);
    const tooLong = `Aa1!${'x'.repeat(61)}`;
    expect(passwordProblems(tooLong, tooLong)).toEqual(['too-long']);
  });
  it('reports a confirmation that differs', () => {
    expect(passwordProblems('Welcome#2026', 'Welcome#2025')).toEqual(['mismatch']);
  });
  it('does not count spaces as symbols, and counts characters, not bytes', () => {
    expect(passwordProblems('Pass word1', 'Pass word1')).toEqual(['missing-symbol']);
    expect(passwordProblems('Aé1!ñÜøß', 'Aé1!ñÜøß')).toEqual([]);
  });
  it('reports an empty form as breaking every rule, but not as a mismatch', () => {
    expect(passwordProblems('', '')).toEqual([
      'too-short',
      'missing-upper',
      'missing-lower',
      'missing-digit',
      'missing-symbol',
    ]);
  });
});
