import { type DayOff, daysOffBetween, workDayOnOrBefore } from '../kernel/calendar/calendar';
import type { OnboardingConfig } from '../kernel/config/load';
import { inLanguage } from '../kernel/config/localized-text';
import { leadDay, localDate } from '../kernel/hire/provisioning-date';
import type { HireRecord } from '../kernel/hire/record';
import { readinessTime } from '../tracking/readiness';
import { nextStepDueAt, nextStepEarliest, type StepInput } from '../tracking/reminders';
import { hireCalendar } from '../tracking/schedule';

const DAY_MS = 86_400_000;

/** A date of the hire's onboarding that the company calendar moved, and the days off it moved past. */
export interface CalendarMove {
  what: 'provisioning' | 'readiness-check' | 'next-reminder' | 'setup-link-deadline';
  at: string;
  /** Each holiday or closure, named in `locale` (date-holidays' name; a closure by its configured label). */
  movedPast: { date: string; kind: DayOff['kind']; name: string }[];
}

/**
 * Why the hire's dates are where they are (`admin status`): the provisioning day, the readiness check, the
 * next reminder and the setup link's deadline, each with the holidays and closures it moved past.
 */
export function calendarMoves(
  config: OnboardingConfig,
  hire: HireRecord,
  nextStep: StepInput | undefined,
  locale: string,
): { country: string | undefined; moves: CalendarMove[] } {
  const calendar = hireCalendar(config, hire);
  const { timeZone, startDate } = hire.person;
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const moves: CalendarMove[] = [];
  const add = (what: CalendarMove['what'], at: Date, first: number, last: number) => {
    const off = daysOffBetween(calendar, first, last);
    if (first <= last && off.length) {
      moves.push({
        what,
        at: at.toISOString(),
        movedPast: off.map((d) => ({
          date: d.date,
          kind: d.kind,
          name: inLanguage(d.name, locale, config.defaults.locale),
        })),
      });
    }
  };

  // Moved back from the lead day to the working day before it.
  const provisioning = new Date(hire.provisionAt);
  const nominal = leadDay(startDate, config.provisioning.leadDays);
  const day = localDate(provisioning.getTime(), timeZone);
  if (day < nominal && workDayOnOrBefore(calendar, nominal) === day) {
    add('provisioning', provisioning, day + DAY_MS, nominal);
  }
  // Counted back from the start date past the days off in between.
  if (config.readinessCheck.enabled) {
    const at = readinessTime({
      startDate,
      timeZone,
      hours: config.reminders.businessHours,
      calendar,
      businessDaysBefore: config.readinessCheck.businessDaysBefore,
    });
    add('readiness-check', at, localDate(at.getTime(), timeZone) + DAY_MS, start - DAY_MS);
  }
  if (nextStep) laterBy(add, 'next-reminder', nextStepEarliest(nextStep), nextStepDueAt(nextStep), timeZone);
  if (hire.setupTokenExpiresAt && hire.setupLinkSentAt) {
    const earliest = new Date(Date.parse(hire.setupLinkSentAt) + config.setupTokenTtlHours * 3_600_000);
    laterBy(add, 'setup-link-deadline', earliest, new Date(hire.setupTokenExpiresAt), timeZone);
  }
  return { country: calendar.country, moves };
}

/** A date pushed later: the days off from the day it would have been on to the day before it is. */
function laterBy(
  add: (what: CalendarMove['what'], at: Date, first: number, last: number) => void,
  what: CalendarMove['what'],
  earliest: Date,
  at: Date,
  timeZone: string,
): void {
  add(what, at, localDate(earliest.getTime(), timeZone), localDate(at.getTime(), timeZone) - DAY_MS);
}
