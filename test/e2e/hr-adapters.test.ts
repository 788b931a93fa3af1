import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, SAMPLE_PEOPLE } from '../../local/hr-fakes/people';
import {
  type LocalHrSource,
  send,
  VENDOR_EVENTS,
  type VendorDelivery,
  vendorDelivery,
} from '../../local/hr-sender';
import { localClockSeconds } from '../../local/webhook-client';
import type { HrPreset } from '../../src/kernel/config/config';
import { hireTable } from '../support/hires';
import { ADMIN_ADDRESS, hrTools, SIMPLE_AD } from '../support/hr';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * POST /webhooks/{source} for each preset of config/onboarding.json, against the local fakes of the
 * vendors' APIs, through the local cloud: the vendor's own body, headers and signature in, the answers and
 * the history of /webhooks/hr out.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  table = hireTable(cloud);
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.urls.dynamodb,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});
afterAll(async () => {
  table?.destroy();
  doc?.destroy();
  await cloud?.stop();
});

const sourceOf = (preset: HrPreset): LocalHrSource => cloud.hrSources.find((s) => s.preset === preset)!;

async function fake<T = any>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'PUT') {
  const res = await fetch(`${cloud.urls.hrapis}/_fake${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as T;
}

async function delivery(
  preset: HrPreset,
  kind: 'hire' | 'update' | 'cancel',
  employeeId: string,
  opts: { secret?: string; timestampSeconds?: number } = {},
): Promise<VendorDelivery> {
  const person = preset === 'smarthr' ? await fake<Person>(`/people/smarthr/${employeeId}`) : undefined;
  return vendorDelivery(sourceOf(preset), {
    event: VENDOR_EVENTS[preset][kind],
    employeeId,
    ...(person ? { person } : {}),
    timestampSeconds: opts.timestampSeconds ?? (await localClockSeconds(cloud.urls.http)),
    ...(opts.secret ? { secret: opts.secret } : {}),
  });
}

async function historyOf(hireId: string): Promise<{ type: string; detail?: Record<string, unknown> }[]> {
  const out = await doc.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME!,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `HIRE#${hireId}`, ':event': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as { type: string; detail?: Record<string, unknown> }[];
}

/** Every item of a hire (the hire, its history, its emails): what a delivery that got through would write. */
async function itemsOf(hireId: string): Promise<number> {
  const out = await doc.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME!,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `HIRE#${hireId}` },
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

const alertsAbout = async (employeeId: string) =>
  (await cloud.inbox()).filter(
    (m) => m.destination.to.includes(ADMIN_ADDRESS) && m.subject.includes(employeeId),
  );

interface Case {
  preset: HrPreset;
  userName: string;
  email: string;
  /** Where the vendor keeps the job title, to change it for the update. */
  retitle: (person: Person, title: string) => Person;
  /** Fills in the user name the incomplete person lacks. */
  withUserName: (person: Person, userName: string) => Person;
  /** Whether the vendor signs a timestamp (only BambooHR does). */
  signsTime: boolean;
  /** Whether the vendor signs the body (HMAC); SmartHR and Personio send a shared token. */
  signsBody: boolean;
}

const CASES: Case[] = [
  {
    preset: 'bamboohr',
    userName: 'jdoe',
    email: 'john.doe@example.com',
    retitle: (p, title) => ({ ...p, jobTitle: title }),
    withUserName: (p, userName) => ({ ...p, customDirectoryUserName: userName }),
    signsTime: true,
    signsBody: true,
  },
  {
    preset: 'hibob',
    userName: 'jsmith',
    email: 'jane.smith@example.com',
    retitle: (p, title) => ({ ...p, work: { ...(p.work as object), title } }),
    withUserName: (p, userName) => ({ ...p, custom: { it: { directoryUserName: userName } } }),
    signsTime: false,
    signsBody: true,
  },
  {
    preset: 'smarthr',
    userName: 'hyamada',
    email: 'hanako.yamada@example.co.jp',
    // The sample configuration maps SmartHR's custom field 役職 to the job title.
    retitle: (p, title) => ({
      ...p,
      custom_fields: [...(p.custom_fields as object[]), { template: { name: '役職' }, value: title }],
    }),
    withUserName: (p, userName) => ({
      ...p,
      custom_fields: [
        ...(p.custom_fields as object[]),
        { template: { name: 'ユーザー名' }, value: userName },
      ],
    }),
    signsTime: false,
    signsBody: false,
  },
  {
    preset: 'personio',
    userName: 'mmustermann',
    email: 'max.mustermann@example.de',
    retitle: (p, title) => ({
      ...p,
      employments: (p.employments as Person[]).map((e) => ({ ...e, position: { title } })),
    }),
    withUserName: (p, userName) => ({ ...p, custom_attributes: { directory_user_name: userName } }),
    signsTime: false,
    signsBody: false,
  },
];

describe.each(CASES)('$preset', (c) => {
  const employeeId = SAMPLE_PEOPLE[c.preset].complete;
  const incomplete = SAMPLE_PEOPLE[c.preset].incomplete;
  const hireId = `${c.preset}-${employeeId}`;
  let first: VendorDelivery;

  it('a good delivery: the person is read and mapped, and the hire is accepted under the source', async () => {
    first = await delivery(c.preset, 'hire', employeeId);
    const res = await send(first);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ hireId, stage: 'RECEIVED' });
    const hire = await table.get(hireId);
    expect(hire).toMatchObject({
      source: c.preset,
      person: { employeeId, userName: c.userName, email: c.email },
      directoryId: SIMPLE_AD,
    });
    const received = (await historyOf(hireId)).filter((e) => e.type === 'received');
    expect(received).toHaveLength(1);
    expect(received[0]!.detail).toMatchObject({ source: c.preset, event: VENDOR_EVENTS[c.preset].hire });
  });

  it('a retry (the same bytes again) is answered as on /webhooks/hr, and nothing is done twice', async () => {
    const res = await send(first);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ hireId, stage: expect.any(String) });
    expect((await historyOf(hireId)).filter((e) => e.type === 'received')).toHaveLength(1);
  });

  it('a bad signature: 401, and nothing is stored', async () => {
    const forged = await delivery(c.preset, 'hire', incomplete, { secret: 'not-the-source-secret-0123' });
    const res = await send(forged);
    expect(res.status).toBe(401);
    if (c.signsBody) {
      const tampered = await send({ ...first, body: first.body.replace(employeeId, incomplete) });
      expect(tampered.status).toBe(401);
    }
    const unsigned = await send({
      ...first,
      url: first.url.replace(/\?.*$/, ''),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    expect(await itemsOf(`${c.preset}-${incomplete}`)).toBe(0);
  });

  if (c.signsTime) {
    it('a stale delivery (timestamp six minutes old) is refused with 401', async () => {
      const now = await localClockSeconds(cloud.urls.http);
      const stale = await delivery(c.preset, 'hire', incomplete, { timestampSeconds: now - 360 });
      expect((await send(stale)).status).toBe(401);
      const ahead = await delivery(c.preset, 'hire', incomplete, { timestampSeconds: now + 360 });
      expect((await send(ahead)).status).toBe(401);
      expect(await itemsOf(`${c.preset}-${incomplete}`)).toBe(0);
    });
  } else {
    it('an old delivery is a retry: the vendor signs no time, so a redelivery a day later gets the same answer', async () => {
      await cloud.advance('1d');
      const res = await send(first);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ hireId, stage: expect.any(String) });
      expect((await historyOf(hireId)).filter((e) => e.type === 'received')).toHaveLength(1);
    });
  }

  it('an update: the changed record is read again and applied as an HR change', async () => {
    const person = await fake<Person>(`/people/${c.preset}/${employeeId}`);
    await fake(`/people/${c.preset}/${employeeId}`, c.retitle(person, 'Team Lead'));
    const res = await send(await delivery(c.preset, 'update', employeeId));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hireId, changed: ['jobTitle'] });
    expect((await table.get(hireId))?.person.jobTitle).toBe('Team Lead');
    expect((await historyOf(hireId)).map((e) => e.type)).toContain('hr-updated');
  });

  it('a cancellation stops the onboarding (CANCELLED), and a repeat answers the same', async () => {
    const cancel = await delivery(c.preset, 'cancel', employeeId);
    const res = await send(cancel);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hireId, stage: 'CANCELLED' });
    expect(await table.stage(hireId)).toBe('CANCELLED');
    expect((await send(cancel)).body).toMatchObject({ hireId, stage: 'CANCELLED' });
  });

  it('a person without a field we need: 400 naming it, nothing stored, one alert; fixed in HR, the update hires', async () => {
    const incompleteHireId = `${c.preset}-${incomplete}`;
    const res = await send(await delivery(c.preset, 'hire', incomplete));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'data.userName', message: expect.stringContaining('is required') },
    ]);
    expect(await table.get(incompleteHireId)).toBeUndefined();
    const alerts = await eventually(async () => {
      const found = await alertsAbout(incomplete);
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body.text).toContain('userName');
    // The command it gives finds the hire once it exists (below): admin commands take the source's hire id.
    expect(alerts[0]!.body.text).toContain(`status ${incompleteHireId}`);

    // The vendor's retry: the same answer, no second alert.
    expect((await send(await delivery(c.preset, 'hire', incomplete))).status).toBe(400);
    expect(await alertsAbout(incomplete)).toHaveLength(1);
    expect(await table.get(incompleteHireId)).toBeUndefined();

    const person = await fake<Person>(`/people/${c.preset}/${incomplete}`);
    await fake(`/people/${c.preset}/${incomplete}`, c.withUserName(person, `${c.preset}-new`));
    const fixed = await send(await delivery(c.preset, 'update', incomplete));
    expect(fixed.status).toBe(202);
    expect(fixed.body).toEqual({ hireId: incompleteHireId, stage: 'RECEIVED' });
    expect((await table.get(incompleteHireId))?.person.userName).toBe(`${c.preset}-new`);
    const status = await hrTools(cloud).admin('GET', `/admin/hires/${encodeURIComponent(incompleteHireId)}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ hireId: incompleteHireId });
  });
});

describe('every source', () => {
  it('an update for an employee never hired through us is acknowledged and ignored, without reading the vendor', async () => {
    await fake('/faults', { vendor: 'hibob', status: 500 }, 'POST');
    try {
      const res = await send(await delivery('hibob', 'update', '999999'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ignored: 'employee.updated', reason: 'unknown employee' });
    } finally {
      await fake('/faults', { vendor: 'hibob' }, 'POST');
    }
  });

  it('a vendor API that fails is answered 503 (the vendor retries), and nothing is stored', async () => {
    await fake('/faults', { vendor: 'personio', status: 502 }, 'POST');
    try {
      const res = await send(await delivery('personio', 'hire', '55555'));
      expect(res.status).toBe(503);
      expect(await itemsOf('personio-55555')).toBe(0);
    } finally {
      await fake('/faults', { vendor: 'personio' }, 'POST');
    }
  });

  it('a vendor API slower than the vendor waits (Personio: 3 s) is given up: 503, and nothing is stored', async () => {
    const person = await fake<Person>(`/people/personio/${SAMPLE_PEOPLE.personio.complete}`);
    await fake('/people/personio/12399', { ...person, id: '12399' });
    await fake('/faults', { vendor: 'personio', delayMs: 2_600 }, 'POST');
    try {
      const res = await send(await delivery('personio', 'hire', '12399'));
      expect(res.status).toBe(503);
      expect(await itemsOf('personio-12399')).toBe(0);
    } finally {
      await fake('/faults', { vendor: 'personio' }, 'POST');
    }
  });

  it.each([
    ['bamboohr', '777', SAMPLE_PEOPLE.bamboohr.complete],
    ['hibob', '3332883804594373777', SAMPLE_PEOPLE.hibob.complete],
  ] as const)(
    "%s answering with another employee's record: 502 (the vendor retries), nothing stored, one alert",
    async (preset, asked, other) => {
      // The vendor's API gives the record of `other` when asked for `asked`.
      await fake(`/people/${preset}/${asked}`, await fake<Person>(`/people/${preset}/${other}`));
      const hireId = `${preset}-${asked}`;
      const res = await send(await delivery(preset, 'hire', asked));
      expect(res.status).toBe(502);
      expect(await table.get(hireId)).toBeUndefined();
      const alerts = await eventually(async () => {
        const found = await alertsAbout(asked);
        return found.length ? found : undefined;
      });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.body.text).toContain(other);
      // The vendor's retry is refused the same way, and tells nobody again.
      expect((await send(await delivery(preset, 'hire', asked))).status).toBe(502);
      expect(await alertsAbout(asked)).toHaveLength(1);
      expect(await table.get(hireId)).toBeUndefined();
      expect(await table.get(`${preset}-${other}`)).not.toMatchObject({ person: { employeeId: asked } });
    },
  );

  it("an unknown source is 404, and HiBob's connection test is answered 200", async () => {
    const res = await fetch(`${cloud.urls.http}/webhooks/nobody`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    const ping = await fetch(sourceOf('hibob').url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"Ping test"}',
    });
    expect(ping.status).toBe(200);
  });

  it('/webhooks/hr is still the Standard Webhooks route', async () => {
    const res = await cloud.postHire({ employeeId: 'E-HR-1', userName: 'hrroute' });
    expect(res.status).toBe(202);
    expect(res.body.hireId).toBe('hr-E-HR-1');
  });
});

describe('a HiBob hire arrives as an invitation', () => {
  it('employee.joined → WorkSpace → INVITED with one invitation to the address in Bob (its user name a custom field, given only when named)', async () => {
    const id = '3332883804594373390';
    await fake(`/people/hibob/${id}`, {
      id,
      firstName: 'Ann',
      surname: 'Lee',
      email: 'ann.lee@example.com',
      work: {
        startDate: new Date(cloud.clock.nowMs() + 2 * 86_400_000).toISOString().slice(0, 10),
        title: 'Analyst',
      },
      custom: { it: { directoryUserName: 'alee', locale: 'en-US' } },
    });
    await cloud.addUsers(SIMPLE_AD, 'alee');
    const res = await send(await delivery('hibob', 'hire', id));
    expect(res.status).toBe(202);
    const hireId = `hibob-${id}`;
    await eventually(async () => (await table.stage(hireId)) === 'QUEUED', { what: 'hire QUEUED' });
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'INVITED', 'hire INVITED');
    const mails = await eventually(async () => {
      const found = (await cloud.inbox()).filter((m) => m.destination.to.includes('ann.lee@example.com'));
      return found.length ? found : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain('alee');
  });
});
