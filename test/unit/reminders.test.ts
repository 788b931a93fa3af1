import { describe, expect, it } from 'vitest';
import {
  ESCALATION_GRACE_DAYS,
  nextStepDueAt,
  planNextStep,
  reminderKind,
} from '../../src/tracking/reminders';

const schedule = {
  afterDays: [1, 3, 7],
  businessHours: { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] },
  // Weekdays only here; holidays and closures: test/unit/calendar.test.ts.
  calendar: { weekdays: [1, 2, 3, 4, 5], country: undefined, closures: [] },
};
// Thursday 3 December 2026, 06:00 UTC = 15:00 in Tokyo, 01:00 in New York.
const invitedAt = new Date('2026-12-03T06:00:00Z');
const due = (zone: string, remindersSent: number, lastReminderAt?: string) =>
  nextStepDueAt({
    invitedAt,
    remindersSent,
    lastReminderAt: lastReminderAt ? new Date(lastReminderAt) : undefined,
    timeZone: zone,
    schedule,
  }).toISOString();

describe('when each step is due', () => {
  it('Asia/Tokyo: day 1 on Friday afternoon, day 3 (a Sunday) on Monday 09:00, day 7 on Thursday afternoon', () => {
    expect(due('Asia/Tokyo', 0)).toBe('2026-12-04T06:00:00.000Z');
    expect(due('Asia/Tokyo', 1, '2026-12-04T06:00:00Z')).toBe('2026-12-07T00:00:00.000Z');
    expect(due('Asia/Tokyo', 2, '2026-12-07T00:00:00Z')).toBe('2026-12-10T06:00:00.000Z');
  });
  it('America/New_York: each day moves from 01:00 to 09:00 local, the Sunday to Monday', () => {
    expect(due('America/New_York', 0)).toBe('2026-12-04T14:00:00.000Z');
    expect(due('America/New_York', 1, '2026-12-04T14:00:00Z')).toBe('2026-12-07T14:00:00.000Z');
    expect(due('America/New_York', 2, '2026-12-07T14:00:00Z')).toBe('2026-12-10T14:00:00.000Z');
  });
  it(`escalates ${ESCALATION_GRACE_DAYS} day after the last reminder, inside business hours`, () => {
    expect(due('Asia/Tokyo', 3, '2026-12-10T06:00:00Z')).toBe('2026-12-11T06:00:00.000Z');
    expect(due('America/New_York', 3, '2026-12-10T14:00:00Z')).toBe('2026-12-11T14:00:00.000Z');
  });
  it('never puts two reminders within a day of each other when a weekend pushes them together', () => {
    // Invited Thursday 19:00 JST: day 1 (Friday 19:00) and day 3 (Sunday) both land on Monday 09:00.
    const late = new Date('2026-12-03T10:00:00Z');
    const first = nextStepDueAt({ invitedAt: late, remindersSent: 0, timeZone: 'Asia/Tokyo', schedule });
    expect(first.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    const second = nextStepDueAt({
      invitedAt: late,
      remindersSent: 1,
      lastReminderAt: first,
      timeZone: 'Asia/Tokyo',
      schedule,
    });
    expect(second.toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });
});

describe('what a run does with a due hire', () => {
  const base = { invitedAt, timeZone: 'Asia/Tokyo', schedule, passwordSetup: 'hosted' as const };
  it('reminds about the password while INVITED, about connecting once the password is set', () => {
    const now = new Date('2026-12-04T06:05:00Z');
    expect(planNextStep({ ...base, stage: 'INVITED', remindersSent: 0, now })).toEqual({
      action: 'remind',
      number: 1,
      kind: 'reminder-password',
    });
    expect(planNextStep({ ...base, stage: 'PASSWORD_SET', remindersSent: 0, now })).toEqual({
      action: 'remind',
      number: 1,
      kind: 'reminder-connect',
    });
    expect(
      planNextStep({ ...base, passwordSetup: 'company-password', stage: 'INVITED', remindersSent: 0, now }),
    ).toMatchObject({ kind: 'reminder-connect' });
  });
  it('waits when the run comes before the step is due', () => {
    const now = new Date('2026-12-04T05:00:00Z');
    expect(planNextStep({ ...base, stage: 'INVITED', remindersSent: 0, now })).toEqual({
      action: 'wait',
      until: new Date('2026-12-04T06:00:00Z'),
    });
  });
  it('waits for the next opening when a late run comes after closing time', () => {
    // Friday 18:30 JST: the day-1 reminder goes out on Monday 09:00.
    const now = new Date('2026-12-04T09:30:00Z');
    expect(planNextStep({ ...base, stage: 'INVITED', remindersSent: 0, now })).toEqual({
      action: 'wait',
      until: new Date('2026-12-07T00:00:00Z'),
    });
  });
  it('escalates once every reminder is out and the grace day has passed', () => {
    const now = new Date('2026-12-11T06:00:00Z');
    expect(
      planNextStep({
        ...base,
        stage: 'PASSWORD_SET',
        remindersSent: 3,
        lastReminderAt: new Date('2026-12-10T06:00:00Z'),
        now,
      }),
    ).toEqual({ action: 'escalate' });
  });
  it('stops for hires who no longer wait for anything', () => {
    const now = new Date('2026-12-04T06:05:00Z');
    for (const stage of ['ACTIVE', 'BOUNCED', 'CANCELLED', 'FAILED'] as const) {
      expect(planNextStep({ ...base, stage, remindersSent: 0, now })).toEqual({ action: 'stop' });
      expect(reminderKind(stage, 'hosted')).toBeUndefined();
    }
  });
});
