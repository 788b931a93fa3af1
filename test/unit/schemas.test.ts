import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHrEvent } from '../../src/intake/hr-event-schema';
import { ConfigError, parseConfig } from '../../src/kernel/config/load';

const sample = (): any =>
  JSON.parse(readFileSync(new URL('../../config/onboarding.json', import.meta.url), 'utf8'));
const minimal = (): any => ({
  company: { name: 'Example Corp', supportContact: { email: 'it@example.com' } },
  directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD' }],
  bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
  email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
});

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

/** Paths to every value of a JSON document. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
}

const BAD_VALUES = [null, '', ' ', 7, -1, 1.5, true, [], {}, ['x'], 'x'.repeat(1001), 'a\u200bb'];
// valibot's own wording ("Invalid type: Expected ...") must never reach a user: every message is ours.
const VALIBOT_WORDING = /Invalid (type|key|length|value|input)|Expected|Received/;

describe('the configuration schema', () => {
  it('names every unknown field, at any depth', () => {
    const raw = minimal();
    raw.colour = 1;
    raw.size = 2;
    raw.company.supportContact.fax = '0';
    raw.directories[0].zone = 'x';
    expect(problems(raw).sort()).toEqual([
      'config.colour: unknown field',
      'config.company.supportContact.fax: unknown field',
      'config.directories[0].zone: unknown field',
      'config.size: unknown field',
    ]);
  });

  it('does not take an array for an object', () => {
    expect(problems({ ...minimal(), company: [] })).toEqual(['config.company: must be an object']);
    expect(problems([])).toEqual(['config: must be an object']);
  });

  it('applies a default to a null value, as to an absent one', () => {
    const config = parseConfig({
      ...minimal(),
      hrSource: null,
      provisioning: { leadDays: null },
      locales: null,
    });
    expect(config.hrSource).toBe('hr');
    expect(config.provisioning.leadDays).toBe(7);
    expect(config.locales).toEqual(['en', 'ja']);
  });

  it('compares fields only once each is valid', () => {
    expect(
      problems({
        ...minimal(),
        reminders: { businessHours: { start: '9am', end: '08:00' }, afterDays: [400, 3] },
      }),
    ).toEqual([
      'config.reminders.afterDays[0]: must be a whole number from 1 to 365',
      'config.reminders.businessHours.start: must be a time HH:MM (24-hour)',
    ]);
  });

  it('trims strings and canonicalises locales and time zones', () => {
    const config = parseConfig({
      ...minimal(),
      company: { name: '  Example Corp ', supportContact: { email: ' it@example.com ' } },
      locales: ['EN', 'ja-jp'],
      defaults: { locale: 'en', timeZone: 'asia/tokyo' },
    });
    expect(config.company).toEqual({
      name: { en: 'Example Corp', 'ja-JP': 'Example Corp' },
      supportContact: { email: 'it@example.com' },
      supportContacts: [],
    });
    expect(config.locales).toEqual(['en', 'ja-JP']);
    expect(config.defaults.timeZone).toBe('Asia/Tokyo');
  });

  it('speaks in its own words whatever is broken', () => {
    const doc = sample();
    for (const path of paths(doc)) {
      for (const bad of BAD_VALUES) {
        const raw = sample();
        let at = raw;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path.at(-1)!] = bad;
        for (const problem of problems(raw)) {
          expect(problem, path.join('.')).toMatch(/^config(\.|\[|:)/);
          expect(problem, path.join('.')).not.toMatch(VALIBOT_WORDING);
        }
      }
    }
  });
});

describe('the webhook body schema', () => {
  const opts = {
    supportedLocales: ['en', 'ja'],
    now: new Date('2026-11-30T20:00:00Z'),
    defaultTimeZone: 'UTC',
  };
  const hired = () => ({
    type: 'employee.hired',
    data: {
      employeeId: 'E-1',
      givenName: 'Taro',
      familyName: 'Suzuki',
      email: 'taro@example.com',
      userName: 'tsuzuki',
      startDate: '2027-04-01',
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
      department: 'Sales',
      jobTitle: 'AE',
      managerEmail: 'm@example.com',
      directoryId: 'd-0123456789',
    } as Record<string, unknown>,
  });

  it('speaks in its own words whatever is broken, for every event type', () => {
    for (const type of ['employee.hired', 'employee.updated', 'employee.hire_cancelled']) {
      for (const key of Object.keys(hired().data)) {
        for (const bad of BAD_VALUES) {
          const body = hired();
          body.type = type;
          body.data[key] = bad;
          const parsed = parseHrEvent(body, opts);
          if (parsed.kind !== 'invalid') continue;
          for (const error of parsed.errors) {
            expect(error.field).toMatch(/^(body|type|data)(\.|$)/);
            expect(error.message, `${type} ${key}`).not.toMatch(VALIBOT_WORDING);
          }
        }
      }
    }
  });

  it('ignores fields the contract does not name', () => {
    const body = hired();
    body.data.favouriteColour = 'blue';
    const parsed = parseHrEvent(body, opts);
    expect(parsed.kind).toBe('hire');
    expect(parsed.kind === 'hire' && 'favouriteColour' in parsed.hire).toBe(false);
  });

  it('reads an update as the whole record and a cancel as its employee id', () => {
    expect(parseHrEvent({ ...hired(), type: ' employee.updated ' }, opts)).toMatchObject({
      kind: 'hire',
      type: 'employee.updated',
      hire: { employeeId: 'E-1', locale: 'ja' },
    });
    expect(parseHrEvent({ type: 'employee.hire_cancelled', data: { employeeId: ' E-1 ' } }, opts)).toEqual({
      kind: 'cancel',
      employeeId: 'E-1',
    });
  });
});
