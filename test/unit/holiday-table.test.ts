import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { compileHolidayTable, configuredCountries } from '../../local/compile-holidays';
import { dayOff } from '../../src/kernel/calendar/calendar';
import { HOLIDAY_COUNTRIES } from '../../src/kernel/calendar/holiday-countries';
import { HOLIDAY_YEARS } from '../../src/kernel/calendar/holiday-table';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the compiled holiday table', () => {
  it('is what date-holidays computes (run npm run holidays after changing countries or the package)', () => {
    for (const [file, content] of compileHolidayTable(ROOT)) {
      expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(content);
    }
  });

  it('has every public holiday date-holidays gives for JP and US, and nothing else', () => {
    for (const country of ['JP', 'US']) {
      const calendar = { weekdays: [1, 2, 3, 4, 5, 6, 7], country, closures: [] };
      const hd = new Holidays(country);
      for (let year = HOLIDAY_YEARS.first; year <= HOLIDAY_YEARS.last; year++) {
        const all = hd.getHolidays(year);
        const expected = [...new Set(all.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)))];
        const days = Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1);
        const found: string[] = [];
        for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year, 0, 1) + days; ms += 86_400_000) {
          const off = dayOff(calendar, ms);
          if (off) found.push(off.date);
        }
        expect(found, `${country} ${year}`).toEqual(expected.sort());
      }
    }
  });

  it('covers every country the sample configuration names, and the years a start date can be in', () => {
    for (const country of configuredCountries(ROOT)) expect(HOLIDAY_COUNTRIES).toContain(country);
    // A start date is at most a year ahead and reminders follow it by weeks: regenerate with later years.
    expect(HOLIDAY_YEARS.last).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 2);
  });
});
