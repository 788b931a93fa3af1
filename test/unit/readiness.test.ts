import { describe, expect, it } from 'vitest';
import { readinessOf, readinessTime } from '../../src/tracking/readiness';

const WEEK = { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] };
const weekdaysOnly = (weekdays: number[]) => ({ weekdays, country: undefined, closures: [] });

describe('readinessTime', () => {
  it('is two business days before the start date, at the opening of business hours, local time', () => {
    // Monday 2027-04-05 in Tokyo: Thursday 2027-04-01 09:00 JST.
    expect(
      readinessTime({
        startDate: '2027-04-05',
        timeZone: 'Asia/Tokyo',
        hours: WEEK,
        calendar: weekdaysOnly(WEEK.weekdays),
        businessDaysBefore: 2,
      }),
    ).toEqual(new Date('2027-04-01T00:00:00Z'));
    // Thursday 2027-04-08 in New York (EDT): Tuesday 2027-04-06 09:00 EDT.
    expect(
      readinessTime({
        startDate: '2027-04-08',
        timeZone: 'America/New_York',
        hours: WEEK,
        calendar: weekdaysOnly(WEEK.weekdays),
        businessDaysBefore: 2,
      }),
    ).toEqual(new Date('2027-04-06T13:00:00Z'));
  });

  it('counts only the configured weekdays', () => {
    // A Sunday-to-Thursday week: Sunday 2027-04-04's check skips Friday and Saturday: Wednesday 2027-03-31.
    const hours = { ...WEEK, weekdays: [7, 1, 2, 3, 4] };
    expect(
      readinessTime({
        startDate: '2027-04-04',
        timeZone: 'Asia/Dubai',
        hours,
        calendar: weekdaysOnly(hours.weekdays),
        businessDaysBefore: 2,
      }),
    ).toEqual(new Date('2027-03-31T05:00:00Z'));
  });

  it('follows the zone across a daylight saving change', () => {
    // Europe/Berlin moves to CEST on Sunday 2027-03-28: Tuesday 2027-03-30 starts, the check is Friday 26th, CET.
    expect(
      readinessTime({
        startDate: '2027-03-30',
        timeZone: 'Europe/Berlin',
        hours: WEEK,
        calendar: weekdaysOnly(WEEK.weekdays),
        businessDaysBefore: 2,
      }),
    ).toEqual(new Date('2027-03-26T08:00:00Z'));
  });
});

describe('readinessOf', () => {
  const invited = { stage: 'INVITED' as const, workspaceId: 'ws-1', invitedAt: '2027-03-25T00:00:00Z' };

  it('is ready once the WorkSpace exists, the invitation went out and the password is set', () => {
    expect(readinessOf({ ...invited, stage: 'PASSWORD_SET', passwordSetAt: 'x' }, 'hosted')).toEqual({
      verdict: 'ready',
      workspaceAvailable: 'ok',
      invitationDelivered: 'ok',
      signInSetUp: 'ok',
      firstConnection: 'not-yet',
      actions: ['ask-to-sign-in-once'],
    });
    expect(readinessOf({ ...invited, stage: 'ACTIVE', activeAt: 'x' }, 'hosted')).toMatchObject({
      verdict: 'ready',
      signInSetUp: 'ok',
      firstConnection: 'ok',
      actions: [],
    });
  });

  it('cannot know the company password: sign-in is n/a and does not hold readiness back', () => {
    expect(readinessOf(invited, 'company-password')).toMatchObject({
      verdict: 'ready',
      signInSetUp: 'n/a',
      actions: ['ask-to-sign-in-once'],
    });
  });

  it('is at risk, with what to do, when the password is not set, the email bounced or provisioning failed', () => {
    expect(readinessOf(invited, 'hosted')).toMatchObject({
      verdict: 'at-risk',
      signInSetUp: 'not-yet',
      actions: ['ask-to-set-password', 'ask-to-sign-in-once'],
    });
    expect(readinessOf({ ...invited, stage: 'BOUNCED' }, 'hosted')).toMatchObject({
      verdict: 'at-risk',
      workspaceAvailable: 'ok',
      invitationDelivered: 'not-yet',
      actions: ['fix-email-address'],
    });
    expect(readinessOf({ stage: 'FAILED' }, 'hosted')).toMatchObject({
      verdict: 'at-risk',
      workspaceAvailable: 'not-yet',
      actions: ['admin-look-at-failure'],
    });
    expect(readinessOf({ stage: 'PROVISIONING', workspaceId: 'ws-2' }, 'hosted')).toMatchObject({
      verdict: 'at-risk',
      actions: ['wait-for-provisioning'],
    });
  });
});
