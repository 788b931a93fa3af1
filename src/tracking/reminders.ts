/**
 * The reminder policy (docs/stages.md): reminders on configured days after the invitation, only in
 * the person's business hours on their working days, one per step, at least MIN_REMINDER_GAP_MS apart; after the last one a
 * grace day, then the hire is escalated to the admins. Pure: the reminder run and the invitation use it.
 */
import { type BusinessHours, nextBusinessTime } from '../kernel/calendar/business-hours';
import type { WorkCalendar } from '../kernel/calendar/calendar';
import type { Stage } from '../kernel/hire/stages';

export type ReminderKind = 'reminder-password' | 'reminder-connect';
export type PasswordSetupMode = 'hosted' | 'company-password';

export interface ReminderSchedule {
  /** Days after the invitation, increasing, e.g. [1, 3, 7]. */
  afterDays: readonly number[];
  businessHours: BusinessHours;
  /** The hire's working days: holidays and closures are skipped like weekends. */
  calendar: WorkCalendar;
}

const DAY_MS = 86_400_000;
/** Days after the last reminder before the admins hear about it: the person gets a chance to act on it. */
export const ESCALATION_GRACE_DAYS = 1;
/** Two reminders never land within this of each other (a weekend can push two steps onto one Monday). */
export const MIN_REMINDER_GAP_MS = 20 * 3_600_000;

/** The template for a person in this stage, or undefined when the person is not waiting on anything. */
export function reminderKind(stage: Stage, passwordSetup: PasswordSetupMode): ReminderKind | undefined {
  if (stage === 'INVITED') return passwordSetup === 'hosted' ? 'reminder-password' : 'reminder-connect';
  if (stage === 'PASSWORD_SET') return 'reminder-connect';
  return undefined;
}

export interface StepInput {
  invitedAt: Date;
  /** Reminders already sent for this invitation. */
  remindersSent: number;
  lastReminderAt?: Date | undefined;
  timeZone: string;
  schedule: ReminderSchedule;
}

/** When the next step is due before business hours and working days move it. */
export function nextStepEarliest(input: StepInput): Date {
  const days = input.schedule.afterDays;
  if (days.length === 0) throw new RangeError('reminder schedule needs at least one day');
  const offsetDays =
    input.remindersSent < days.length
      ? days[input.remindersSent]!
      : days[days.length - 1]! + ESCALATION_GRACE_DAYS;
  let earliest = input.invitedAt.getTime() + offsetDays * DAY_MS;
  if (input.lastReminderAt)
    earliest = Math.max(earliest, input.lastReminderAt.getTime() + MIN_REMINDER_GAP_MS);
  return new Date(earliest);
}

/** When the next step (reminder `remindersSent + 1`, or the escalation after the last) is due. */
export function nextStepDueAt(input: StepInput): Date {
  const { businessHours, calendar } = input.schedule;
  return nextBusinessTime(nextStepEarliest(input), input.timeZone, businessHours, calendar);
}

export type NextStep =
  | { action: 'remind'; number: number; kind: ReminderKind }
  | { action: 'escalate' }
  | { action: 'wait'; until: Date }
  | { action: 'stop' };

/** What a reminder run does with a hire whose due time has come. */
export function planNextStep(
  input: StepInput & { stage: Stage; passwordSetup: PasswordSetupMode; now: Date },
): NextStep {
  const kind = reminderKind(input.stage, input.passwordSetup);
  if (!kind) return { action: 'stop' };
  const due = nextStepDueAt(input);
  // Late runs (after closing time) and changed schedules wait for the next allowed moment.
  const { businessHours, calendar } = input.schedule;
  const allowed = nextBusinessTime(input.now, input.timeZone, businessHours, calendar);
  const until = Math.max(due.getTime(), allowed.getTime());
  if (until > input.now.getTime()) return { action: 'wait', until: new Date(until) };
  if (input.remindersSent < input.schedule.afterDays.length) {
    return { action: 'remind', number: input.remindersSent + 1, kind };
  }
  return { action: 'escalate' };
}
