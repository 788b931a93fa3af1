import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHireEvent } from '../../src/intake/hr-event-schema';
import {
  applyHireDefaults,
  executionNameFor,
  hireIdFor,
  isCalendarDate,
  latestStartDate,
  MAX_START_DAYS_AHEAD,
  sourceKey,
  storedHireIdsFor,
} from '../../src/kernel/hire/hire';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/hires/${name}`, import.meta.url), 'utf8'));

// 20:00 UTC: already 1 December in Tokyo, still 30 November in New York.
const NOW = new Date('2026-11-30T20:00:00Z');
const opts = { supportedLocales: ['en', 'ja'], now: NOW, defaultTimeZone: 'Asia/Tokyo' };

interface InvalidCase {
  name: string;
  body: unknown;
  errorFields: string[];
}

describe('parseHireEvent', () => {
  it('accepts a Japanese hire with every field', () => {
    expect(parseHireEvent(fixture('valid-ja.json'), opts)).toEqual({
      kind: 'hire',
      hire: {
        employeeId: 'E-10023',
        givenName: '花子',
        familyName: '山田',
        email: 'hanako.yamada@example.co.jp',
        userName: 'hyamada',
        locale: 'ja-JP',
        timeZone: 'Asia/Tokyo',
        startDate: '2027-04-01',
        department: 'Sales',
        jobTitle: 'Account Executive',
        managerEmail: 'manager@example.co.jp',
      },
    });
  });

  it('accepts an English hire and ignores fields it does not know', () => {
    const result = parseHireEvent(fixture('valid-en.json'), opts);
    expect(result.kind).toBe('hire');
    if (result.kind !== 'hire') return;
    expect(result.hire).toEqual({
      employeeId: 'US.4471_b',
      givenName: 'Jordan',
      familyName: "O'Neil",
      email: 'jordan.oneil+workspaces@example.com',
      userName: 'joneil',
      locale: 'en-US',
      timeZone: 'America/New_York',
      startDate: '2027-03-15',
      department: 'Engineering',
    });
  });

  it('trims every string and canonicalises locale and time zone', () => {
    const result = parseHireEvent(
      {
        type: 'employee.hired',
        data: {
          employeeId: ' E-1 ',
          givenName: ' Taro\t',
          familyName: '\nSuzuki ',
          email: ' taro@example.com ',
          userName: ' tsuzuki ',
          startDate: ' 2027-04-01 ',
          locale: 'JA-jp',
          timeZone: 'asia/tokyo',
        },
      },
      opts,
    );
    expect(result).toEqual({
      kind: 'hire',
      hire: {
        employeeId: 'E-1',
        givenName: 'Taro',
        familyName: 'Suzuki',
        email: 'taro@example.com',
        userName: 'tsuzuki',
        startDate: '2027-04-01',
        locale: 'ja-JP',
        timeZone: 'Asia/Tokyo',
      },
    });
  });

  it('treats null or blank optional fields as not given', () => {
    const result = parseHireEvent(
      {
        type: 'employee.hired',
        data: {
          employeeId: 'E-1',
          givenName: 'Taro',
          familyName: 'Suzuki',
          email: 'taro@example.com',
          userName: 'tsuzuki',
          startDate: '2027-04-01',
          locale: '',
          timeZone: null,
          department: '  ',
        },
      },
      opts,
    );
    expect(result.kind === 'hire' && result.hire).toEqual({
      employeeId: 'E-1',
      givenName: 'Taro',
      familyName: 'Suzuki',
      email: 'taro@example.com',
      userName: 'tsuzuki',
      startDate: '2027-04-01',
    });
  });

  it('accepts a locale whose full tag is listed even if its language is not', () => {
    const body = fixture('valid-ja.json') as { data: Record<string, unknown> };
    body.data.locale = 'pt-BR';
    expect(parseHireEvent(body, { ...opts, supportedLocales: ['en', 'pt-BR'] }).kind).toBe('hire');
    expect(parseHireEvent(body, { ...opts, supportedLocales: ['en', 'pt-PT'] }).kind).toBe('invalid');
  });

  it('ignores other event types so the sender stops retrying', () => {
    expect(parseHireEvent({ type: 'employee.terminated', data: {} }, opts)).toEqual({
      kind: 'ignored',
      type: 'employee.terminated',
    });
    expect(parseHireEvent({ type: 'ping' }, opts)).toEqual({ kind: 'ignored', type: 'ping' });
  });

  const invalidCases = fixture('invalid.json') as InvalidCase[];
  it.each(invalidCases.map((c) => [c.name, c] as const))('rejects a body with %s', (_name, c) => {
    const result = parseHireEvent(c.body, opts);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(c.errorFields);
    for (const error of result.errors) expect(error.message).toMatch(/\w/);
  });

  it('explains each problem in words', () => {
    const result = parseHireEvent(
      {
        type: 'employee.hired',
        data: {
          employeeId: 42,
          givenName: 'x'.repeat(1001),
          familyName: 'Suzuki',
          email: 'taro@example.com',
          userName: 'tsuzuki',
          startDate: '2027-02-30',
          locale: 'fr',
          timeZone: 'Nowhere/City',
        },
      },
      opts,
    );
    expect(result).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'data.employeeId', message: 'must be a string, got a number' },
        { field: 'data.givenName', message: 'too long: at most 1000 characters' },
        { field: 'data.startDate', message: 'must be a real date in the form YYYY-MM-DD' },
        { field: 'data.locale', message: 'unknown locale: supported are en, ja' },
        { field: 'data.timeZone', message: 'must be an IANA time zone such as Asia/Tokyo' },
      ],
    });
  });

  describe('start dates at most a year ahead (a workflow execution lives one year)', () => {
    const withStart = (startDate: string, timeZone?: string) => {
      const body = fixture('valid-ja.json') as { data: Record<string, unknown> };
      body.data.startDate = startDate;
      if (timeZone === undefined) delete body.data.timeZone;
      else body.data.timeZone = timeZone;
      return parseHireEvent(body, opts);
    };

    it('accepts exactly 365 days after today in the hire’s zone, and any earlier day', () => {
      expect(MAX_START_DAYS_AHEAD).toBe(365);
      expect(latestStartDate(NOW, 'Asia/Tokyo')).toBe('2027-12-01');
      expect(withStart('2027-12-01', 'Asia/Tokyo').kind).toBe('hire');
      expect(withStart('2027-11-30', 'America/New_York').kind).toBe('hire');
      expect(withStart('2026-11-01', 'Asia/Tokyo').kind).toBe('hire');
    });

    it('refuses day 366 and later with an error naming data.startDate and the last allowed day', () => {
      expect(withStart('2027-12-02', 'Asia/Tokyo')).toEqual({
        kind: 'invalid',
        errors: [
          { field: 'data.startDate', message: 'must be at most 365 days ahead (2027-12-01 or earlier)' },
        ],
      });
      // Still 30 November in New York: its last day is one earlier.
      expect(withStart('2027-12-01', 'America/New_York')).toMatchObject({
        kind: 'invalid',
        errors: [{ field: 'data.startDate', message: expect.stringContaining('2027-11-30') }],
      });
      for (const far of ['2028-11-30', '2099-04-01', '9999-12-31']) {
        expect(withStart(far, 'Asia/Tokyo').kind, far).toBe('invalid');
      }
    });

    it('counts from the configured zone when the hire names none', () => {
      expect(withStart('2027-12-01').kind).toBe('hire');
      expect(withStart('2027-12-01', undefined)).toMatchObject({ kind: 'hire' });
      const newYork = { ...opts, defaultTimeZone: 'America/New_York' };
      const body = fixture('valid-ja.json') as { data: Record<string, unknown> };
      delete body.data.timeZone;
      body.data.startDate = '2027-12-01';
      expect(parseHireEvent(body, newYork).kind).toBe('invalid');
    });
  });

  it('accepts user names at the Active Directory limits', () => {
    const body = fixture('valid-en.json') as { data: Record<string, unknown> };
    for (const userName of ['a', 'a'.repeat(20), 'first.last', 'j-o_n', 'yamada hanako']) {
      body.data.userName = userName;
      expect(parseHireEvent(body, opts).kind, userName).toBe('hire');
    }
  });
});

describe('applyHireDefaults', () => {
  const config = { defaults: { locale: 'en', timeZone: 'UTC' } };

  it('fills in the configured locale and time zone when the event has none', () => {
    const input = {
      employeeId: 'E-1',
      givenName: 'Taro',
      familyName: 'Suzuki',
      email: 'taro@example.com',
      userName: 'tsuzuki',
      startDate: '2027-04-01',
    };
    expect(applyHireDefaults(input, config)).toEqual({ ...input, locale: 'en', timeZone: 'UTC' });
  });

  it("keeps the hire's own locale and time zone", () => {
    const result = parseHireEvent(fixture('valid-ja.json'), opts);
    if (result.kind !== 'hire') throw new Error('fixture should be valid');
    expect(applyHireDefaults(result.hire, config)).toMatchObject({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
  });
});

describe('isCalendarDate', () => {
  it.each(['2027-04-01', '2028-02-29', '2027-12-31', '2000-02-29'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });
  it.each(['2027-02-29', '1900-02-29', '2027-04-31', '2027-00-10', '2027-1-1', '0000-01-01', ''])(
    'rejects %s',
    (date) => {
      expect(isCalendarDate(date)).toBe(false);
    },
  );
});

describe('hire ids across sources', () => {
  it('never collide: the first "-" ends the source, whose own "-" are written "_"', () => {
    expect(hireIdFor('bamboo-hr', '1')).toBe('bamboo_hr-1');
    expect(hireIdFor('bamboo', 'hr-1')).toBe('bamboo-hr-1');
    expect(hireIdFor('hr', 'hibob-42')).toBe('hr-hibob-42');
    expect(hireIdFor('hibob', '42')).toBe('hibob-42');
    const pairs = [
      ['a', 'b-c'],
      ['a-b', 'c'],
      ['a-b-c', 'd'],
      ['a', 'b-c-d'],
    ] as const;
    const ids = pairs.map(([source, employee]) => hireIdFor(source, employee));
    expect(new Set(ids).size).toBe(pairs.length);
  });

  it('keep finding hires stored under the id a source with "-" in its name gave before', () => {
    expect(storedHireIdsFor('bamboo-hr', '1')).toEqual(['bamboo_hr-1', 'bamboo-hr-1']);
    expect(storedHireIdsFor('hibob', '42')).toEqual(['hibob-42']);
    expect(sourceKey('bamboo-hr')).toBe('bamboo_hr');
  });
});

describe('executionNameFor and hireIdFor', () => {
  const ALLOWED = /^[A-Za-z0-9_-]{1,80}$/;

  it('uses hire-<source>-<employeeId> when the id is already safe', () => {
    expect(executionNameFor('hr', 'E-10023')).toBe('hire-hr-E-10023');
    expect(hireIdFor('hr', 'E-10023')).toBe('hr-E-10023');
  });

  it('is the hire id with the hire- prefix', () => {
    for (const id of ['E-1', 'a.b', 'x'.repeat(200), '社員/42']) {
      expect(executionNameFor('hr', id)).toBe(`hire-${hireIdFor('hr', id)}`);
    }
  });

  it('is stable for the same input', () => {
    expect(executionNameFor('hr', 'US.4471_b')).toBe(executionNameFor('hr', 'US.4471_b'));
  });

  it('replaces characters Step Functions does not allow and appends a hash', () => {
    const name = executionNameFor('hr', 'US.4471 b/c');
    expect(name).toMatch(ALLOWED);
    expect(name).toMatch(/^hire-hr-US_4471_b_c-[0-9a-f]{12}$/);
  });

  it('never lets two employee ids collide after replacement', () => {
    const ids = ['a.b', 'a_b', 'a/b', 'a b', 'a:b', 'a#b', '山田', '田中'];
    const names = ids.map((id) => executionNameFor('hr', id));
    expect(new Set(names).size).toBe(ids.length);
    for (const name of names) expect(name).toMatch(ALLOWED);
  });

  it('keeps long ids within 80 characters without collisions', () => {
    const long1 = `${'E'.repeat(100)}1`;
    const long2 = `${'E'.repeat(100)}2`;
    const [a, b] = [executionNameFor('hr', long1), executionNameFor('hr', long2)];
    expect(a).toHaveLength(80);
    expect(a).toMatch(ALLOWED);
    expect(a).not.toBe(b);
    expect(hireIdFor('hr', long1).length).toBeLessThanOrEqual(75);
  });

  it('keeps a safe id of exactly the maximum length as it is', () => {
    const id = 'E'.repeat(72); // 'hire-hr-' + 72 = 80
    expect(executionNameFor('hr', id)).toBe(`hire-hr-${id}`);
    expect(executionNameFor('hr', `${id}E`)).toMatch(/-[0-9a-f]{12}$/);
  });
});
