import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hrSources } from '../../src/intake/adapters/hr-sources';
import { bamboohr } from '../../src/intake/hr/bamboohr';
import { hibob } from '../../src/intake/hr/hibob';
import { mapPerson } from '../../src/intake/hr/index';
import { personio } from '../../src/intake/hr/personio';
import type { PersonApi, VerifyInput } from '../../src/intake/hr/preset';
import { smarthr } from '../../src/intake/hr/smarthr';
import type { HrSourceConfig } from '../../src/kernel/config/config';
import { ConfigError, parseConfig } from '../../src/kernel/config/load';
import { HrApiError, WebhookSignatureError } from '../../src/kernel/errors';

/**
 * The presets' own rules, computed here the way each vendor documents them (docs/hr-sources.md),
 * independently of src/intake/hr: a signature made by the vendor's recipe verifies, anything else is a
 * WebhookSignatureError with its reason.
 */
const NOW = Date.parse('2027-03-25T09:00:00Z');
const BODY = Buffer.from('{"type":"employee.created","data":{"employeeId":"123"}}');

function input(overrides: Partial<VerifyInput>): VerifyInput {
  return { headers: {}, query: {}, rawBody: BODY, secrets: ['secret-one-0123'], nowMs: NOW, ...overrides };
}

function reason(run: () => void): string | undefined {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookSignatureError);
    return (err as WebhookSignatureError).reason;
  }
  return undefined;
}

describe('HiBob: Bob-Signature, Base64 HMAC-SHA512 of the body', () => {
  const sign = (secret: string, body = BODY) => createHmac('sha512', secret).update(body).digest('base64');

  it('accepts the signature of the current secret, or of the old one during a rotation', () => {
    const headers = { 'Bob-Signature': sign('secret-one-0123') };
    expect(reason(() => hibob.verify(input({ headers })))).toBeUndefined();
    expect(
      reason(() => hibob.verify(input({ headers, secrets: ['secret-two-0123', 'secret-one-0123'] }))),
    ).toBeUndefined();
  });

  it('refuses another secret, another body, and no header', () => {
    expect(reason(() => hibob.verify(input({ headers: { 'bob-signature': sign('other-secret-0') } })))).toBe(
      'bad-signature',
    );
    expect(
      reason(() =>
        hibob.verify(input({ headers: { 'bob-signature': sign('secret-one-0123', Buffer.from('{}')) } })),
      ),
    ).toBe('bad-signature');
    expect(reason(() => hibob.verify(input({})))).toBe('bad-signature');
  });

  it('refuses to run without a usable secret (a configuration problem, not a 401)', () => {
    expect(reason(() => hibob.verify(input({ secrets: [] })))).toBe('bad-secret-config');
  });

  it('reads employee.joined / created as a hire, updated as an update, deleted as a cancel, the rest ignored', () => {
    const read = (type: string) => hibob.read({ type, data: { employeeId: '42' } });
    expect(read('employee.joined')).toEqual({ kind: 'hire', event: 'employee.joined', employeeId: '42' });
    expect(read('employee.created').kind).toBe('hire');
    expect(read('employee.updated').kind).toBe('update');
    expect(read('employee.deleted').kind).toBe('cancel');
    expect(read('employee.left')).toEqual({ kind: 'ignore', event: 'employee.left' });
    expect(hibob.read({ type: 'employee.joined', data: {} }).kind).toBe('ignore');
  });

  it('answers its connection test before any check', () => {
    expect(hibob.isPing?.(Buffer.from('{"text":"Ping test"}'))).toBe(true);
    expect(hibob.isPing?.(BODY)).toBe(false);
  });
});

describe('BambooHR: X-BambooHR-Signature, hex HMAC-SHA256 of body + X-BambooHR-Timestamp', () => {
  const ts = String(NOW / 1000);
  const sign = (secret: string, timestamp = ts) =>
    createHmac('sha256', secret).update(BODY).update(timestamp).digest('hex');

  it('accepts a fresh, well-signed delivery', () => {
    const headers = { 'X-BambooHR-Signature': sign('secret-one-0123'), 'X-BambooHR-Timestamp': ts };
    expect(reason(() => bamboohr.verify(input({ headers })))).toBeUndefined();
  });

  it('refuses a timestamp more than five minutes away, and a signature of another timestamp', () => {
    const old = String(NOW / 1000 - 301);
    const stale = { 'x-bamboohr-signature': sign('secret-one-0123', old), 'x-bamboohr-timestamp': old };
    expect(reason(() => bamboohr.verify(input({ headers: stale })))).toBe('stale');
    const moved = {
      'x-bamboohr-signature': sign('secret-one-0123', String(NOW / 1000 - 10)),
      'x-bamboohr-timestamp': ts,
    };
    expect(reason(() => bamboohr.verify(input({ headers: moved })))).toBe('bad-signature');
    expect(reason(() => bamboohr.verify(input({ headers: { 'x-bamboohr-timestamp': ts } })))).toBe(
      'bad-signature',
    );
  });

  it('asks the Get Employee API for the mapped fields, with the API key', async () => {
    const calls: { url: string; auth: string | undefined }[] = [];
    const api: PersonApi = {
      baseUrl: 'https://api.bamboohr.com',
      credentials: 'acme:key-123',
      signal: AbortSignal.timeout(1000),
      fetch: (async (url: URL, init: RequestInit) => {
        calls.push({ url: String(url), auth: (init.headers as Record<string, string>).authorization });
        return new Response(JSON.stringify({ id: '123', firstName: 'John' }), { status: 200 });
      }) as typeof fetch,
    };
    const person = await bamboohr.fetchPerson!(api, '123', {
      givenName: 'firstName',
      userName: 'customUser',
    });
    expect(person).toEqual({ id: '123', firstName: 'John' });
    expect(calls).toEqual([
      {
        url: 'https://api.bamboohr.com/api/gateway.php/acme/v1/employees/123/?fields=firstName%2CcustomUser',
        auth: `Basic ${Buffer.from('key-123:x').toString('base64')}`,
      },
    ]);
  });

  it('turns a failing API into HrApiError (503 upstream) and a 404 into "no such person"', async () => {
    const answering = (status: number): PersonApi => ({
      baseUrl: 'https://api.bamboohr.com',
      credentials: 'acme:key',
      signal: AbortSignal.timeout(1000),
      fetch: (async () => new Response('{}', { status })) as typeof fetch,
    });
    await expect(bamboohr.fetchPerson!(answering(500), '1', {})).rejects.toBeInstanceOf(HrApiError);
    await expect(bamboohr.fetchPerson!(answering(404), '1', {})).resolves.toBeUndefined();
  });
});

describe('SmartHR: X-SmartHR-Token, the secret token itself', () => {
  it('accepts the token and refuses another or none', () => {
    expect(
      reason(() => smarthr.verify(input({ headers: { 'X-SmartHR-Token': 'secret-one-0123' } }))),
    ).toBeUndefined();
    expect(reason(() => smarthr.verify(input({ headers: { 'x-smarthr-token': 'secret-one-012' } })))).toBe(
      'bad-signature',
    );
    expect(reason(() => smarthr.verify(input({})))).toBe('bad-signature');
  });

  it('reads the crew from the body, its custom fields by template name', () => {
    const notice = smarthr.read({
      event: 'crew_created',
      crew: { id: 'c-1', custom_fields: [{ template: { name: 'ユーザー名' }, value: 'hyamada' }] },
    });
    expect(notice).toMatchObject({
      kind: 'hire',
      employeeId: 'c-1',
      person: { custom: { ユーザー名: 'hyamada' } },
    });
    expect(smarthr.read({ event: 'crew_deleted', crew: { id: 'c-1' } }).kind).toBe('cancel');
    expect(smarthr.read({ event: 'dependent_created', crew: { id: 'c-1' } }).kind).toBe('ignore');
  });
});

describe('Personio: dataless notifications, the secret in the webhook URL', () => {
  it('accepts ?token= of the secret and refuses another or none', () => {
    expect(reason(() => personio.verify(input({ query: { token: 'secret-one-0123' } })))).toBeUndefined();
    expect(reason(() => personio.verify(input({ query: { token: 'nope-nope-nope' } })))).toBe(
      'bad-signature',
    );
    expect(reason(() => personio.verify(input({})))).toBe('bad-signature');
  });

  it('reads employment.started as a hire of the person it names', () => {
    const notice = personio.read({
      company_id: '1',
      event_name: 'employment.started',
      occurred_at: '2027-04-01T00:00:00Z',
      payload: { id: 'emp-9', person_id: 'p-7' },
    });
    expect(notice).toEqual({ kind: 'hire', event: 'employment.started', employeeId: 'p-7' });
  });
});

describe('mapPerson', () => {
  const source: HrSourceConfig = {
    name: 'hibob',
    preset: 'hibob',
    mapping: { userName: 'custom.it.user', locale: 'custom.it.locale' },
  };

  it('reads the preset defaults and the source mapping, a start date-time as its date', () => {
    const { data, missing } = mapPerson(source, '42', {
      firstName: 'Jane',
      surname: 'Smith',
      email: 'jane@example.com',
      work: { startDate: '2027-04-01T00:00:00+01:00', title: 'Analyst' },
      custom: { it: { user: 'jsmith', locale: 'en-GB' } },
    });
    expect(missing).toEqual([]);
    expect(data).toEqual({
      employeeId: '42',
      givenName: 'Jane',
      familyName: 'Smith',
      email: 'jane@example.com',
      startDate: '2027-04-01',
      jobTitle: 'Analyst',
      userName: 'jsmith',
      locale: 'en-GB',
    });
  });

  it('maps every field of the webhook hire, country and the manager language too (directory rules use them)', () => {
    const withRules: HrSourceConfig = {
      ...source,
      mapping: { ...source.mapping, country: 'work.site.country', managerLocale: 'custom.it.managerLocale' },
    };
    const { data } = mapPerson(withRules, '42', {
      work: { site: { country: 'US' } },
      custom: { it: { managerLocale: 'ja-JP' } },
    });
    expect(data).toMatchObject({ country: 'US', managerLocale: 'ja-JP' });
  });

  it('names every required field that is missing or blank, with where it looked', () => {
    const { missing } = mapPerson(source, '42', { firstName: ' ', surname: 'Smith', custom: { it: {} } });
    expect(missing).toEqual([
      { field: 'givenName', path: 'firstName' },
      { field: 'email', path: 'email' },
      { field: 'userName', path: 'custom.it.user' },
      { field: 'startDate', path: 'work.startDate' },
    ]);
  });

  it('reads array items by index', () => {
    const personioSource: HrSourceConfig = { name: 'p', preset: 'personio', mapping: {} };
    const { data } = mapPerson(personioSource, '7', { employments: [{ start_date: '2027-04-01' }] });
    expect(data.startDate).toBe('2027-04-01');
  });
});

describe('the sources of the configuration', () => {
  const minimal = () => ({
    company: { name: 'Example Corp', supportContact: { email: 'it@example.com' } },
    directories: [{ id: 'd-0123456789', type: 'SIMPLE_AD' }],
    bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
    email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
  });
  const problems = (sources: unknown): string[] => {
    try {
      parseConfig({ ...minimal(), sources });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    return [];
  };

  it('names every bad source field', () => {
    expect(
      problems([
        { name: 'hr', preset: 'hibob' },
        { name: 'Bob!', preset: 'workday', mapping: { userName: 'a b', nickname: 'x' } },
        { name: 'bamboo', preset: 'bamboohr' },
        { name: 'bamboo', preset: 'bamboohr' },
      ]),
    ).toEqual([
      'config.sources[0].name: "hr" is the Standard Webhooks route /webhooks/hr (hrSource)',
      'config.sources[1].name: must be lower-case letters, digits and "-" (it is the URL path /webhooks/{name})',
      'config.sources[1].preset: must be one of hibob, bamboohr, smarthr, personio',
      'config.sources[1].mapping.userName: must be a field path such as work.title or custom.ad.userName',
      'config.sources[1].mapping.nickname: unknown field',
    ]);
    expect(
      problems([
        { name: 'bamboo', preset: 'bamboohr' },
        { name: 'bamboo', preset: 'bamboohr' },
      ]),
    ).toEqual(['config.sources[1].name: duplicate source bamboo']);
  });
  it('refuses a source whose hire ids would be those of hrSource', () => {
    expect(
      (() => {
        try {
          parseConfig({ ...minimal(), hrSource: 'main_hr', sources: [{ name: 'main-hr', preset: 'hibob' }] });
        } catch (err) {
          return (err as ConfigError).problems;
        }
        return [];
      })(),
    ).toEqual(['config.sources[0].name: the hire ids of source main-hr would be those of hrSource main_hr']);
  });
});

describe('hrSources: secrets and API connections', () => {
  const source: HrSourceConfig = { name: 'bamboo-hr', preset: 'bamboohr', mapping: {} };

  it('reads one SSM parameter per source and kind under HR_PARAMETER_PREFIX', async () => {
    const asked: string[] = [];
    const ssm = () => ({
      get: async (name: string) => {
        asked.push(name);
        return name.endsWith('webhook-secret') ? 'new-secret-1234, old-secret-1234' : 'acme:key';
      },
    });
    const sources = hrSources({ HR_PARAMETER_PREFIX: '/onboarding/prod/hr-sources' }, ssm as never);
    expect(await sources.secrets(source)).toEqual(['new-secret-1234', 'old-secret-1234']);
    expect(await sources.connection(source)).toEqual({
      baseUrl: 'https://api.bamboohr.com',
      credentials: 'acme:key',
    });
    expect(asked).toEqual([
      '/onboarding/prod/hr-sources/bamboo-hr/webhook-secret',
      '/onboarding/prod/hr-sources/bamboo-hr/api-credentials',
    ]);
  });

  it('lets the environment win locally, and HR_API_URL_<SOURCE> point at a fake', async () => {
    const sources = hrSources(
      {
        HR_SOURCE_SECRETS: '{"bamboo-hr":"local-secret-123"}',
        HR_SOURCE_CREDENTIALS: '{"bamboo-hr":"example:k"}',
        HR_API_URL_BAMBOO_HR: 'http://127.0.0.1:8020/bamboohr',
      },
      () => {
        throw new Error('SSM must not be asked');
      },
    );
    expect(await sources.secrets(source)).toEqual(['local-secret-123']);
    expect(await sources.connection(source)).toEqual({
      baseUrl: 'http://127.0.0.1:8020/bamboohr',
      credentials: 'example:k',
    });
  });
});
