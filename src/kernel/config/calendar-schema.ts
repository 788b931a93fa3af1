/**
 * The configuration's company calendar (`calendar`): the default country whose public holidays count, and
 * the company's closure days and ranges. Checked with the rest of the configuration at cold start.
 */
import * as v from 'valibot';
import { hasHolidayTable } from '../calendar/calendar';
import { HOLIDAY_COUNTRIES } from '../calendar/holiday-countries';
import { isCountryCode } from '../hire/hire';
import { crossCheck, knownObject, list, rule, text } from '../schemas';
import { localized } from './localized-schema';

const DAY_MS = 86_400_000;
/** A closure longer than this is a typo (01-03 to 12-29 for 12-29 to 01-03 would close the whole year). */
export const MAX_CLOSURE_DAYS = 31;

const countryCode = v.pipe(
  text(2),
  v.check(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as JP or US'),
  v.transform((code) => code.toUpperCase()),
);

/** A country whose public holidays the product knows: the ones in src/kernel/calendar/holiday-table.ts. */
export const holidayCountry = v.pipe(
  countryCode,
  rule((code: string) =>
    hasHolidayTable(code)
      ? undefined
      : `no public-holiday table for ${code} (there are ${HOLIDAY_COUNTRIES.join(', ')}): name it in config/onboarding.json and run npm run holidays`,
  ),
);

/** `MM-DD` (every year) or `YYYY-MM-DD` (once), a real day. */
const closureDay = v.pipe(
  text(10),
  v.check((day) => parseDay(day) !== undefined, 'must be a day as MM-DD (every year) or YYYY-MM-DD (once)'),
);

const closure = v.pipe(
  knownObject({
    from: closureDay,
    to: v.optional(closureDay),
    /** Like company.name: its languages are those of config.locales (checked in config.ts). */
    label: localized(100, '{"en": "Year-end holidays", "ja": "年末年始休業"}'),
    countries: v.optional(list(countryCode, 1)),
  }),
  crossCheck({
    fields: [['from'], ['to']],
    at: ['to'],
    test: (c) => c.to === undefined || c.to.length === c.from.length,
    message: 'must be written like from (both MM-DD, or both YYYY-MM-DD)',
  }),
  crossCheck({
    fields: [['from'], ['to']],
    at: ['to'],
    test: (c) => c.to === undefined || c.to.length !== c.from.length || closureDays(c.from, c.to) >= 1,
    message: 'must not be before from',
  }),
  crossCheck({
    fields: [['from'], ['to']],
    at: ['to'],
    test: (c) =>
      c.to === undefined || c.to.length !== c.from.length || closureDays(c.from, c.to) <= MAX_CLOSURE_DAYS,
    message: (c) =>
      `a closure lasts at most ${MAX_CLOSURE_DAYS} days, this one ${closureDays(c.from, c.to!)} days (from ${c.from} to ${c.to})`,
  }),
  v.transform(({ from, to, label, countries }) => ({
    from,
    to: to ?? from,
    label,
    ...(countries ? { countries } : {}),
  })),
);

export const calendarSection = knownObject({
  country: v.optional(holidayCountry),
  closures: v.nullish(list(closure, 0), []),
});

/** Days from `from` to `to`, both included; a yearly range may run over the new year (12-29 to 01-03). */
function closureDays(from: string, to: string): number {
  const a = parseDay(from)!;
  let b = parseDay(to)!;
  if (from.length === 5 && b < a) b += 365 * DAY_MS;
  return Math.round((b - a) / DAY_MS) + 1;
}

/** Midnight UTC of the day; a yearly day is read in a leap year, so 02-29 is a day. */
function parseDay(day: string): number | undefined {
  const match = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1] ?? 2028), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === date
    ? ms
    : undefined;
}
