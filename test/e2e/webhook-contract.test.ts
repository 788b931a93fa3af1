import { postSignedWebhook, sampleHire } from '@workspaces-onboarding/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/intake/webhooks/standard-webhooks';
import invalidBodies from '../fixtures/hires/invalid.json';
import { hireTable } from '../support/hires';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/** POST /webhooks/hr rejects what it must, with the right status, and stores nothing when it does. */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let nowSeconds: number;

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
  nowSeconds = Math.floor(cloud.clock.nowMs() / 1000);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

async function rawPost(headers: Record<string, string>, body: string) {
  const res = await fetch(`${cloud.urls.http}/webhooks/hr`, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

function signedHeaders(body: string, opts: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = opts.timestamp ?? nowSeconds;
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook({
      id,
      timestamp,
      rawBody: body,
      secret: opts.secret ?? cloud.webhookSecret,
    }),
  };
}

describe('signature checks: 401 and nothing stored', () => {
  const body = JSON.stringify(sampleHire({ employeeId: 'E-SIG-1' }));
  const cases: [string, () => Promise<{ status: number }>][] = [
    ['a tampered body', () => rawPost(signedHeaders(body), body.replace('E-SIG-1', 'E-SIG-2'))],
    [
      'the wrong secret',
      () => rawPost(signedHeaders(body, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }), body),
    ],
    [
      'a timestamp six minutes old',
      () => rawPost(signedHeaders(body, { timestamp: nowSeconds - 360 }), body),
    ],
    [
      'a timestamp six minutes ahead',
      () => rawPost(signedHeaders(body, { timestamp: nowSeconds + 360 }), body),
    ],
    ['no signature headers', () => rawPost({ 'content-type': 'application/json' }, body)],
    [
      'a signature header with garbage',
      () => rawPost({ ...signedHeaders(body), 'webhook-signature': 'v1,not-base64!!' }, body),
    ],
  ];
  it.each(cases)('rejects %s', async (_name, send) => {
    const before = await table.count();
    expect((await send()).status).toBe(401);
    expect(await table.count()).toBe(before);
  });

  it('rejects a known webhook-id replayed with other content', async () => {
    const first = await cloud.postHire(
      { employeeId: 'E-REPLAY-1', userName: 'replay1' },
      { webhookId: 'msg_replay' },
    );
    expect(first.status).toBe(202);
    const before = await table.count();
    const replay = await cloud.postHire(
      { employeeId: 'E-REPLAY-2', userName: 'replay2' },
      { webhookId: 'msg_replay' },
    );
    expect(replay.status).toBe(401);
    expect(await table.count()).toBe(before);
  });
});

describe('body checks', () => {
  it.each(invalidBodies as { name: string; body: unknown; errorFields: string[] }[])(
    '400 naming every bad field, nothing stored: $name',
    async ({ body, errorFields }) => {
      const before = await table.count();
      const res = await postSignedWebhook({ baseUrl: cloud.urls.http, secret: cloud.webhookSecret, body });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual([...errorFields].sort());
      expect(await table.count()).toBe(before);
    },
  );

  it('answers problem+json for a body that is not JSON at all', async () => {
    const raw = '{"type": "employee.hired", ';
    const res = await rawPost(signedHeaders(raw), raw);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
  });

  it('413 for a body over 64 KiB, before anything else', async () => {
    const huge = JSON.stringify(sampleHire({ jobTitle: 'x'.repeat(70_000) }));
    const before = await table.count();
    expect((await rawPost(signedHeaders(huge), huge)).status).toBe(413);
    expect(await table.count()).toBe(before);
  });

  it('415 for a body that is not declared as JSON', async () => {
    const body = JSON.stringify(sampleHire());
    expect((await rawPost({ ...signedHeaders(body), 'content-type': 'text/plain' }, body)).status).toBe(415);
  });

  describe('a start date at most 365 days ahead (a workflow execution lives one year)', () => {
    // Today in the hire's zone (sampleHire: Asia/Tokyo) on the local clock, plus whole days.
    const daysAhead = (days: number) => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(cloud.clock.now());
      return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    };

    it.each([
      ['two years', 730],
      ['366 days', 366],
    ])('%s ahead: 400 naming data.startDate, nothing stored', async (_what, days) => {
      const before = await table.count();
      const res = await cloud.postHire({ employeeId: `E-FAR-${days}`, startDate: daysAhead(days) });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'data.startDate', message: `must be at most 365 days ahead (${daysAhead(365)} or earlier)` },
      ]);
      expect(await table.count()).toBe(before);
      expect(await table.get('hr-E-FAR-730')).toBeUndefined();
    });

    it('exactly 365 days ahead is accepted', async () => {
      const res = await cloud.postHire({
        employeeId: 'E-NEAR-365',
        userName: 'near365',
        startDate: daysAhead(365),
      });
      expect(res.status).toBe(202);
      expect((await table.get(res.body.hireId))?.person.startDate).toBe(daysAhead(365));
    });
  });

  it('acknowledges other event types without storing anything, so senders stop retrying', async () => {
    const before = await table.count();
    const res = await postSignedWebhook({
      baseUrl: cloud.urls.http,
      secret: cloud.webhookSecret,
      body: { type: 'employee.terminated', data: {} },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ignored: 'employee.terminated' });
    expect(await table.count()).toBe(before);
  });
});
