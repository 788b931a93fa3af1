/**
 * When to provision a hire's WorkSpace: at the start of the day `leadDays` before the start date, in the
 * hire's own time zone, moved back to a working day of the hire's calendar. Offsets come from Intl (no date
 * library), so DST and odd zones are handled by the runtime's time zone data.
 */
import { type WorkCalendar, workDayOnOrBefore } from '../calendar/calendar';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * A Standard workflow execution runs at most one year; one still running then ends TIMED_OUT, which no
 * Catch sees (Step Functions quotas).
 */
export const EXECUTION_MAX_DAYS = 365;
/**
 * What the onboarding workflow may still need after its Wait: RequestWorkspace's TimeoutSeconds (eleven
 * days: a hire may wait up to DIRECTORY_WAIT_MAX_DAYS for its directory account, then provision for up to a
 * day) plus the retries of its tasks. test/unit/provisioning-date.test.ts checks this against the ASL.
 */
export const AFTER_WAIT_DAYS = 12;
/** The Wait ends at most this long after the execution starts, so Wait plus provisioning fit the year. */
export const LONGEST_WAIT_MS = (EXECUTION_MAX_DAYS - AFTER_WAIT_DAYS) * DAY_MS;

export interface ProvisioningTimeInput {
  /** `YYYY-MM-DD`, the first working day in `timeZone`. */
  startDate: string;
  /** IANA time zone of the hire. */
  timeZone: string;
  /** Whole days before the start date to provision (0 = on the day). */
  leadDays: number;
  /** The hire's working days: the invitation follows the WorkSpace within the hour, so it lands on one. */
  calendar: WorkCalendar;
  now: Date;
}

/**
 * The instant provisioning should begin: the start of the last working day on or before the day `leadDays`
 * before the start date (a holiday or closure moves it earlier, never shortening the lead time), and never
 * later than `LONGEST_WAIT_MS` from now (only a lead time under twelve days with a start a year ahead gets
 * there). `now` (a copy) when that day has begun or passed, or when the hire starts tomorrow or earlier in
 * their time zone: a late hire is not held back for a working day, there is no time to lose.
 */
export function provisioningTime({
  startDate,
  timeZone,
  leadDays,
  calendar,
  now,
}: ProvisioningTimeInput): Date {
  if (!Number.isInteger(leadDays) || leadDays < 0) {
    throw new RangeError(`leadDays must be a whole number >= 0, got ${leadDays}`);
  }
  const start = parseDate(startDate);
  const nowMs = now.getTime();
  const today = localDate(nowMs, timeZone);
  if (start - today <= DAY_MS) return new Date(nowMs);

  const latestDay = localDate(nowMs + LONGEST_WAIT_MS, timeZone);
  const day = workDayOnOrBefore(calendar, Math.min(start - leadDays * DAY_MS, latestDay));
  return day > today ? new Date(startOfLocalDay(day, timeZone)) : new Date(nowMs);
}

/** The nominal provisioning day (`leadDays` before the start), before the calendar moves it. */
export function leadDay(startDate: string, leadDays: number): number {
  return parseDate(startDate) - leadDays * DAY_MS;
}

/** The instant `date` (`YYYY-MM-DD`) has passed in `timeZone`: the start of the next local day. */
export function endOfLocalDate(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(parseDate(date) + DAY_MS, timeZone));
}

/**
 * The first instant of a calendar day in `timeZone`. `dayUtcMs` is that day's midnight in UTC
 * (`Date.UTC(y, m, d)`). If midnight is skipped by a DST change, the day starts at the change.
 */
export function startOfLocalDay(dayUtcMs: number, timeZone: string): number {
  // The zone's offset around that day: at most two distinct values (before and after a change).
  const offsets = new Set([
    offsetMs(dayUtcMs - DAY_MS, timeZone),
    offsetMs(dayUtcMs, timeZone),
    offsetMs(dayUtcMs + DAY_MS, timeZone),
  ]);
  const candidates = [...offsets]
    .map((offset) => dayUtcMs - offset)
    .filter((instant) => localDate(instant, timeZone) === dayUtcMs)
    .sort((a, b) => a - b);
  return candidates[0] ?? dayUtcMs - offsetMs(dayUtcMs, timeZone);
}

/** Midnight UTC of the calendar day that `instantMs` falls on in `timeZone`. */
export function localDate(instantMs: number, timeZone: string): number {
  const wall = wallClockMs(instantMs, timeZone);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

/** The zone's offset from UTC at `instantMs` (positive east of Greenwich), in milliseconds. */
export function offsetMs(instantMs: number, timeZone: string): number {
  const seconds = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(seconds, timeZone) - seconds;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall-clock time at `instantMs`, expressed as if it were UTC (seconds precision). */
function wallClockMs(instantMs: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instantMs)) part[type] = value;
  const year = part.era === 'BC' ? 1 - Number(part.year) : Number(part.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(part.month) - 1, Number(part.day));
  wall.setUTCHours(Number(part.hour), Number(part.minute), Number(part.second), 0);
  return wall.getTime();
}

function parseDate(value: string): number {
  const match = DATE.exec(value);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const date = new Date(ms);
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return ms;
    }
  }
  throw new RangeError(`startDate must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

export const DIRECTORY_WAIT_MAX_DAYS = 9;
