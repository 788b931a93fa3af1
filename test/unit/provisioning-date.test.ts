import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServiceSpec } from '../../local/serverless-config';
import { latestStartDate } from '../../src/kernel/hire/hire';
import {
  AFTER_WAIT_DAYS,
  EXECUTION_MAX_DAYS,
  LONGEST_WAIT_MS,
  offsetMs,
  provisioningTime,
  startOfLocalDay,
} from '../../src/kernel/hire/provisioning-date';

const at = (iso: string) => new Date(iso);
/** Every day a working day: how the calendar moves the day is in test/unit/calendar.test.ts. */
const calendar = { weekdays: [1, 2, 3, 4, 5, 6, 7], country: undefined, closures: [] };

describe('provisioningTime', () => {
  it('provisions at midnight Tokyo time, lead days before the start date', () => {
    const result = provisioningTime({
      startDate: '2027-04-01',
      timeZone: 'Asia/Tokyo',
      leadDays: 7,
      calendar,
      now: at('2027-03-01T00:00:00Z'),
    });
    expect(result.toISOString()).toBe('2027-03-24T15:00:00.000Z'); // 2027-03-25 00:00 JST
  });

  it('provisions at midnight New York time (EDT) lead days before the start date', () => {
    const result = provisioningTime({
      startDate: '2027-06-15',
      timeZone: 'America/New_York',
      leadDays: 7,
      calendar,
      now: at('2027-05-01T00:00:00Z'),
    });
    expect(result.toISOString()).toBe('2027-06-08T04:00:00.000Z');
  });

  it('uses standard time when the provisioning day is before the DST change and the start after it', () => {
    // US DST starts 2027-03-14. Start on the 16th (EDT), provision on the 9th (EST, UTC-5).
    const result = provisioningTime({
      startDate: '2027-03-16',
      timeZone: 'America/New_York',
      leadDays: 7,
      calendar,
      now: at('2027-02-01T00:00:00Z'),
    });
    expect(result.toISOString()).toBe('2027-03-09T05:00:00.000Z');
  });

  it('finds the start of the day on which clocks change', () => {
    // 2027-03-14 starts at 00:00 EST (UTC-5); 2027-11-07 (fall back) starts at 00:00 EDT (UTC-4).
    expect(
      provisioningTime({
        startDate: '2027-03-21',
        timeZone: 'America/New_York',
        leadDays: 7,
        calendar,
        now: at('2027-01-01T00:00:00Z'),
      }).toISOString(),
    ).toBe('2027-03-14T05:00:00.000Z');
    expect(
      provisioningTime({
        startDate: '2027-11-14',
        timeZone: 'America/New_York',
        leadDays: 7,
        calendar,
        now: at('2027-01-01T00:00:00Z'),
      }).toISOString(),
    ).toBe('2027-11-07T04:00:00.000Z');
  });

  it('provisions at once when the provisioning day has already begun', () => {
    const now = at('2027-03-28T03:00:00Z'); // already 12:00 on 03-28 in Tokyo
    expect(
      provisioningTime({
        startDate: '2027-04-01',
        timeZone: 'Asia/Tokyo',
        leadDays: 7,
        calendar,
        now,
      }).getTime(),
    ).toBe(now.getTime());
  });

  it('provisions at once when the hire starts tomorrow in their time zone', () => {
    // 2027-03-31 20:00 in Tokyo: the start date 04-01 is tomorrow there.
    const now = at('2027-03-31T11:00:00Z');
    const result = provisioningTime({
      startDate: '2027-04-01',
      timeZone: 'Asia/Tokyo',
      leadDays: 0,
      calendar,
      now,
    });
    expect(result.getTime()).toBe(now.getTime());
    expect(result).not.toBe(now);
  });

  it('provisions at once when the start date has passed', () => {
    const now = at('2027-05-01T00:00:00Z');
    expect(
      provisioningTime({
        startDate: '2027-04-01',
        timeZone: 'Asia/Tokyo',
        leadDays: 7,
        calendar,
        now,
      }).getTime(),
    ).toBe(now.getTime());
  });

  it('judges "tomorrow" in the hire\'s zone, not in UTC', () => {
    // 2027-03-30 23:00 UTC = 03-31 08:00 Tokyo (start tomorrow) but 03-30 19:00 New York (start in 2 days).
    const now = at('2027-03-30T23:00:00Z');
    expect(
      provisioningTime({
        startDate: '2027-04-01',
        timeZone: 'Asia/Tokyo',
        leadDays: 0,
        calendar,
        now,
      }).getTime(),
    ).toBe(now.getTime());
    expect(
      provisioningTime({
        startDate: '2027-04-01',
        timeZone: 'America/New_York',
        leadDays: 0,
        calendar,
        now,
      }).toISOString(),
    ).toBe('2027-04-01T04:00:00.000Z');
  });

  it('waits for the start day itself when the lead time is zero', () => {
    expect(
      provisioningTime({
        startDate: '2027-04-01',
        timeZone: 'Asia/Tokyo',
        leadDays: 0,
        calendar,
        now: at('2027-03-01T00:00:00Z'),
      }).toISOString(),
    ).toBe('2027-03-31T15:00:00.000Z');
  });

  it('never waits longer than the year allows, even with no lead time and a start a year ahead', () => {
    const now = at('2026-11-30T20:00:00Z');
    const latest = latestStartDate(now, 'Asia/Tokyo');
    for (const leadDays of [0, 1, 2, 7]) {
      const wait = provisioningTime({
        startDate: latest,
        timeZone: 'Asia/Tokyo',
        leadDays,
        calendar,
        now,
      }).getTime();
      expect(wait - now.getTime(), `leadDays ${leadDays}`).toBeLessThanOrEqual(LONGEST_WAIT_MS);
    }
    // The usual lead time is not touched until the cap: a week before the start, at midnight in Tokyo.
    expect(
      provisioningTime({
        startDate: '2027-11-25',
        timeZone: 'Asia/Tokyo',
        leadDays: 7,
        calendar,
        now,
      }).toISOString(),
    ).toBe('2027-11-17T15:00:00.000Z');
  });

  it('rejects an impossible start date or a negative lead time', () => {
    const now = at('2027-03-01T00:00:00Z');
    expect(() =>
      provisioningTime({ startDate: '2027-02-30', timeZone: 'UTC', leadDays: 7, calendar, now }),
    ).toThrow(RangeError);
    expect(() =>
      provisioningTime({ startDate: '2027-04-01', timeZone: 'UTC', leadDays: -1, calendar, now }),
    ).toThrow(RangeError);
  });
});

describe('startOfLocalDay', () => {
  it('is the change itself when a DST change skips midnight', () => {
    // Chile (America/Santiago) springs forward at 24:00 → 01:00 on 2024-09-08: the day starts at 01:00 -03.
    expect(new Date(startOfLocalDay(Date.UTC(2024, 8, 8), 'America/Santiago')).toISOString()).toBe(
      '2024-09-08T04:00:00.000Z',
    );
  });

  it('is the one midnight when clocks go back just before it', () => {
    // Chile falls back at 24:00 -03 → 23:00 -04 on 2024-04-06: the 7th starts at 00:00 -04.
    expect(new Date(startOfLocalDay(Date.UTC(2024, 3, 7), 'America/Santiago')).toISOString()).toBe(
      '2024-04-07T04:00:00.000Z',
    );
  });
});

describe('offsetMs', () => {
  it('reads zone offsets from Intl', () => {
    expect(offsetMs(Date.UTC(2027, 0, 1), 'Asia/Tokyo')).toBe(9 * 3_600_000);
    expect(offsetMs(Date.UTC(2027, 0, 1), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(offsetMs(Date.UTC(2027, 6, 1), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(offsetMs(Date.UTC(2027, 6, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });
});

describe('the onboarding workflow fits in one execution year', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const asl = JSON.parse(readFileSync(join(ROOT, 'workflows', 'onboarding.asl.json'), 'utf8'));
  const spec = readServiceSpec(ROOT, { stage: 'dev', region: 'ap-northeast-1', accountId: '000000000000' });
  const lambdaTimeout = (state: any) => {
    const ref = state.Parameters?.FunctionName ?? state.Resource;
    const key = ref?.['Fn::GetAtt']?.[0];
    return spec.functions.find((f) => f.key === key)!.timeoutSeconds;
  };

  it('the longest Wait plus the worst case of every state after it stay inside the year', () => {
    expect(asl.States[asl.StartAt].Type).toBe('Wait');
    let seconds = 0;
    for (const [name, state] of Object.entries<any>(asl.States)) {
      if (state.Type !== 'Task') continue;
      // A retried error comes from the Lambda call (at most its timeout); one attempt may then wait for
      // its callback until TimeoutSeconds.
      const retries = (state.Retry ?? []).reduce((n: number, r: any) => n + (r.MaxAttempts ?? 3), 0);
      const maxDelay = Math.max(0, ...(state.Retry ?? []).map((r: any) => r.MaxDelaySeconds ?? Infinity));
      const attempt = lambdaTimeout(state);
      const callback = typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');
      expect(Number.isFinite(maxDelay), `${name} bounds its retry delay`).toBe(true);
      if (callback) expect(state.TimeoutSeconds, `${name} has a TimeoutSeconds`).toBeGreaterThan(0);
      const waiting = callback ? state.TimeoutSeconds : 0;
      seconds += (retries + 1) * attempt + retries * maxDelay + waiting;
    }
    expect(seconds).toBeLessThanOrEqual(AFTER_WAIT_DAYS * 86_400);
    expect(LONGEST_WAIT_MS + AFTER_WAIT_DAYS * 86_400_000).toBeLessThanOrEqual(
      EXECUTION_MAX_DAYS * 86_400_000,
    );
  });
});
