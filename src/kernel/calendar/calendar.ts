/**
 * The company calendar: which local days are working days for a hire. A working day is one of the
 * configured weekdays that is neither a public holiday of the hire's country (date-holidays, compiled into
 * holiday-table.ts by `npm run holidays`) nor a configured company closure. Every business-day rule
 * (business hours, provisioning, readiness, link deadlines) asks this module, and nothing else.
 */

import type { LocalizedText } from '../config/localized-text';
import { HOLIDAY_COUNTRIES } from './holiday-countries';
import { HOLIDAY_TABLE_JSON } from './holiday-table';

const DAY_MS = 86_400_000;
/** How far the rules look for a working day before giving up (closures last at most 31 days each). */
export const SEARCH_DAYS = 400;

/** Days the company is closed, every year (`MM-DD`) or once (`YYYY-MM-DD`); `to` is inclusive. */
export interface Closure {
  from: string;
  to: string;
  label: LocalizedText;
  /** Only hires of these countries (ISO 3166-1 alpha-2); everyone when absent. */
  countries?: readonly string[];
}

export interface WorkCalendar {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** Whose public holidays count; undefined: none (weekdays and closures only). */
  country: string | undefined;
  closures: readonly Closure[];
}

/** Why a weekday is not a working day. */
export interface DayOff {
  /** `YYYY-MM-DD`. */
  date: string;
  kind: 'public-holiday' | 'closure';
  name: LocalizedText;
}

/** Countries with a holiday table (JP, US and those the configuration names, `npm run holidays`). */
export function hasHolidayTable(country: string): boolean {
  return HOLIDAY_COUNTRIES.includes(country);
}

type HolidayTable = Record<string, { names: [string, string][]; days: string }>;
let table: HolidayTable | undefined;
const decoded = new Map<string, Map<string, LocalizedText>>();

function holidaysOf(country: string): Map<string, LocalizedText> {
  let days = decoded.get(country);
  if (days) return days;
  days = new Map();
  // Parsed on first use: a function that never counts days pays nothing for it at cold start.
  table ??= JSON.parse(HOLIDAY_TABLE_JSON) as HolidayTable;
  const ofCountry = table[country];
  if (ofCountry) {
    for (const entry of ofCountry.days.split(' ')) {
      const [date, index] = entry.split(':') as [string, string];
      const [en, ja] = ofCountry.names[Number(index)]!;
      // Two holidays on one day: the first one names it.
      if (!days.has(date)) days.set(date, { en, ja });
    }
  }
  decoded.set(country, days);
  return days;
}

/** `YYYY-MM-DD` of a local day given as its midnight in UTC. */
export function isoDate(dayUtcMs: number): string {
  return new Date(dayUtcMs).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day given as its midnight in UTC. */
export function isoWeekday(dayUtcMs: number): number {
  const day = new Date(dayUtcMs).getUTCDay();
  return day === 0 ? 7 : day;
}

function closureCovers(closure: Closure, date: string): boolean {
  if (closure.from.length === 10) return closure.from <= date && date <= closure.to;
  const monthDay = date.slice(5);
  // Every year; a range like 12-29 to 01-03 runs over the new year.
  return closure.from <= closure.to
    ? closure.from <= monthDay && monthDay <= closure.to
    : monthDay >= closure.from || monthDay <= closure.to;
}

/** The holiday or closure that makes `dayUtcMs` a day off, whatever its weekday; undefined for none. */
export function dayOff(calendar: WorkCalendar, dayUtcMs: number): DayOff | undefined {
  const date = isoDate(dayUtcMs);
  const holiday = calendar.country ? holidaysOf(calendar.country).get(date) : undefined;
  if (holiday) return { date, kind: 'public-holiday', name: holiday };
  const closure = calendar.closures.find(
    (c) =>
      (!c.countries || (calendar.country !== undefined && c.countries.includes(calendar.country))) &&
      closureCovers(c, date),
  );
  return closure ? { date, kind: 'closure', name: closure.label } : undefined;
}

export function isWorkDay(calendar: WorkCalendar, dayUtcMs: number): boolean {
  return calendar.weekdays.includes(isoWeekday(dayUtcMs)) && dayOff(calendar, dayUtcMs) === undefined;
}

function step(calendar: WorkCalendar, dayUtcMs: number, direction: 1 | -1): number {
  if (!calendar.weekdays.some((d) => d >= 1 && d <= 7)) {
    throw new RangeError('business hours need at least one weekday from 1 to 7');
  }
  for (let i = 0, day = dayUtcMs; i <= SEARCH_DAYS; i++, day += direction * DAY_MS) {
    if (isWorkDay(calendar, day)) return day;
  }
  throw new RangeError(`the calendar has no working day within ${SEARCH_DAYS} days of ${isoDate(dayUtcMs)}`);
}

/** The first working day on or after `dayUtcMs`. */
export function workDayOnOrAfter(calendar: WorkCalendar, dayUtcMs: number): number {
  return step(calendar, dayUtcMs, 1);
}

/** The last working day on or before `dayUtcMs`. */
export function workDayOnOrBefore(calendar: WorkCalendar, dayUtcMs: number): number {
  return step(calendar, dayUtcMs, -1);
}

/** The working day `count` working days before `dayUtcMs` (which itself need not be one). */
export function workDaysBefore(calendar: WorkCalendar, dayUtcMs: number, count: number): number {
  let day = dayUtcMs;
  for (let left = count; left > 0; left--) day = workDayOnOrBefore(calendar, day - DAY_MS);
  return day;
}

/**
 * The holidays and closures on weekdays between two local days, both included, in date order: what a date
 * moved past. Weekends are not listed; they are no news to anyone.
 */
export function daysOffBetween(calendar: WorkCalendar, fromDayMs: number, toDayMs: number): DayOff[] {
  const [first, last] = fromDayMs <= toDayMs ? [fromDayMs, toDayMs] : [toDayMs, fromDayMs];
  const found: DayOff[] = [];
  for (let day = first; day <= last && found.length < SEARCH_DAYS; day += DAY_MS) {
    const off = calendar.weekdays.includes(isoWeekday(day)) ? dayOff(calendar, day) : undefined;
    if (off) found.push(off);
  }
  return found;
}
