/**
 * When a message to a person may go out: inside their business hours, in their own time zone.
 * Pure and based on Intl only (see provisioning-date.ts), so DST changes follow the runtime's zone data.
 */
import { localDate, offsetMs } from './provisioning-date';

export interface BusinessHours {
  /** `HH:MM`, 24-hour, local time. */
  start: string;
  /** `HH:MM`, exclusive. */
  end: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function minutesOf(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!match) throw new RangeError(`business hours must be HH:MM, got ${JSON.stringify(clock)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local calendar day given as its midnight in UTC. */
function isoWeekday(dayUtcMs: number): number {
  const day = new Date(dayUtcMs).getUTCDay();
  return day === 0 ? 7 : day;
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

export function isWithinBusinessHours(at: Date, timeZone: string, hours: BusinessHours): boolean {
  return nextBusinessTime(at, timeZone, hours).getTime() === at.getTime();
}

/**
 * `at` itself when it falls inside the business hours of `timeZone`, otherwise the next opening time
 * (start of business on the next allowed weekday).
 */
export function nextBusinessTime(at: Date, timeZone: string, hours: BusinessHours): Date {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start >= end) throw new RangeError('business hours: start must be before end');
  if (!hours.weekdays.some((d) => d >= 1 && d <= 7)) {
    throw new RangeError('business hours need at least one weekday from 1 to 7');
  }
  const atMs = at.getTime();
  const firstDay = localDate(atMs, timeZone);
  for (let i = 0; i <= 8; i++) {
    const day = firstDay + i * DAY_MS;
    if (!hours.weekdays.includes(isoWeekday(day))) continue;
    const opens = instantOfWallTime(day + start * MINUTE_MS, timeZone);
    const closes = instantOfWallTime(day + end * MINUTE_MS, timeZone);
    if (atMs < opens) return new Date(opens);
    if (atMs < closes) return new Date(atMs);
  }
  throw new RangeError('business hours: no opening time within a week');
}
