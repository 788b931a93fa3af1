import { endOfBusinessDay, nextBusinessTime } from '../kernel/calendar/business-hours';
import { hasHolidayTable, type WorkCalendar } from '../kernel/calendar/calendar';
import type { OnboardingConfig } from '../kernel/config/load';
import { findDirectory } from '../kernel/config/load';
import { startOfLocalDay } from '../kernel/hire/provisioning-date';
import {
  type DirectorySignInFacts,
  needsPasswordSetup,
  type SignIn,
  signInFor,
} from '../kernel/hire/sign-in';
import { readinessTime } from './readiness';
import { nextStepDueAt, type PasswordSetupMode, type ReminderSchedule } from './reminders';

/**
 * How a hire of this directory signs in: what DescribeWorkspaceDirectories says (SAML 2.0, certificates,
 * IAM Identity Center), and for a directory password the configured way to set it (AD Connector: none).
 */
export function hireSignIn(
  config: OnboardingConfig,
  directoryId: string,
  directory: DirectorySignInFacts,
): SignIn {
  const configured = findDirectory(config, directoryId);
  const facts =
    directory.directoryType || !configured ? directory : { ...directory, directoryType: configured.type };
  return signInFor(facts, configured?.passwordSetup, configured?.identitySource);
}

/** The reminder planner's view: a password reminder only where setting one is the step to take. */
export function reminderPasswordSetup(signIn: SignIn): PasswordSetupMode {
  return needsPasswordSetup(signIn) ? 'hosted' : 'company-password';
}

/** What the calendar needs to know of a hire: where they work, and through which directory. */
export type CalendarHire = { person: { country?: string | undefined }; directoryId: string };

/**
 * Whose public holidays count for a hire: their own country when the holiday table has it, else their
 * directory's, else the configured default (calendar.country); none of them: no public holidays.
 */
export function calendarCountry(
  config: Pick<OnboardingConfig, 'calendar' | 'directories'>,
  hire: CalendarHire,
): string | undefined {
  const own = hire.person.country;
  if (own && hasHolidayTable(own)) return own;
  return findDirectory(config, hire.directoryId)?.country ?? config.calendar.country;
}

/** The hire's working days: the configured weekdays, their country's public holidays, the closures. */
export function hireCalendar(
  config: Pick<OnboardingConfig, 'calendar' | 'directories' | 'reminders'>,
  hire: CalendarHire,
): WorkCalendar {
  return {
    weekdays: config.reminders.businessHours.weekdays,
    country: calendarCountry(config, hire),
    closures: config.calendar.closures,
  };
}

export function reminderSchedule(config: OnboardingConfig, hire: CalendarHire): ReminderSchedule {
  return {
    afterDays: config.reminders.afterDays,
    businessHours: config.reminders.businessHours,
    calendar: hireCalendar(config, hire),
  };
}

/** Where a freshly invited hire goes on the `due` index: the first reminder, in their business hours. */
export function firstReminderDue(
  config: OnboardingConfig,
  hire: CalendarHire & { person: { timeZone?: string | undefined } },
  invitedAt: Date,
): { at: string } {
  const at = nextStepDueAt({
    invitedAt,
    remindersSent: 0,
    timeZone: hire.person.timeZone ?? config.defaults.timeZone,
    schedule: reminderSchedule(config, hire),
  });
  return { at: at.toISOString() };
}

/**
 * Until when a setup link sent at `sentAt` works, and the deadline its email shows: the same instant,
 * `setupLinkDeadline` (17:00) on the hire's first working day at or after `setupTokenTtlHours` from then.
 */
export function setupLinkExpiry(
  config: OnboardingConfig,
  hire: CalendarHire & { person: { timeZone: string } },
  sentAt: Date,
): Date {
  const earliest = new Date(sentAt.getTime() + config.setupTokenTtlHours * 3_600_000);
  return endOfBusinessDay(
    earliest,
    hire.person.timeZone,
    config.setupLinkDeadline,
    hireCalendar(config, hire),
  );
}

/** When `date` (YYYY-MM-DD) begins in `timeZone`. */
export const startOfDay = (date: string, timeZone: string) =>
  startOfLocalDay(Date.parse(`${date}T00:00:00Z`), timeZone);

/**
 * When a hire's check is due, or undefined for none: at its time, or at the next business opening when a
 * late hire's time has passed, as long as that is before the start date begins.
 */
export function readinessDueAt(
  config: Pick<OnboardingConfig, 'readinessCheck' | 'reminders' | 'calendar' | 'directories'>,
  hire: CalendarHire & { person: { startDate: string; timeZone: string } },
  now: Date,
): string | undefined {
  if (!config.readinessCheck.enabled) return undefined;
  const { person } = hire;
  const hours = config.reminders.businessHours;
  const calendar = hireCalendar(config, hire);
  const at = readinessTime({
    startDate: person.startDate,
    timeZone: person.timeZone,
    hours,
    calendar,
    businessDaysBefore: config.readinessCheck.businessDaysBefore,
  });
  const due = at > now ? at : nextBusinessTime(now, person.timeZone, hours, calendar);
  return due.getTime() < startOfDay(person.startDate, person.timeZone) ? due.toISOString() : undefined;
}
