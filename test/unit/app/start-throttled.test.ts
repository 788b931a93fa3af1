import type { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { type WebhookDeps, webhookFunction } from '../../../functions/hr-webhook/handler';
import { sampleHire } from '../../../local/webhook-client';
import { acceptHire } from '../../../src/intake/accept-hire';
import { signWebhook } from '../../../src/intake/webhooks/standard-webhooks';
import { WorkflowThrottledError } from '../../../src/kernel/errors';
import { retryAfterSeconds } from '../../../src/kernel/http/domain-errors';
import { createTokenBucket } from '../../../src/kernel/token-bucket';
import type { Workflows } from '../../../src/kernel/workflows';
import { createWorkflows } from '../../../src/provisioning/adapters/stepfunctions';
import { runReconciler } from '../../../src/provisioning/reconcile';
import { appWorld } from '../../support/fakes';
import { captureLines, httpRequest, lambdaContext } from '../../support/lambda';

/**
 * Step Functions throttles StartExecution per account and Region: a start still refused after the SDK's
 * retries is a named error, the webhook answers 503 with Retry-After, the hire stays stored, and the
 * sender's retry or the reconciler starts it, once.
 */
const MACHINE = 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:onboarding';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

/** A Step Functions whose start bucket is empty until `open()`; everything else as the fake does. */
function throttledWorld() {
  const w = appWorld({ start: '2027-03-01T00:00:00Z' });
  let refusing = true;
  const refused: string[] = [];
  const workflows: Workflows = {
    ...w.sfn.workflows,
    async start(name, input) {
      if (refusing) {
        refused.push(name);
        throw new WorkflowThrottledError(name, { cause: throttling() });
      }
      return w.sfn.workflows.start(name, input);
    },
  };
  const deps: WebhookDeps = { ...w.deps, workflows, secrets: async () => [SECRET] };
  /** Posts the same signed hire under `id`; the function's log lines are kept out of the test output. */
  const post = async (id: string) => {
    const rawBody = JSON.stringify(sampleHire({ employeeId: 'E-7', userName: 'hyamada' }));
    const timestamp = Math.floor(w.clock.nowMs() / 1000);
    const call = webhookFunction(() => deps);
    const request = httpRequest('POST', '/webhooks/hr', {
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id, timestamp, rawBody, secret: SECRET }),
      },
      body: rawBody,
    });
    return (await captureLines(() => call(request, lambdaContext('hrWebhook')))).result;
  };
  const open = () => {
    refusing = false;
  };
  return { ...w, deps, refused, post, open };
}

describe('the Step Functions adapter', () => {
  const workflowsAnswering = (err: Error) =>
    createWorkflows({
      stateMachineArn: MACHINE,
      client: { send: async () => Promise.reject(err) } as unknown as SFNClient,
    });

  it('names a start still throttled WorkflowThrottledError, with the execution and the cause', async () => {
    const err = await workflowsAnswering(throttling())
      .start('hire-hr-E-1', {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowThrottledError);
    expect(err).toMatchObject({ name: 'WorkflowThrottledError', executionName: 'hire-hr-E-1' });
    expect((err as Error).cause).toMatchObject({ name: 'ThrottlingException' });
  });

  it('lets other refusals through as they are', async () => {
    const other = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    await expect(workflowsAnswering(other).start('hire-hr-E-1', {})).rejects.toBe(other);
  });
});

describe('a hire whose start is throttled', () => {
  it('is answered 503 with Retry-After, and is stored with its history line', async () => {
    const w = throttledWorld();
    const res = await w.post('msg_1');
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers?.['retry-after'])).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(res.body ?? '{}')).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(w.table.hires.get('hr-E-7')).toMatchObject({ stage: 'RECEIVED', executionName: 'hire-hr-E-7' });
    expect(w.table.events.get('hr-E-7')).toEqual([expect.objectContaining({ type: 'received' })]);
    expect(w.refused).toEqual(['hire-hr-E-7']);
    expect(w.sfn.executions.size).toBe(0);
  });

  it("HR's retry of the same delivery is answered 503 while still throttled, then 202; one execution", async () => {
    const w = throttledWorld();
    await w.post('msg_1');
    expect((await w.post('msg_1')).statusCode).toBe(503);
    w.open();
    const retry = await w.post('msg_1');
    expect([retry.statusCode, JSON.parse(retry.body ?? '{}')]).toEqual([
      202,
      { hireId: 'hr-E-7', stage: 'RECEIVED' },
    ]);
    expect((await w.post('msg_1')).statusCode).toBe(202);
    expect([...w.sfn.executions.keys()]).toEqual(['hire-hr-E-7']);
    expect(w.table.events.get('hr-E-7')).toHaveLength(1);
  });

  it('is started by the reconciler when nobody sends it again, with the same name and input', async () => {
    const w = throttledWorld();
    const body = sampleHire({ employeeId: 'E-7', userName: 'hyamada' });
    const delivery = { webhookId: 'msg_1', rawBody: Buffer.from(JSON.stringify(body)), body };
    await expect(acceptHire(w.deps, delivery)).rejects.toBeInstanceOf(WorkflowThrottledError);
    w.open();
    const bucket = createTokenBucket({ ratePerSecond: 1000, burst: 1000 });
    const reconcile = async () =>
      (await captureLines(() => runReconciler({ ...w.deps, bucket }, () => 60_000))).result;
    expect(await reconcile()).toMatchObject({ due: 0 });
    w.clock.advance(15 * 60_000); // RECEIVED is watched: its execution must exist 15 minutes after
    expect(await reconcile()).toMatchObject({ actions: { 'started-execution': 1 } });
    const hire = w.table.hires.get('hr-E-7')!;
    expect(w.sfn.started).toEqual([
      { name: 'hire-hr-E-7', input: { hireId: 'hr-E-7', provisionAt: hire.provisionAt } },
    ]);
  });
});

describe('Retry-After', () => {
  it('spreads retries over 5 to 15 seconds', () => {
    expect([
      retryAfterSeconds(() => 0),
      retryAfterSeconds(() => 0.5),
      retryAfterSeconds(() => 0.9999),
    ]).toEqual([5, 10, 15]);
  });
});
