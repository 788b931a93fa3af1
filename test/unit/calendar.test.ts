import { describe, expect, it } from 'vitest';
import { hireStatus } from '../../src/admin/status';
import { acceptHire } from '../../src/intake/accept-hire';
import { endOfBusinessDay, nextBusinessTime } from '../../src/kernel/calendar/business-hours';
import {
  dayOff,
  daysOffBetween,
  isWorkDay,
  type WorkCalendar,
  workDaysBefore,
} from '../../src/kernel/calendar/calendar';
import { type ConfigError, parseConfig } from '../../src/kernel/config/load';
import { inLanguage } from '../../src/kernel/config/localized-text';
import { provisioningTime } from '../../src/kernel/hire/provisioning-date';
import { readinessTime } from '../../src/tracking/readiness';
import { calendarCountry, hireCalendar, setupLinkExpiry } from '../../src/tracking/schedule';
import { appWorld, sampleHire, testConfig } from '../support/fakes';

const TOKYO = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';
const HOURS = { start: '09:00', end: '18:00' };
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const YEAR_END = {
  from: '12-29',
  to: '01-03',
  label: { en: 'Year-end holidays', ja: '年末年始休業' },
  countries: ['JP'],
};
const japan: WorkCalendar = { weekdays: [1, 2, 3, 4, 5], country: 'JP', closures: [YEAR_END] };
const usa: WorkCalendar = { weekdays: [1, 2, 3, 4, 5], country: 'US', closures: [YEAR_END] };

describe('the company calendar', () => {
  it("knows Japan's public holidays by their names in Japanese and English (date-holidays)", () => {
    const showa = dayOff(japan, day('2027-04-29'));
    expect(showa).toEqual({
      date: '2027-04-29',
      kind: 'public-holiday',
      name: { en: 'Showa Day', ja: '昭和の日' },
    });
    expect(inLanguage(showa!.name, 'ja-JP', 'en')).toBe('昭和の日');
    expect(inLanguage(showa!.name, 'en', 'ja')).toBe('Showa Day');
    expect(isWorkDay(japan, day('2027-04-29'))).toBe(false);
    expect(isWorkDay(japan, day('2027-04-30'))).toBe(true);
    // A substitute holiday (振替休日) counts too.
    expect(dayOff(japan, day('2027-03-22'))?.name.ja).toBe('春分の日 (振替休日)');
  });

  it('counts public holidays only: the bank days 1/2, 1/3 and 12/31 are working days without a closure', () => {
    const noClosures = { ...japan, closures: [] };
    expect(isWorkDay(noClosures, day('2026-12-31'))).toBe(true); // Thursday, bank holiday
    expect(isWorkDay(noClosures, day('2025-01-02'))).toBe(true); // Thursday, bank holiday
    expect(isWorkDay(noClosures, day('2027-01-01'))).toBe(false); // 元日
  });

  it('closes the configured year-end range, over the new year, for the countries it names', () => {
    for (const date of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01']) {
      expect(isWorkDay(japan, day(date)), date).toBe(false);
    }
    expect(dayOff(japan, day('2026-12-30'))).toEqual({
      date: '2026-12-30',
      kind: 'closure',
      name: YEAR_END.label,
    });
    expect(isWorkDay(japan, day('2026-12-28'))).toBe(true);
    expect(isWorkDay(japan, day('2027-01-04'))).toBe(true);
    // The range is Japan's: a US hire works on 12/30.
    expect(isWorkDay(usa, day('2026-12-30'))).toBe(true);
    // A dated closure applies once.
    const once = { ...japan, closures: [{ from: '2027-08-12', to: '2027-08-13', label: { en: 'Summer' } }] };
    expect(dayOff(once, day('2027-08-13'))?.name).toEqual({ en: 'Summer' });
    expect(dayOff(once, day('2028-08-14'))).toBeUndefined();
  });

  it('skips the observed US Independence Day: two business days before Wednesday 2027-07-07 is Friday 07-02', () => {
    // July 4, 2027 is a Sunday; the holiday is observed on Monday the 5th.
    expect(dayOff(usa, day('2027-07-05'))?.name.en).toBe('Independence Day (substitute day)');
    expect(new Date(workDaysBefore(usa, day('2027-07-07'), 2)).toISOString().slice(0, 10)).toBe('2027-07-02');
    const check = readinessTime({
      startDate: '2027-07-07',
      timeZone: NEW_YORK,
      hours: HOURS,
      calendar: usa,
      businessDaysBefore: 2,
    });
    expect(check.toISOString()).toBe('2027-07-02T13:00:00.000Z'); // Friday 09:00 EDT
  });

  it('lists what a date moved past, weekdays only', () => {
    expect(daysOffBetween(japan, day('2027-04-29'), day('2027-05-05')).map((d) => d.name.ja)).toEqual([
      '昭和の日',
      '憲法記念日',
      'みどりの日',
      'こどもの日',
    ]);
  });
});

describe('business hours on the calendar', () => {
  it('moves a reminder due in the year-end closure to Monday 2027-01-04 09:00 in Tokyo', () => {
    const due = nextBusinessTime(new Date('2026-12-29T01:00:00Z'), TOKYO, HOURS, japan);
    expect(due.toISOString()).toBe('2027-01-04T00:00:00.000Z');
  });
  it('moves one due on Showa Day and in Golden Week to the next working day', () => {
    expect(nextBusinessTime(new Date('2027-04-29T03:00:00Z'), TOKYO, HOURS, japan).toISOString()).toBe(
      '2027-04-30T00:00:00.000Z',
    );
    expect(nextBusinessTime(new Date('2027-05-03T03:00:00Z'), TOKYO, HOURS, japan).toISOString()).toBe(
      '2027-05-06T00:00:00.000Z',
    );
  });
});

describe('the provisioning day (and so the invitation) is a working day', () => {
  const provision = (startDate: string, now: string, calendar = japan) =>
    provisioningTime({ startDate, timeZone: TOKYO, leadDays: 7, calendar, now: new Date(now) }).toISOString();

  it('moves back from Showa Day to the working day before: a start on 2027-05-06 provisions on 04-28', () => {
    expect(provision('2027-05-06', '2027-03-01T00:00:00Z')).toBe('2027-04-27T15:00:00.000Z');
  });
  it('keeps Monday 2026-12-28 for a start on 2027-01-04 (before the year-end closure)', () => {
    expect(provision('2027-01-04', '2026-12-01T00:00:00Z')).toBe('2026-12-27T15:00:00.000Z');
  });
  it('moves a weekend lead day back to Friday; a Monday one stays', () => {
    expect(provision('2027-06-14', '2027-03-01T00:00:00Z')).toBe('2027-06-06T15:00:00.000Z');
    // A Sunday lead day (start Sunday 2027-06-20) provisions on Friday 06-11.
    expect(provision('2027-06-20', '2027-03-01T00:00:00Z')).toBe('2027-06-10T15:00:00.000Z');
  });
  it('a late hire is provisioned at once, whatever the day: there is no time to lose', () => {
    // Entered on Showa Day 10:00 JST for a start on 05-06: its lead day (04-28) has passed.
    expect(provision('2027-05-06', '2027-04-29T01:00:00Z')).toBe('2027-04-29T01:00:00.000Z');
    // Entered in the year-end closure for a start on Monday 01-04.
    expect(provision('2027-01-04', '2026-12-30T01:00:00Z')).toBe('2026-12-30T01:00:00.000Z');
  });
});

describe('setup link deadlines', () => {
  it('is 17:00 local on the first working day at or after the lifetime, past holidays', () => {
    // Sent Thursday 2027-04-22 05:14 JST, 168 h: Thursday 04-29 05:14 is Showa Day → Friday 04-30 17:00 JST.
    expect(endOfBusinessDay(new Date('2027-04-28T20:14:00Z'), TOKYO, '17:00', japan).toISOString()).toBe(
      '2027-04-30T08:00:00.000Z',
    );
    // Sent Monday 2027-04-19 10:00 JST: Monday 04-26 17:00 JST, the same day as the lifetime ends.
    expect(endOfBusinessDay(new Date('2027-04-26T01:00:00Z'), TOKYO, '17:00', japan).toISOString()).toBe(
      '2027-04-26T08:00:00.000Z',
    );
    // After 17:00 on a working day: the next working day's 17:00.
    expect(endOfBusinessDay(new Date('2027-04-26T08:00:01Z'), TOKYO, '17:00', japan).toISOString()).toBe(
      '2027-04-27T08:00:00.000Z',
    );
  });
  it('follows the configuration: the link sent before the year-end closure works until 2027-01-04 17:00', () => {
    const hire = { person: { timeZone: TOKYO }, directoryId: 'd-95671a2b3c' };
    // Sent Tuesday 2026-12-22 11:00 JST: 168 h later is 12-29, in the closure.
    expect(setupLinkExpiry(testConfig, hire, new Date('2026-12-22T02:00:00Z')).toISOString()).toBe(
      '2027-01-04T08:00:00.000Z',
    );
  });
});

describe('whose calendar a hire follows', () => {
  const TOKYO_DIR = 'd-95671a2b3c';
  const OREGON_DIR = 'd-926724b1c0';
  it('their own country, else their directory’s, else the configured country', () => {
    expect(calendarCountry(testConfig, { person: { country: 'US' }, directoryId: TOKYO_DIR })).toBe('US');
    expect(calendarCountry(testConfig, { person: {}, directoryId: OREGON_DIR })).toBe('US');
    expect(calendarCountry(testConfig, { person: {}, directoryId: TOKYO_DIR })).toBe('JP');
    // No holiday table for France: the directory's calendar.
    expect(calendarCountry(testConfig, { person: { country: 'FR' }, directoryId: TOKYO_DIR })).toBe('JP');
    expect(hireCalendar(testConfig, { person: {}, directoryId: TOKYO_DIR }).closures).toEqual([YEAR_END]);
  });
});

describe('the calendar configuration', () => {
  const minimal = () => ({
    company: { name: 'Example Corp', supportContact: { email: 'it@example.com' } },
    directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD' }],
    bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
    email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
  });
  const problems = (raw: unknown): string[] => {
    try {
      parseConfig(raw);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('reads a country, closures every year or once, and one label for every language', () => {
    const config = parseConfig({
      ...minimal(),
      setupLinkDeadline: '18:30',
      calendar: {
        country: 'us',
        closures: [YEAR_END, { from: '2027-08-12', to: '2027-08-16', label: 'Summer shutdown' }],
      },
    });
    expect(config.setupLinkDeadline).toBe('18:30');
    expect(config.calendar).toEqual({
      country: 'US',
      closures: [
        YEAR_END,
        { from: '2027-08-12', to: '2027-08-16', label: { en: 'Summer shutdown', ja: 'Summer shutdown' } },
      ],
    });
    // A single day needs no `to`.
    expect(
      parseConfig({ ...minimal(), calendar: { closures: [{ from: '05-01', label: 'May Day' }] } }).calendar
        .closures,
    ).toEqual([{ from: '05-01', to: '05-01', label: { en: 'May Day', ja: 'May Day' } }]);
    // Language tags are read as BCP 47, like company.name's.
    expect(
      parseConfig({
        ...minimal(),
        calendar: { closures: [{ from: '05-01', label: { EN: 'May Day', JA: 'メーデー' } }] },
      }).calendar.closures[0]?.label,
    ).toEqual({ en: 'May Day', ja: 'メーデー' });
  });

  it('names every bad closure, country and deadline', () => {
    expect(
      problems({
        ...minimal(),
        setupLinkDeadline: '5pm',
        directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD', country: 'DE' }],
        calendar: {
          country: 'XX',
          closures: [
            { from: '02-30', label: 'x' },
            { from: '12-29', to: '2028-01-03', label: 'x' },
            { from: '01-03', to: '12-29', label: 'x' },
            { from: '2027-05-02', to: '2027-05-01', label: 'x' },
            { from: '12-29', to: '01-03', label: { en: 'Year-end holidays' } },
            { from: '12-29', label: 7, countries: ['JP'], note: 'x' },
          ],
        },
      }),
    ).toEqual([
      'config.directories[0].country: no public-holiday table for DE (there are JP, US): name it in config/onboarding.json and run npm run holidays',
      'config.setupLinkDeadline: must be a time HH:MM (24-hour)',
      'config.calendar.country: must be an ISO 3166-1 alpha-2 country code such as JP or US',
      'config.calendar.closures[0].from: must be a day as MM-DD (every year) or YYYY-MM-DD (once)',
      'config.calendar.closures[1].to: must be written like from (both MM-DD, or both YYYY-MM-DD)',
      'config.calendar.closures[2].to: a closure lasts at most 31 days, this one 362 days (from 01-03 to 12-29)',
      'config.calendar.closures[3].to: must not be before from',
      'config.calendar.closures[5].label: must be a non-empty string, or one per language such as {"en": "Year-end holidays", "ja": "年末年始休業"}',
      'config.calendar.closures[5].note: unknown field',
    ]);
    expect(
      problems({
        ...minimal(),
        calendar: {
          closures: [
            { from: '12-29', to: '01-03', label: { en: 'Year-end holidays' } },
            { from: '05-01', label: { en: 'May Day', ja: 'メーデー', fr: 'Fête du Travail' } },
          ],
        },
      }),
    ).toEqual([
      'config.calendar.closures[0].label: has no label for ja (config.locales: en, ja)',
      'config.calendar.closures[1].label.fr: is not one of config.locales (en, ja)',
    ]);
  });
});

describe('admin status says why a date moved', () => {
  it('names the holidays each date moved past, in the admins’ language (defaults.locale: ja)', async () => {
    const w = appWorld();
    const invitedAt = '2027-04-28T01:00:00.000Z'; // Wednesday 10:00 JST, before Golden Week
    const expiresAt = setupLinkExpiry(testConfig, sampleHire(), new Date(invitedAt)).toISOString();
    w.stores.seed(
      sampleHire({
        stage: 'INVITED',
        person: { ...sampleHire().person, startDate: '2027-05-06' },
        provisionAt: '2027-04-27T15:00:00Z',
        invitedAt,
        invitationCount: 1,
        setupLinkSentAt: invitedAt,
        setupTokenExpiresAt: expiresAt,
      }),
    );
    const status = await hireStatus(w.deps, 'hr-E-1');
    expect(expiresAt).toBe('2027-05-06T08:00:00.000Z'); // 168 h later is Children's Day: Thursday 17:00
    const names = (what: string) =>
      status.calendar.moves.find((m) => m.what === what)?.movedPast.map((d) => d.name);
    expect(status.calendar.country).toBe('JP');
    expect(names('provisioning')).toEqual(['昭和の日']);
    expect(names('next-reminder')).toEqual(['昭和の日']);
    expect(names('readiness-check')).toEqual(['昭和の日', '憲法記念日', 'みどりの日', 'こどもの日']);
    expect(names('setup-link-deadline')).toEqual(['こどもの日']);
    expect(status.nextReminder).toEqual({ at: '2027-04-30T00:00:00.000Z', step: 'reminder 1 of 3' });
  });

  it('names a closure by its configured label, and nothing for a date nothing moved', async () => {
    const w = appWorld();
    w.stores.seed(
      sampleHire({
        stage: 'INVITED',
        person: { ...sampleHire().person, startDate: '2027-01-12' },
        provisionAt: '2027-01-04T15:00:00Z',
        invitedAt: '2026-12-28T01:00:00.000Z',
        invitationCount: 1,
      }),
    );
    const status = await hireStatus(w.deps, 'hr-E-1');
    const reminder = status.calendar.moves.find((m) => m.what === 'next-reminder');
    expect(reminder?.at).toBe('2027-01-04T00:00:00.000Z');
    expect(reminder?.movedPast.map((d) => `${d.date} ${d.name}`)).toEqual([
      '2026-12-29 年末年始休業',
      '2026-12-30 年末年始休業',
      '2026-12-31 年末年始休業',
      '2027-01-01 元日',
    ]);
    expect(status.calendar.moves.find((m) => m.what === 'provisioning')).toBeUndefined();
  });
});

describe('an HR change of the country', () => {
  it('moves the provisioning day to the new country’s calendar (a new execution waits for it)', async () => {
    const w = appWorld({ start: '2027-03-01T00:00:00Z' });
    let n = 0;
    const deliver = (data: Record<string, unknown>, type = 'employee.hired') => {
      const body = {
        type,
        data: {
          employeeId: 'E-1',
          givenName: 'Hanako',
          familyName: 'Yamada',
          email: 'hanako.yamada@example.co.jp',
          userName: 'hyamada',
          timeZone: TOKYO,
          startDate: '2027-07-12',
          ...data,
        },
      };
      return acceptHire(w.deps, {
        webhookId: `msg-${++n}`,
        rawBody: Buffer.from(JSON.stringify(body)),
        body,
      });
    };
    await deliver({});
    // Japan: Monday 07-05 is a working day, provisioned at its start in Tokyo.
    expect(w.table.hires.get('hr-E-1')?.provisionAt).toBe('2027-07-04T15:00:00Z');

    const res = await deliver({ country: 'US' }, 'employee.updated');
    expect(res).toMatchObject({ outcome: 'updated', stage: 'RECEIVED' });
    // The US observes Independence Day on Monday 07-05: Friday 07-02 instead.
    expect(w.table.hires.get('hr-E-1')).toMatchObject({
      provisionAt: '2027-07-01T15:00:00Z',
      executionName: 'hire-hr-E-1-s1',
    });
  });
});
