import { describe, expect, it } from 'vitest';
import { acceptVendorHire } from '../../../src/intake/accept-vendor-hire';
import { PRESETS } from '../../../src/intake/hr/index';
import type { HrPreset } from '../../../src/kernel/config/config';
import { appWorld, sampleHire, testConfig } from '../../support/fakes';

/**
 * A verified vendor notification through acceptVendorHire on the in-memory table, with the vendor's API
 * played by a fetch that answers as the vendor does: HiBob gives custom fields only when they are named,
 * and any API may answer with a record that is not the employee asked for.
 */
const START = '2027-04-01';
const JANE = {
  id: '3332883804594373380',
  firstName: 'Jane',
  surname: 'Smith',
  email: 'jane.smith@example.com',
  work: { startDate: START, title: 'Account Executive' },
  custom: { it: { directoryUserName: 'jsmith', locale: 'en-GB' } },
};

/** A HiBob API that answers the fields named in the body, and without `fields` everything but `custom`. */
function bob(record: Record<string, unknown>) {
  const asked: unknown[] = [];
  const fetch: typeof globalThis.fetch = (async (_url: URL, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { fields?: string[] };
    asked.push(body);
    const { custom, ...defaults } = record;
    const named = body.fields?.some((f) => f.startsWith('custom.'));
    return Response.json(named ? { ...defaults, custom } : defaults);
  }) as typeof fetch;
  return { fetch, asked };
}

function world(fetch: typeof globalThis.fetch) {
  const w = appWorld({ start: '2027-03-01T00:00:00Z' });
  const deps = {
    ...w.deps,
    hrApi: {
      connection: async () => ({ baseUrl: 'https://vendor.example.com/', credentials: 'user:secret' }),
      fetch,
    },
  };
  let n = 0;
  const deliver = (preset: HrPreset, employeeId: string, kind: 'hire' | 'update' = 'hire') =>
    acceptVendorHire(deps, {
      source: testConfig.sources.find((s) => s.preset === preset)!,
      notice: { kind, event: 'employee.created', employeeId },
      rawBody: Buffer.from(`delivery ${++n}`),
    });
  return { ...w, deliver };
}

describe('HiBob: the fetch names every field the mapping reads', () => {
  it('asks for its id and each mapped field, custom ones included, so the sample mapping gets a user name', async () => {
    const api = bob(JANE);
    const w = world(api.fetch);
    expect(await w.deliver('hibob', JANE.id)).toEqual({
      outcome: 'accepted',
      hireId: `hibob-${JANE.id}`,
      stage: 'RECEIVED',
    });
    expect(w.table.hires.get(`hibob-${JANE.id}`)?.person).toMatchObject({
      userName: 'jsmith',
      locale: 'en-GB',
    });
    expect(api.asked).toEqual([
      {
        fields: [
          'root.id',
          'root.firstName',
          'root.surname',
          'root.email',
          'work.startDate',
          'work.department',
          'work.title',
          'custom.it.directoryUserName',
          'custom.it.locale',
          'custom.it.timeZone',
        ],
        humanReadable: 'REPLACE',
      },
    ]);
  });
});

describe('a vendor record that is not the employee asked for', () => {
  const CASES: { preset: HrPreset; asked: string; record: Record<string, unknown> }[] = [
    { preset: 'hibob', asked: '3332883804594373381', record: JANE },
    {
      preset: 'bamboohr',
      asked: '124',
      record: {
        id: '123',
        firstName: 'John',
        lastName: 'Doe',
        workEmail: 'john.doe@example.com',
        hireDate: START,
        customDirectoryUserName: 'jdoe',
      },
    },
    {
      preset: 'personio',
      asked: '12346',
      record: {
        id: 12345,
        first_name: 'Max',
        last_name: 'Mustermann',
        email: 'max.mustermann@example.de',
        employments: [{ start_date: START }],
        custom_attributes: { directory_user_name: 'mmustermann' },
      },
    },
  ];

  it.each(CASES)(
    '$preset: refused, nothing stored, one alert however often the vendor retries',
    async (c) => {
      const answer = (async (url: URL) =>
        String(url).endsWith('auth/token')
          ? Response.json({ access_token: 'token' })
          : Response.json(c.record)) as typeof fetch;
      const w = world(answer);
      const hireId = `${c.preset}-${c.asked}`;
      expect(await w.deliver(c.preset, c.asked)).toEqual({ outcome: 'mismatched', hireId, alerted: true });
      expect(await w.deliver(c.preset, c.asked)).toEqual({ outcome: 'mismatched', hireId, alerted: false });
      expect(w.table.hires.size).toBe(0);
      expect(w.table.claims.size).toBe(0);
      expect(w.sfn.started).toEqual([]);
      expect(w.ses.sent).toHaveLength(1);
      // The sample configuration writes to the admins in Japanese.
      const label = PRESETS[c.preset].label;
      expect(w.ses.sent[0]!.text).toContain(`${label} から従業員 ${c.asked} の employee.created`);
      expect(w.ses.sent[0]!.text).toContain(`別の従業員 ${c.record.id} のレコード`);
      expect(w.ses.sent[0]!.text).toContain(`status ${hireId}`);
    },
  );

  it('a record that names no employee is refused the same way', async () => {
    const { id: _id, ...nameless } = JANE;
    const w = world(bob(nameless).fetch);
    expect(await w.deliver('hibob', JANE.id)).toMatchObject({ outcome: 'mismatched' });
    expect(w.table.hires.size).toBe(0);
    expect(w.ses.sent[0]!.text).toContain('従業員を示さないレコード');
  });

  it('the record of the employee asked for (a number id as BambooHR may send) is accepted', async () => {
    const w = world((async () => Response.json({ ...CASES[1]!.record, id: 123 })) as typeof fetch);
    expect(await w.deliver('bamboohr', '123')).toMatchObject({ outcome: 'accepted', hireId: 'bamboohr-123' });
  });
});

describe('hires stored before hire ids wrote a source\'s "-" as "_"', () => {
  it('an update for one of them is applied to it, not taken for someone never hired', async () => {
    const config = {
      ...testConfig,
      sources: [
        { name: 'bamboo-hr', preset: 'bamboohr' as const, mapping: { userName: 'customDirectoryUserName' } },
      ],
    };
    const w = appWorld({ start: '2027-03-01T00:00:00Z', config });
    const record = {
      id: '123',
      firstName: 'John',
      lastName: 'Doe',
      workEmail: 'john.doe@example.com',
      hireDate: START,
      jobTitle: 'Team Lead',
      customDirectoryUserName: 'jdoe',
    };
    const stored = sampleHire({
      hireId: 'bamboo-hr-123',
      source: 'bamboo-hr',
      person: { ...sampleHire().person, employeeId: '123', givenName: 'John', familyName: 'Doe' },
    });
    w.stores.seed(stored);
    const result = await acceptVendorHire(
      {
        ...w.deps,
        hrApi: {
          connection: async () => ({ baseUrl: 'https://x/', credentials: 'acme:k' }),
          fetch: (async () => Response.json(record)) as typeof fetch,
        },
      },
      {
        source: config.sources[0]!,
        notice: { kind: 'update', event: 'employee.updated', employeeId: '123' },
        rawBody: Buffer.from('u'),
      },
    );
    expect(result).toMatchObject({ outcome: 'updated', hireId: 'bamboo-hr-123' });
    expect(w.table.hires.get('bamboo-hr-123')?.person.jobTitle).toBe('Team Lead');
    expect(w.table.hires.has('bamboo_hr-123')).toBe(false);
  });
});
