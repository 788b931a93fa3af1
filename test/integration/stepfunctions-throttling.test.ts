import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../local/clock';
import { loadWorkflowFile, START_BUDGET_TOKYO, startStepFunctions } from '../../local/stepfunctions';
import { START_BUCKET_ROUTE } from '../../local/stepfunctions/server';

const REGION = 'ap-northeast-1';
const MACHINE = `arn:aws:states:${REGION}:000000000000:stateMachine:wait`;

// The bucket's time stands still unless a test moves it: a burst is a burst however slow this machine is.
let bucketMs = 0;
let endpoint: Awaited<ReturnType<typeof startStepFunctions>>;
let sfn: SFNClient;

beforeAll(async () => {
  const definition = await loadWorkflowFile(
    join(import.meta.dirname, '../fixtures/workflows/wait.asl.json'),
    (key) => key,
  );
  endpoint = await startStepFunctions({
    clock: createLocalClock(),
    port: 0,
    stateMachines: [{ name: 'wait', definition }],
    invokeLambda: async () => null,
    startBucketTimeMs: () => bucketMs,
  });
  // One attempt: what the endpoint answers, not what the SDK's retries make of it.
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: REGION,
    maxAttempts: 1,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sfn?.destroy();
  await endpoint?.close();
});

/** `count` StartExecution calls, 40 at a time; what each was answered (`ok` or the error's name). */
async function starts(count: number, client = sfn): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i += 40) {
    const batch = Array.from({ length: Math.min(40, count - i) }, (_, j) =>
      client
        .send(
          new StartExecutionCommand({
            stateMachineArn: MACHINE,
            name: `burst-${(i + j) % 50}`,
            input: JSON.stringify({ payload: {} }),
          }),
        )
        .then(
          () => 'ok',
          (err: Error & { $metadata?: { httpStatusCode?: number } }) =>
            `${err.name} ${err.$metadata?.httpStatusCode}`,
        ),
    );
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

const bucket = async (budget?: unknown) => {
  const res = await fetch(`${endpoint.url}${START_BUCKET_ROUTE}`, {
    method: budget === undefined ? 'GET' : 'POST',
    ...(budget === undefined ? {} : { body: JSON.stringify({ budget }) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the StartExecution bucket of the local Step Functions endpoint', () => {
  it("has Tokyo's 800 in a burst: the 801st start is refused with ThrottlingException (400), and it refills 150 a second", async () => {
    expect((await bucket()).body).toMatchObject({ budget: START_BUDGET_TOKYO, available: 800 });
    const burst = await starts(801);
    expect(burst.slice(0, 800).every((a) => a === 'ok')).toBe(true);
    expect(burst[800]).toBe('ThrottlingException 400');
    expect((await bucket()).body).toMatchObject({ available: 0, allowed: 800, throttled: 1 });

    bucketMs += 1000; // a second later: 150 more, and no more
    const refilled = await starts(151);
    expect(refilled.filter((a) => a === 'ok')).toHaveLength(150);
    expect(refilled[150]).toBe('ThrottlingException 400');
  });

  it('is a throttling error to the SDK, whose own retries try it again', async () => {
    await bucket({ ratePerSecond: 150, burst: 1 });
    await starts(1);
    const retrying = new SFNClient({
      endpoint: endpoint.url,
      region: REGION,
      maxAttempts: 2,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const err = await retrying
      .send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'burst-0', input: '{"payload":{}}' }))
      .catch((e: Error & { $metadata: { attempts?: number; totalRetryDelay?: number } }) => e);
    retrying.destroy();
    expect(err).toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 2 } });
    expect((await bucket()).body).toMatchObject({ throttled: 2 });
  });

  it('takes a new budget, or none, through its control route, and refuses a broken one', async () => {
    expect((await bucket({ ratePerSecond: 0, burst: 5 })).status).toBe(400);
    expect((await bucket(null)).body).toMatchObject({ budget: null, available: null });
    expect((await starts(900)).every((a) => a === 'ok')).toBe(true);
    expect((await bucket(START_BUDGET_TOKYO)).body).toMatchObject({ available: 800, allowed: 0 });
  });
});
