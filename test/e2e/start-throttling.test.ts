import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hireTable } from '../support/hires';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * Step Functions throttles StartExecution per account and Region: a hire whose start is still refused after
 * the webhook's short retry is answered 503 with Retry-After, and nothing is lost. The hire is stored, the
 * reconciler starts it, and HR's retry of the same delivery is answered 202 without a second execution.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let sfn: SFNClient;
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The local endpoint's StartExecution bucket: its state, or a new budget (null: none). */
async function startBucket(budget?: { ratePerSecond: number; burst: number } | null) {
  const res = await fetch(`${cloud.urls.stepfunctions}/_local/start-bucket`, {
    method: budget === undefined ? 'GET' : 'POST',
    ...(budget === undefined ? {} : { body: JSON.stringify({ budget }) }),
  });
  return (await res.json()) as { allowed: number; throttled: number };
}

async function executionsNamed(name: string) {
  const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.stateMachineArn }));
  return (out.executions ?? []).filter((e) => e.name === name);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  table = hireTable(cloud);
  sfn = new SFNClient({
    endpoint: cloud.urls.stepfunctions,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sfn?.destroy();
  table?.destroy();
  await cloud?.stop();
});

describe('a hire whose StartExecution is throttled', () => {
  it('is answered 503 with Retry-After and stored; the reconciler starts it; the HR retry is answered 202, one execution', async () => {
    // One start left, refilled once in a thousand seconds: the first hire takes it, the second is refused.
    await startBucket({ ratePerSecond: 0.001, burst: 1 });
    const data = { employeeId: 'E-7001', userName: 'throttled', startDate: dayAfter(30) };
    expect(
      (await cloud.postHire({ employeeId: 'E-7000', userName: 'first', startDate: dayAfter(30) })).status,
    ).toBe(202);

    const refused = await cloud.postHire(data, { webhookId: 'msg_throttled' });
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(5);
    // The webhook's start was tried three times (the SDK's own retries), then answered.
    expect(await startBucket()).toMatchObject({ allowed: 1, throttled: 3 });
    expect(await table.stage('hr-E-7001')).toBe('RECEIVED');
    expect(await executionsNamed('hire-hr-E-7001')).toHaveLength(0);

    // Refilled; nobody sends it again: the reconciler finds the stored hire without an execution.
    await startBucket(null);
    await cloud.advance('15m');
    await cloud.runSchedule('reconciler');
    expect(await executionsNamed('hire-hr-E-7001')).toEqual([expect.objectContaining({ status: 'RUNNING' })]);

    const retry = await cloud.postHire(data, { webhookId: 'msg_throttled' });
    expect([retry.status, retry.body]).toEqual([202, { hireId: 'hr-E-7001', stage: 'RECEIVED' }]);
    expect(await executionsNamed('hire-hr-E-7001')).toHaveLength(1);
  });
});
