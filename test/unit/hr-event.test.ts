import { describe, expect, it } from 'vitest';
import { parseHrEvent } from '../../src/intake/hr-event-schema';

const opts = {
  supportedLocales: ['en', 'ja'],
  now: new Date('2026-11-30T20:00:00Z'),
  defaultTimeZone: 'Asia/Tokyo',
  directoryIds: ['d-95671a2b3c', 'd-90676d4e5f'],
  protectedUserNames: ['svc-backup'],
};
const data = {
  employeeId: 'E-1',
  givenName: 'Taro',
  familyName: 'Suzuki',
  email: 'taro@example.com',
  userName: 'tsuzuki',
  startDate: '2027-04-01',
};

describe('parseHrEvent', () => {
  it('reads employee.hired and employee.updated with the same body', () => {
    for (const type of ['employee.hired', 'employee.updated']) {
      expect(parseHrEvent({ type, data }, opts)).toEqual({ kind: 'hire', type, hire: data });
    }
  });

  it('reads employee.hire_cancelled with only the employee id', () => {
    expect(parseHrEvent({ type: 'employee.hire_cancelled', data: { employeeId: ' E-1 ' } }, opts)).toEqual({
      kind: 'cancel',
      employeeId: 'E-1',
    });
    expect(parseHrEvent({ type: 'employee.hire_cancelled' }, opts)).toEqual({
      kind: 'invalid',
      errors: [{ field: 'data', message: 'is required' }],
    });
    expect(
      parseHrEvent({ type: 'employee.hire_cancelled', data: { employeeId: 'a b' } }, opts),
    ).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'data.employeeId' }],
    });
  });

  it('checks an update as strictly as a hire', () => {
    expect(parseHrEvent({ type: 'employee.updated', data: { ...data, email: 'nope' } }, opts)).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'data.email' }],
    });
  });

  it('refuses built-in and configured protected user names, naming data.userName', () => {
    for (const userName of ['Administrator', 'admin', 'Guest', 'KRBTGT', 'SVC-Backup']) {
      expect(parseHrEvent({ type: 'employee.hired', data: { ...data, userName } }, opts), userName).toEqual({
        kind: 'invalid',
        errors: [{ field: 'data.userName', message: expect.stringContaining('protected') }],
      });
    }
  });

  it('takes an optional directory, one of the configured', () => {
    const named = parseHrEvent(
      { type: 'employee.hired', data: { ...data, directoryId: 'd-90676d4e5f' } },
      opts,
    );
    expect(named).toMatchObject({ kind: 'hire', hire: { directoryId: 'd-90676d4e5f' } });
    expect(
      parseHrEvent({ type: 'employee.hired', data: { ...data, directoryId: 'd-0000000000' } }, opts),
    ).toMatchObject({ kind: 'invalid', errors: [{ field: 'data.directoryId' }] });
  });

  it('takes an optional ISO 3166-1 alpha-2 country, upper-cased, and refuses anything else', () => {
    expect(parseHrEvent({ type: 'employee.hired', data: { ...data, country: 'us' } }, opts)).toMatchObject({
      kind: 'hire',
      hire: { country: 'US' },
    });
    for (const country of ['USA', 'ZZ', 'EU', 'XK', 'J1']) {
      expect(parseHrEvent({ type: 'employee.hired', data: { ...data, country } }, opts)).toEqual({
        kind: 'invalid',
        errors: [
          { field: 'data.country', message: 'must be an ISO 3166-1 alpha-2 country code such as JP or US' },
        ],
      });
    }
  });

  it('acknowledges other types without reading them', () => {
    expect(parseHrEvent({ type: 'employee.terminated', data: {} }, opts)).toEqual({
      kind: 'ignored',
      type: 'employee.terminated',
    });
  });
});
