/**
 * The people each fake vendor API starts with, shaped after the vendors' documented records (README
 * "The HR adapters locally" says which parts of each shape we could confirm). Each vendor has one person
 * with everything a hire needs and one whose directory user name is missing (the mapping-failure case).
 * Start dates are filled in at start-up: a week after the local clock's today.
 */
export type Vendor = 'hibob' | 'bamboohr' | 'smarthr' | 'personio';
export type Person = Record<string, unknown>;

export function seedPeople(startDate: string): Record<Vendor, Record<string, Person>> {
  return {
    hibob: {
      '3332883804594373380': {
        id: '3332883804594373380',
        firstName: 'Jane',
        surname: 'Smith',
        displayName: 'Jane Smith',
        email: 'jane.smith@example.com',
        work: { startDate, title: 'Account Executive', department: 'Sales', site: 'London' },
        custom: { it: { directoryUserName: 'jsmith', locale: 'en-GB', timeZone: 'Europe/London' } },
      },
      '3332883804594373381': {
        id: '3332883804594373381',
        firstName: 'Tom',
        surname: 'Jones',
        displayName: 'Tom Jones',
        email: 'tom.jones@example.com',
        work: { startDate, title: 'Support Engineer', department: 'Support', site: 'London' },
        custom: { it: {} },
      },
    },
    bamboohr: {
      '123': {
        id: '123',
        firstName: 'John',
        lastName: 'Doe',
        workEmail: 'john.doe@example.com',
        hireDate: startDate,
        department: 'Engineering',
        jobTitle: 'Software Engineer',
        location: 'Salt Lake City, Utah',
        customDirectoryUserName: 'jdoe',
        customLocale: 'en-US',
        customTimeZone: 'America/Denver',
      },
      '124': {
        id: '124',
        firstName: 'Mary',
        lastName: 'Major',
        workEmail: 'mary.major@example.com',
        hireDate: startDate,
        department: 'Finance',
        jobTitle: 'Accountant',
        customDirectoryUserName: null,
      },
    },
    smarthr: {
      'a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b': {
        id: 'a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b',
        emp_code: '0001',
        last_name: '山田',
        first_name: '花子',
        email: 'hanako.yamada@example.co.jp',
        entered_at: startDate,
        custom_fields: [
          { template: { id: 't-1', name: 'ユーザー名' }, value: 'hyamada' },
          { template: { id: 't-2', name: '言語' }, value: 'ja-JP' },
        ],
      },
      'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b': {
        id: 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b',
        emp_code: '0002',
        last_name: '佐藤',
        first_name: '一郎',
        email: 'ichiro.sato@example.co.jp',
        entered_at: startDate,
        custom_fields: [{ template: { id: 't-2', name: '言語' }, value: 'ja-JP' }],
      },
    },
    personio: {
      '12345': {
        id: '12345',
        first_name: 'Max',
        last_name: 'Mustermann',
        email: 'max.mustermann@example.de',
        employments: [
          {
            id: '67890',
            start_date: startDate,
            position: { title: 'Sales Manager' },
            org_units: { department: { name: 'Sales' } },
          },
        ],
        custom_attributes: { directory_user_name: 'mmustermann', language: 'en-GB' },
      },
      '12346': {
        id: '12346',
        first_name: 'Erika',
        last_name: 'Musterfrau',
        email: 'erika.musterfrau@example.de',
        employments: [{ id: '67891', start_date: startDate, position: { title: 'Designer' } }],
        custom_attributes: {},
      },
    },
  };
}

/** The person with everything and the one without a user name, per vendor (tests and `npm run hire`). */
export const SAMPLE_PEOPLE: Record<Vendor, { complete: string; incomplete: string }> = {
  hibob: { complete: '3332883804594373380', incomplete: '3332883804594373381' },
  bamboohr: { complete: '123', incomplete: '124' },
  smarthr: {
    complete: 'a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b',
    incomplete: 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a5b',
  },
  personio: { complete: '12345', incomplete: '12346' },
};
