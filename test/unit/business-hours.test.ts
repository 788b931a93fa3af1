import { describe, expect, it } from 'vitest';
import {
  instantOfWallTime,
  isWithinBusinessHours,
  nextBusinessTime,
} from '../../src/kernel/calendar/business-hours';

const HOURS = { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] };
const weekdaysOnly = (weekdays: number[]) => ({ weekdays, country: undefined, closures: [] });
const at = (iso: string) => new Date(iso);
const next = (iso: string, zone: string, hours = HOURS) =>
  nextBusinessTime(at(iso), zone, hours, weekdaysOnly(hours.weekdays)).toISOString();

describe('next allowed send time in Asia/Tokyo (UTC+9, no DST)', () => {
  it('keeps a time inside business hours', () => {
    // Thursday 15:00 JST.
    expect(next('2026-12-03T06:00:00Z', 'Asia/Tokyo')).toBe('2026-12-03T06:00:00.000Z');
  });
  it('moves an early morning to 09:00 the same day', () => {
    // Thursday 07:30 JST → 09:00 JST.
    expect(next('2026-12-02T22:30:00Z', 'Asia/Tokyo')).toBe('2026-12-03T00:00:00.000Z');
  });
  it('moves closing time itself to the next morning (the end is exclusive)', () => {
    // Thursday 18:00 JST → Friday 09:00 JST.
    expect(next('2026-12-03T09:00:00Z', 'Asia/Tokyo')).toBe('2026-12-04T00:00:00.000Z');
  });
  it('moves Friday evening and the weekend to Monday 09:00', () => {
    expect(next('2026-12-04T10:00:00Z', 'Asia/Tokyo')).toBe('2026-12-07T00:00:00.000Z'); // Fri 19:00
    expect(next('2026-12-05T03:00:00Z', 'Asia/Tokyo')).toBe('2026-12-07T00:00:00.000Z'); // Sat 12:00
    expect(next('2026-12-06T14:59:00Z', 'Asia/Tokyo')).toBe('2026-12-07T00:00:00.000Z'); // Sun 23:59
  });
  it('uses the hire’s local weekday, not the UTC one', () => {
    // Sunday 22:00 UTC is Monday 07:00 JST → Monday 09:00 JST, not Tuesday.
    expect(next('2026-12-06T22:00:00Z', 'Asia/Tokyo')).toBe('2026-12-07T00:00:00.000Z');
  });
});

describe('next allowed send time in America/New_York (DST)', () => {
  it('keeps a weekday afternoon in winter (UTC-5)', () => {
    expect(next('2026-12-03T20:00:00Z', 'America/New_York')).toBe('2026-12-03T20:00:00.000Z'); // Thu 15:00
  });
  it('moves the night before to 09:00 local', () => {
    // Thursday 01:00 EST → 09:00 EST = 14:00 UTC.
    expect(next('2026-12-03T06:00:00Z', 'America/New_York')).toBe('2026-12-03T14:00:00.000Z');
  });
  it('moves a Saturday to Monday 09:00', () => {
    expect(next('2026-12-05T15:00:00Z', 'America/New_York')).toBe('2026-12-07T14:00:00.000Z');
  });
  it('uses the summer offset (UTC-4) after the spring change', () => {
    // Sunday 8 March 2026 (the change day) → Monday 9 March 09:00 EDT = 13:00 UTC.
    expect(next('2026-03-08T12:00:00Z', 'America/New_York')).toBe('2026-03-09T13:00:00.000Z');
  });
  it('uses the winter offset again after the autumn change', () => {
    // Friday 30 October 2026 19:00 EDT → Monday 2 November 09:00 EST = 14:00 UTC.
    expect(next('2026-10-30T23:00:00Z', 'America/New_York')).toBe('2026-11-02T14:00:00.000Z');
  });
  it('is the same instant wherever the run happens: Friday evening in New York is Saturday in Tokyo', () => {
    const friday = '2026-12-04T22:00:00Z'; // Fri 17:00 New York, Sat 07:00 Tokyo
    expect(isWithinBusinessHours(at(friday), 'America/New_York', HOURS, weekdaysOnly(HOURS.weekdays))).toBe(
      true,
    );
    expect(isWithinBusinessHours(at(friday), 'Asia/Tokyo', HOURS, weekdaysOnly(HOURS.weekdays))).toBe(false);
  });
});

describe('configurable hours', () => {
  it('honours other weekdays (Sunday to Thursday) and hours', () => {
    const hours = { start: '08:30', end: '17:00', weekdays: [7, 1, 2, 3, 4] };
    // Friday noon in Dubai (UTC+4) → Sunday 08:30.
    expect(next('2026-12-04T08:00:00Z', 'Asia/Dubai', hours)).toBe('2026-12-06T04:30:00.000Z');
  });
  it('rejects hours that never open', () => {
    expect(() =>
      nextBusinessTime(
        at('2026-12-03T00:00:00Z'),
        'UTC',
        { ...HOURS, start: '18:00', end: '09:00' },
        weekdaysOnly(HOURS.weekdays),
      ),
    ).toThrow(RangeError);
    expect(() => nextBusinessTime(at('2026-12-03T00:00:00Z'), 'UTC', HOURS, weekdaysOnly([]))).toThrow(
      RangeError,
    );
  });
});

describe('instantOfWallTime', () => {
  it('maps a wall time skipped by DST to just after the change', () => {
    // 02:30 on 8 March 2026 does not exist in New York: it is read as 03:30 EDT (07:30 UTC).
    const wall = Date.UTC(2026, 2, 8, 2, 30);
    expect(new Date(instantOfWallTime(wall, 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });
  it('picks the first of two instants for a repeated wall time', () => {
    // 01:30 on 1 November 2026 happens twice in New York; the first is 05:30 UTC (EDT).
    const wall = Date.UTC(2026, 10, 1, 1, 30);
    expect(new Date(instantOfWallTime(wall, 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});
