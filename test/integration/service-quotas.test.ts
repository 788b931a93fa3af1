import { execFile } from 'node:child_process';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  IllegalArgumentException,
  NoSuchResourceException,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServiceQuotas, NEW_ACCOUNT_WORKSPACES_QUOTA } from '../../local/service-quotas';
import { startWorkspacesSimulator } from '../../local/workspaces-sim';
import { createPreflightAccount } from '../../src/admin/adapters/preflight-account';
import { WORKSPACES_QUOTA } from '../../src/admin/preflight-rules';
import { systemClock } from '../../src/kernel/clock';

/**
 * The local Service Quotas (served by the WorkSpaces simulator's server) through the real SDK v3 client: the
 * WorkSpaces quota starts at a new account's default, changes through `/_sim/quotas`, per Region, and its
 * errors are the botocore model's (`service-quotas/2019-06-24`): NoSuchResourceException for an unknown
 * quota, IllegalArgumentException for a malformed code, AccessDeniedException when told to refuse.
 */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let url: string;
let close: () => Promise<void>;
let quotas: ReturnType<typeof createServiceQuotas>;

const client = (region: string) =>
  new ServiceQuotasClient({ endpoint: url, region, credentials, maxAttempts: 1 });
const applied = (
  region = 'ap-northeast-1',
  code: { ServiceCode: string; QuotaCode: string } = {
    ServiceCode: WORKSPACES_QUOTA.serviceCode,
    QuotaCode: WORKSPACES_QUOTA.quotaCode,
  },
) => client(region).send(new GetServiceQuotaCommand(code));

async function control(body: unknown) {
  const res = await fetch(`${url}/_sim/quotas`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  quotas = createServiceQuotas({ accountId: '000000000000' });
  const started = await startWorkspacesSimulator({
    clock: systemClock,
    port: 0,
    budget: null,
    serviceQuotas: quotas,
  });
  ({ url, close } = started);
});

afterAll(async () => {
  await close?.();
});

beforeEach(async () => {
  expect((await control({ workspaces: NEW_ACCOUNT_WORKSPACES_QUOTA, refuseApplied: false })).status).toBe(
    200,
  );
});

describe('the local Service Quotas', () => {
  it('answers a new account’s WorkSpaces quota (1) as GetServiceQuota and GetAWSDefaultServiceQuota shape it', async () => {
    const out = await applied();
    expect(out.Quota).toMatchObject({
      ServiceCode: 'workspaces',
      QuotaCode: 'L-34278094',
      QuotaName: 'WorkSpaces',
      Value: 1,
      Adjustable: true,
      GlobalQuota: false,
      QuotaArn: 'arn:aws:servicequotas:ap-northeast-1:000000000000:workspaces/L-34278094',
    });
    const byDefault = await client('ap-northeast-1').send(
      new GetAWSDefaultServiceQuotaCommand({ ServiceCode: 'workspaces', QuotaCode: 'L-34278094' }),
    );
    expect(byDefault.Quota?.Value).toBe(1);
  });

  it('POST /_sim/quotas raises the quota everywhere or in one Region; a bad value changes nothing', async () => {
    expect((await control({ workspaces: 3000 })).status).toBe(200);
    expect((await applied()).Quota?.Value).toBe(3000);
    await control({ workspaces: 50, region: 'us-west-2' });
    expect((await applied('us-west-2')).Quota?.Value).toBe(50);
    expect((await applied('ap-northeast-1')).Quota?.Value).toBe(3000);
    const bad = await control({ workspaces: -1, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('workspaces: expected a whole number');
    expect(bad.body.error).toContain('colour: unknown field');
    expect((await applied()).Quota?.Value).toBe(3000);
  });

  it('refuses an unknown quota (NoSuchResourceException), a malformed code (IllegalArgumentException), a denied caller', async () => {
    await expect(
      applied('ap-northeast-1', { ServiceCode: 'workspaces', QuotaCode: 'L-00000000' }),
    ).rejects.toBeInstanceOf(NoSuchResourceException);
    const malformed = await applied('ap-northeast-1', {
      ServiceCode: '1workspaces',
      QuotaCode: 'L-34278094',
    }).catch((err: unknown) => err);
    expect(malformed).toBeInstanceOf(IllegalArgumentException);
    expect((malformed as IllegalArgumentException).$metadata.httpStatusCode).toBe(400);
    await control({ refuseApplied: true });
    const denied = await applied().catch((err: unknown) => err as Error);
    expect((denied as Error).name).toBe('AccessDeniedException');
  });

  it('the preflight adapter reads it, and reads a refusal as a reason, not a failure', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS;
    process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS = url;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    try {
      const account = createPreflightAccount({ budget: { ratePerSecond: 100, burst: 10 } });
      await control({ workspaces: 7 });
      expect(await account.appliedQuota('ap-northeast-1', WORKSPACES_QUOTA)).toEqual({ ok: true, value: 7 });
      await control({ refuseApplied: true });
      const refused = await account.appliedQuota('ap-northeast-1', WORKSPACES_QUOTA);
      expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^AccessDeniedException: /) });
      expect(await account.defaultQuota('ap-northeast-1', WORKSPACES_QUOTA)).toEqual({ ok: true, value: 1 });
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS;
      else process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS = previous;
    }
  });

  it('answers the AWS CLI’s get-service-quota (the aws command, else boto3 on the same botocore model)', async (ctx) => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_DEFAULT_REGION: 'us-west-2',
    };
    // Asynchronous: the emulator answers from this process.
    const run = (file: string, args: string[]) =>
      new Promise<{ ok: boolean; out: string; why: string }>((resolve) => {
        execFile(file, args, { env, timeout: 30_000 }, (err, stdout, stderr) =>
          resolve({
            ok: !err,
            out: stdout,
            why: err ? `${err.message} ${stderr}`.trim().split('\n').at(-1)! : '',
          }),
        );
      });
    const args = ['--service-code', 'workspaces', '--quota-code', 'L-34278094'];
    let answer = await run('aws', ['service-quotas', 'get-service-quota', ...args, '--endpoint-url', url]);
    if (!answer.ok) {
      const script = `import boto3,json,sys
c=boto3.client('service-quotas',endpoint_url=sys.argv[1])
print(json.dumps(c.get_service_quota(ServiceCode='workspaces',QuotaCode='L-34278094')))`;
      answer = await run('python3', ['-c', script, url]);
    }
    if (!answer.ok) {
      ctx.skip(`neither the aws command nor python3 with boto3 ran here: ${answer.why}`);
      return;
    }
    expect(JSON.parse(answer.out).Quota).toMatchObject({
      ServiceCode: 'workspaces',
      QuotaCode: 'L-34278094',
      Value: 1,
    });
  });
});
