/**
 * When a message to a person may go out: inside their business hours on a working day of their calendar
 * (calendar.ts: weekdays, public holidays, closures), in their own time zone. Pure and based on Intl only
 * (see provisioning-date.ts), so DST changes follow the runtime's zone data.
 */

import { localDate, offsetMs } from '../hire/provisioning-date';
import { isWorkDay, SEARCH_DAYS, type WorkCalendar, workDayOnOrAfter } from './calendar';

export interface BusinessHours {
  /** `HH:MM`, 24-hour, local time. */
  start: string;
  /** `HH:MM`, exclusive. */
  end: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export function minutesOf(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!match) throw new RangeError(`business hours must be HH:MM, got ${JSON.stringify(clock)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant at which the local wall-clock time `wallMs` (expressed as if it were UTC) occurs in
 * `timeZone`. A wall time skipped by a DST change maps to the instant just after the change.
 */
export function instantOfWallTime(wallMs: number, timeZone: string): number {
  const offsets = new Set([
    offsetMs(wallMs - DAY_MS, timeZone),
    offsetMs(wallMs, timeZone),
    offsetMs(wallMs + DAY_MS, timeZone),
  ]);
  const candidates = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((instant) => instant + offsetMs(instant, timeZone) === wallMs)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  // In a gap: the offset before the change, applied to the wall time, lands just after the change.
  return wallMs - offsetMs(wallMs - DAY_MS, timeZone);
}

export function isWithinBusinessHours(
  at: Date,
  timeZone: string,
  hours: BusinessHours,
  calendar: WorkCalendar,
): boolean {
  return nextBusinessTime(at, timeZone, hours, calendar).getTime() === at.getTime();
}

/**
 * `at` itself when it falls inside the business hours of `timeZone` on a working day, otherwise the next
 * opening time (start of business on the next working day).
 */
export function nextBusinessTime(
  at: Date,
  timeZone: string,
  hours: BusinessHours,
  calendar: WorkCalendar,
): Date {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start >= end) throw new RangeError('business hours: start must be before end');
  const atMs = at.getTime();
  let day = workDayOnOrAfter(calendar, localDate(atMs, timeZone));
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const opens = instantOfWallTime(day + start * MINUTE_MS, timeZone);
    const closes = instantOfWallTime(day + end * MINUTE_MS, timeZone);
    if (atMs < opens) return new Date(opens);
    if (atMs < closes) return new Date(atMs);
    day = workDayOnOrAfter(calendar, day + DAY_MS);
  }
  throw new RangeError('business hours: no opening time found');
}

/**
 * A deadline people plan by: `closing` (`HH:MM`, e.g. 17:00) local time on the first working day at which
 * that is at or after `earliest`. Never before `earliest`; later by less than a day plus the days off.
 */
export function endOfBusinessDay(
  earliest: Date,
  timeZone: string,
  closing: string,
  calendar: WorkCalendar,
): Date {
  const minutes = minutesOf(closing);
  const atMs = earliest.getTime();
  let day = localDate(atMs, timeZone);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    if (isWorkDay(calendar, day)) {
      const closes = instantOfWallTime(day + minutes * MINUTE_MS, timeZone);
      if (closes >= atMs) return new Date(closes);
    }
    day += DAY_MS;
  }
  throw new RangeError('link deadline: no working day found');
}
