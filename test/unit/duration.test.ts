import { describe, expect, it } from 'vitest';
import { durationProblem, parseDuration } from '../../src/kernel/duration';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['40m', 2_400_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1h30m', 5_400_000],
    ['1d12h', 129_600_000],
    ['1.5h', 5_400_000],
    ['7 d', 604_800_000],
    [' 95m ', 5_700_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', '7x', '7d!!', 'x7d', '7d7', 'd', '-5m', '1e3s', '7 days', 'soon'])(
    'refuses %j, whole or nothing',
    (text) => {
      expect(parseDuration(text)).toBeNaN();
    },
  );

  it('reads a bare number as milliseconds only where asked (the local tools)', () => {
    expect(parseDuration('1500', { bareMilliseconds: true })).toBe(1500);
    expect(parseDuration(1500, { bareMilliseconds: true })).toBe(1500);
    expect(parseDuration('40m', { bareMilliseconds: true })).toBe(2_400_000);
    expect(parseDuration('1500')).toBeNaN();
    expect(parseDuration(1500)).toBeNaN();
    expect(parseDuration(-5, { bareMilliseconds: true })).toBeNaN();
    expect(parseDuration(Number.POSITIVE_INFINITY, { bareMilliseconds: true })).toBeNaN();
  });

  it('refuses what is not text or a number', () => {
    for (const value of [undefined, null, {}, ['1m'], true]) expect(parseDuration(value)).toBeNaN();
  });
});

describe('durationProblem (what a person typed)', () => {
  it('asks for the unit of a bare number: 2 would be 2 ms', () => {
    for (const text of ['2', ' 36 ', '1.5']) {
      expect(durationProblem(text)).toBe('needs a unit, e.g. 2d, 36h, 90m or 250ms');
    }
  });

  it('names what a duration looks like when the text does not read, and passes one that does', () => {
    for (const text of ['', '7x', '2 days', '-5m']) {
      expect(durationProblem(text)).toBe('must be a duration like 2d, 36h, 90m or 250ms');
    }
    for (const text of ['2d', '36h', '90m', '250ms', '1h30m']) expect(durationProblem(text)).toBeUndefined();
  });
});
