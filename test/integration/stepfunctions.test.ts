import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../local/clock';
import {
  LocalStepFunctions,
  loadWorkflowFile,
  resolveWorkflow,
  startStepFunctions,
} from '../../local/stepfunctions';
import type { ExecutionStatusChangeEvent } from '../../local/stepfunctions/status-events';
import { eventually } from '../support/eventually';

const FIXTURES = join(import.meta.dirname, '../fixtures/workflows');
const REGION = 'ap-northeast-1';
const fnArn = (key: string) => `arn:aws:lambda:${REGION}:000000000000:function:test-${key}`;
const machineArn = (name: string) => `arn:aws:states:${REGION}:000000000000:stateMachine:${name}`;
const DAY_MS = 86_400_000;

class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

// In-test Lambdas, keyed by function ARN.
const tokens = new Map<string, string>(); // hireId → task token
const failures: unknown[] = [];
const flakyAttempts = new Map<string, number>();
const lambdas: Record<string, (event: unknown) => Promise<unknown> | unknown> = {
  [fnArn('double')]: (event) => (event as { n: number }).n * 2,
  [fnArn('flaky')]: (event) => {
    const { key } = event as { key: string };
    const attempts = (flakyAttempts.get(key) ?? 0) + 1;
    flakyAttempts.set(key, attempts);
    if (key.startsWith('retry-') && attempts === 1) throw new NamedError('TransientError', 'try again');
    return { attempts };
  },
  [fnArn('explode')]: () => {
    throw new NamedError('BoomError', 'kaboom');
  },
  [fnArn('requestWorkspace')]: (event) => {
    const { hireId, taskToken } = event as { hireId: string; taskToken: string };
    tokens.set(hireId, taskToken);
    return { queued: true };
  },
  [fnArn('pad')]: (event) => ({ pad: 'x'.repeat((event as { bytes: number }).bytes) }),
  [fnArn('recordFailure')]: (event) => {
    failures.push(event);
    return null;
  },
};

const clock = createLocalClock();
let endpoint: Awaited<ReturnType<typeof startStepFunctions>>;
let sfn: SFNClient;

beforeAll(async () => {
  const names = ['pipeline', 'callback', 'wait'];
  const stateMachines = await Promise.all(
    names.map(async (name) => ({
      name,
      definition: await loadWorkflowFile(join(FIXTURES, `${name}.asl.json`), fnArn),
    })),
  );
  endpoint = await startStepFunctions({
    clock,
    port: 0,
    stateMachines,
    invokeLambda: async (arn, event) => {
      const fn = lambdas[arn];
      if (!fn) throw new Error(`no Lambda ${arn}`);
      return fn(event);
    },
  });
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sfn?.destroy();
  await endpoint?.close();
});

const until = <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> =>
  eventually(probe, { what, timeoutMs, intervalMs: 20 });

const describeExecution = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));

function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return until(async () => {
    const out = await describeExecution(executionArn);
    return out.status === 'RUNNING' ? undefined : out;
  }, `${executionArn} to finish`);
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

function historyHas(executionArn: string, type: string, stateName?: string): Promise<HistoryEvent[]> {
  return until(async () => {
    const events = await history(executionArn);
    const hit = events.some(
      (e) => e.type === type && (!stateName || e.stateEnteredEventDetails?.name === stateName),
    );
    return hit ? events : undefined;
  }, `${type} in the history of ${executionArn}`);
}

async function start(machine: string, name: string, input: unknown): Promise<string> {
  const out = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn(machine), name, input: JSON.stringify(input) }),
  );
  return out.executionArn!;
}

const sleepReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local Step Functions through @aws-sdk/client-sfn', () => {
  it('lists and describes the state machines with their definitions', async () => {
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toEqual(['pipeline', 'callback', 'wait']);
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: machineArn('wait') }),
    );
    expect(described.type).toBe('STANDARD');
    expect(JSON.parse(described.definition!).States.WaitWeek).toMatchObject({
      Type: 'Wait',
      Seconds: 604800,
    });
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn('nope') })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('passes Lambda results through, retries a named error, and fills the context object', async () => {
    const before = clock.nowMs();
    const arn = await start('pipeline', 'retry-1', { n: 21 });
    const out = await finished(arn);
    expect(out.status).toBe('SUCCEEDED');
    const output = JSON.parse(out.output!);
    expect(output).toMatchObject({
      doubled: 42,
      flaky: { attempts: 2, status: 200 },
      name: 'retry-1',
      executionId: arn,
      stateMachine: 'pipeline',
    });
    expect(Date.parse(output.startTime)).toBeGreaterThanOrEqual(before - 1000);
    const types = (await history(arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(1);
    expect(types).toContain('LambdaFunctionSucceeded');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('routes a Lambda error to its Catch with the error name and the Lambda error JSON as cause', async () => {
    const arn = await start('pipeline', 'catch-1', { n: 1, explode: true });
    const out = await finished(arn);
    expect(out.status).toBe('SUCCEEDED');
    const output = JSON.parse(out.output!);
    expect(output).toMatchObject({ recovered: true, error: 'BoomError' });
    expect(JSON.parse(output.cause)).toEqual({ errorType: 'BoomError', errorMessage: 'kaboom' });
  });

  it('pauses on .waitForTaskToken, shows where in the history, and resumes on SendTaskSuccess', async () => {
    const arn = await start('callback', 'hire-a', { hireId: 'a' });
    const token = await until(async () => tokens.get('a'), 'the task token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    const events = await historyHas(arn, 'TaskSubmitted');
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
    ]);
    expect(events[1]!.stateEnteredEventDetails?.name).toBe('RequestWorkspace');
    expect(events[2]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      timeoutInSeconds: 86400,
    });
    expect((await describeExecution(arn)).status).toBe('RUNNING');

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ workspaceId: 'ws-1' }) }),
    );
    const out = await finished(arn);
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ hireId: 'a', workspace: { workspaceId: 'ws-1' } });
    const types = (await historyHas(arn, 'ExecutionSucceeded')).map((e) => e.type);
    expect(types.slice(-5)).toEqual([
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    // A used token is closed, as on AWS.
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('fails the task on SendTaskFailure so its Catch runs', async () => {
    const arn = await start('callback', 'hire-b', { hireId: 'b' });
    const token = await until(async () => tokens.get('b'), 'the task token');
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'WorkspaceFailed', cause: 'no capacity' }),
    );
    const out = await finished(arn);
    expect(out).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    expect(failures).toContainEqual({ hireId: 'b', error: 'WorkspaceFailed', cause: 'no capacity' });
  });

  it('times a waiting task out on the moved clock (States.Timeout, caught)', async () => {
    const arn = await start('callback', 'hire-c', { hireId: 'c' });
    const token = await until(async () => tokens.get('c'), 'the task token');
    clock.advance(DAY_MS - 60_000);
    await sleepReal(100);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    clock.advance(120_000);
    const out = await finished(arn);
    expect(out).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    expect(failures).toContainEqual(expect.objectContaining({ hireId: 'c', error: 'States.Timeout' }));
    expect((await history(arn)).map((e) => e.type)).toContain('TaskTimedOut');
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('ends a 7-day TimestampPath Wait only when the clock reaches it', async () => {
    const untilIso = new Date(clock.nowMs() + 7 * DAY_MS).toISOString();
    const arn = await start('wait', 'wait-ts', { until: untilIso });
    const events = await historyHas(arn, 'WaitStateEntered', 'WaitUntil');
    expect(events.map((e) => e.type)).not.toContain('TaskScheduled');
    await sleepReal(150);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    clock.advance(7 * DAY_MS - 60_000);
    await sleepReal(150);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    clock.advance(120_000);
    const out = await finished(arn);
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ until: untilIso });
    expect((await history(arn)).map((e) => e.type)).toContain('WaitStateExited');
  });

  it('ends a 7-day Seconds Wait only when the clock is advanced, keeping OutputPath', async () => {
    const arn = await start('wait', 'wait-seconds', { payload: { hello: 'world' } });
    await historyHas(arn, 'WaitStateEntered', 'WaitWeek');
    await sleepReal(150);
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    clock.advance(7 * DAY_MS + 1000);
    const out = await finished(arn);
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ hello: 'world' });
  });

  it('treats a duplicate start as one execution, and a different input or a closed one as ExecutionAlreadyExists', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('callback'),
        name: 'hire-d',
        input: '{"hireId":"d"}',
      }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('callback'),
        name: 'hire-d',
        input: '{"hireId":"d"}',
      }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn('callback'),
          name: 'hire-d',
          input: '{"hireId":"x"}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn('callback'), statusFilter: 'RUNNING' }),
    );
    expect(running.executions?.filter((e) => e.name === 'hire-d')).toHaveLength(1);

    await sfn.send(
      new StopExecutionCommand({ executionArn: first.executionArn, error: 'Cancelled', cause: 'test' }),
    );
    const stopped = await describeExecution(first.executionArn!);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'test' });
    await historyHas(first.executionArn!, 'ExecutionAborted');
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn('callback'),
          name: 'hire-d',
          input: '{"hireId":"d"}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('rejects forbidden characters in names with InvalidName, and a bad length with ValidationException', async () => {
    for (const name of ['has space', 'a/b', 'x:y', 'q?', 'bell\u0007']) {
      await expect(
        sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('wait'), name, input: '{}' })),
      ).rejects.toMatchObject({ name: 'InvalidName' });
    }
    const long = 'n'.repeat(81);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('wait'), name: long, input: '{}' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('wait'), name: '', input: '{}' })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'name'") });
    const longest = await start('wait', 'n'.repeat(80), { payload: {} });
    expect(longest.endsWith(`:${'n'.repeat(80)}`)).toBe(true);
  });

  it('answers unknown tokens and executions with the real errors', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: `AQ${'A'.repeat(128)}`, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(
      describeExecution(`arn:aws:states:${REGION}:000000000000:execution:wait:nope`),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(describeExecution('not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
  });
});

describe('definitions', () => {
  const options = { clock, stateMachines: [], invokeLambda: async () => null };

  it('rejects JSONata, which the engine would silently ignore', () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    expect(() => new LocalStepFunctions({ ...options, stateMachines: [{ name: 'j', definition }] })).toThrow(
      /JSONata/,
    );
  });

  it('resolves Fn::GetAtt and refuses other intrinsics', () => {
    expect(resolveWorkflow({ a: [{ 'Fn::GetAtt': ['f', 'Arn'] }] }, fnArn)).toEqual({ a: [fnArn('f')] });
    expect(() => resolveWorkflow({ a: { Ref: 'X' } }, fnArn)).toThrow(/unsupported CloudFormation intrinsic/);
  });

  it('builds every workflows/*.asl.json', async () => {
    const dir = join(import.meta.dirname, '../../workflows');
    const files = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));
    const stateMachines = await Promise.all(
      files.map(async (f) => ({
        name: f.replace('.asl.json', ''),
        definition: await loadWorkflowFile(join(dir, f), fnArn),
      })),
    );
    expect(() => new LocalStepFunctions({ ...options, stateMachines })).not.toThrow();
  });
});

describe('close()', () => {
  it('aborts running executions and leaves no timers behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const stateMachines = await Promise.all(
      ['callback', 'wait'].map(async (name) => ({
        name,
        definition: await loadWorkflowFile(join(FIXTURES, `${name}.asl.json`), fnArn),
      })),
    );
    const local = await startStepFunctions({
      clock,
      port: 0,
      stateMachines,
      invokeLambda: async (arn, event) => lambdas[arn]!(event),
    });
    const { service } = local;
    const waiting = (await service.handle('StartExecution', {
      stateMachineArn: machineArn('callback'),
      name: 'close-1',
      input: '{"hireId":"close-1"}',
    })) as { executionArn: string };
    const sleeping = (await service.handle('StartExecution', {
      stateMachineArn: machineArn('wait'),
      name: 'close-2',
      input: '{}',
    })) as { executionArn: string };
    await until(async () => tokens.get('close-1'), 'the task token');
    await local.close();
    for (const { executionArn } of [waiting, sleeping]) {
      expect(await service.handle('DescribeExecution', { executionArn })).toMatchObject({
        status: 'ABORTED',
      });
    }
    await sleepReal(20);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('request constraints of the service model', () => {
  const validation = (message: unknown) => ({ name: 'ValidationException', message });

  it('maxResults is 0 to 1000 on every list operation', async () => {
    const over =
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000";
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn('wait'), maxResults: 1001 })),
    ).rejects.toMatchObject(validation(over));
    await expect(sfn.send(new ListStateMachinesCommand({ maxResults: 1001 }))).rejects.toMatchObject(
      validation(over),
    );
    await expect(
      sfn.send(
        new GetExecutionHistoryCommand({
          executionArn: `arn:aws:states:${REGION}:000000000000:execution:wait:x`,
          maxResults: -1,
        }),
      ),
    ).rejects.toMatchObject(
      validation(
        "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0",
      ),
    );
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000 }));
    expect(page.stateMachines?.length).toBeGreaterThan(0);
    const one = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    expect(one.stateMachines).toHaveLength(1);
    expect(one.nextToken).toBeDefined();
  });

  it('statusFilter must be one of the statuses', async () => {
    await expect(
      sfn.send(
        new ListExecutionsCommand({ stateMachineArn: machineArn('wait'), statusFilter: 'DONE' as never }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]",
      ),
    });
  });

  it('error and cause lengths on StopExecution and SendTaskFailure, every problem in one answer', async () => {
    const arn = await start('wait', 'stop-lengths', { payload: {} });
    await expect(
      sfn.send(
        new StopExecutionCommand({ executionArn: arn, error: 'e'.repeat(257), cause: 'c'.repeat(32_769) }),
      ),
    ).rejects.toMatchObject(
      validation(
        "2 validation errors detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256; Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768",
      ),
    );
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'e'.repeat(256), cause: 'c'.repeat(32_768) }),
    );
    expect((await describeExecution(arn)).status).toBe('ABORTED');

    const token = `AQ${'A'.repeat(128)}`;
    await expect(
      sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'e'.repeat(257) })),
    ).rejects.toMatchObject(validation(expect.stringContaining("at 'error'")));
    await expect(
      sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'A'.repeat(2049) })),
    ).rejects.toMatchObject(
      validation(
        expect.stringContaining(
          "at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048",
        ) as never,
      ),
    );
  });

  it('execution input and task output are at most 256 KiB of UTF-8', async () => {
    // 262,144 bytes exactly: {"p":"…"} around 262,136 ASCII characters.
    const fits = JSON.stringify({ p: 'x'.repeat(262_136) });
    expect(Buffer.byteLength(fits)).toBe(262_144);
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn('wait'), name: 'input-fits', input: fits }),
    );
    expect((await describeExecution(started.executionArn!)).input).toBe(fits);
    // Fewer characters than the limit, more bytes: the quota counts bytes.
    const japanese = JSON.stringify({ p: 'あ'.repeat(90_000) });
    expect(japanese.length).toBeLessThan(262_144);
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn('wait'),
          name: 'input-big',
          input: japanese,
        }),
      ),
    ).rejects.toMatchObject(
      validation(
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
      ),
    );
    await expect(
      describeExecution(`arn:aws:states:${REGION}:000000000000:execution:wait:input-big`),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });

    const arn = await start('callback', 'hire-big-output', { hireId: 'big-output' });
    const token = await until(async () => tokens.get('big-output'), 'the task token');
    await expect(
      sfn.send(
        new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ p: 'x'.repeat(262_200) }) }),
      ),
    ).rejects.toMatchObject(
      validation(expect.stringContaining("Value at 'output' failed to satisfy constraint")),
    );
    expect((await describeExecution(arn)).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"workspaceId":"ws-big"}' }));
    expect((await finished(arn)).status).toBe('SUCCEEDED');
  });
});

describe('quotas of Standard workflows, and the status change events', () => {
  let local: Awaited<ReturnType<typeof startStepFunctions>>;
  let client: SFNClient;
  const events: ExecutionStatusChangeEvent[] = [];
  const arnOf = (name: string) => `arn:aws:states:${REGION}:000000000000:stateMachine:${name}`;
  const run = async (machine: string, name: string, input: unknown) =>
    (
      await client.send(
        new StartExecutionCommand({ stateMachineArn: arnOf(machine), name, input: JSON.stringify(input) }),
      )
    ).executionArn!;
  const done = (executionArn: string) =>
    until(async () => {
      const out = await client.send(new DescribeExecutionCommand({ executionArn }));
      return out.status === 'RUNNING' ? undefined : out;
    }, `${executionArn} to finish`);
  const statuses = (executionArn: string) =>
    events.filter((e) => e.detail.executionArn === executionArn).map((e) => e.detail.status);

  beforeAll(async () => {
    const stateMachines = await Promise.all(
      ['limits', 'wait', 'callback'].map(async (name) => ({
        name,
        definition: await loadWorkflowFile(join(FIXTURES, `${name}.asl.json`), fnArn),
      })),
    );
    local = await startStepFunctions({
      clock,
      port: 0,
      stateMachines,
      invokeLambda: async (arn, event) => lambdas[arn]!(event),
      onStatusChange: (event) => events.push(event),
    });
    client = new SFNClient({
      endpoint: local.url,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
  });

  it('a task result over 256 KiB fails the execution with States.DataLimitExceeded, past its Catch', async () => {
    const arn = await run('limits', 'big-result', { bytes: 270_000 });
    expect(await done(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${fnArn('pad')}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
    const ok = await run('limits', 'result-fits', { bytes: 200_000 });
    expect(await done(ok)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('a task input over 256 KiB after Parameters fails the same way', async () => {
    const arn = await run('limits', 'doubled-input', { case: 'doubled-input', pad: 'y'.repeat(150_000) });
    expect(await done(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${fnArn('pad')}' was given an input with a size exceeding the maximum number of bytes service limit.`,
    });
  });

  it('a state output over 256 KiB after ResultPath fails the execution before the next state', async () => {
    const arn = await run('limits', 'merged-output', {
      case: 'merged-output',
      pad: 'y'.repeat(150_000),
      bytes: 150_000,
    });
    expect(await done(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state 'MergedOutput' produced an output with a size exceeding the maximum number of bytes service limit.",
    });
    const types = (
      (await client.send(new GetExecutionHistoryCommand({ executionArn: arn }))).events ?? []
    ).map((e) => e.type);
    expect(types.at(-1)).toBe('ExecutionFailed');
    expect(types).not.toContain('PassStateEntered');
  });

  it('publishes every status change as AWS’s "Step Functions Execution Status Change" event', async () => {
    const arn = await run('limits', 'events-1', { bytes: 3 });
    await done(arn);
    const mine = events.filter((e) => e.detail.executionArn === arn);
    expect(mine.map((e) => e.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    const [running, succeeded] = mine;
    expect(running).toMatchObject({
      version: '0',
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      account: '000000000000',
      region: REGION,
      resources: [arn],
      detail: {
        executionArn: arn,
        stateMachineArn: arnOf('limits'),
        name: 'events-1',
        status: 'RUNNING',
        stopDate: null,
        input: '{"bytes":3}',
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
      },
    });
    // The documented detail: the fields of AWS's examples, no error or cause.
    expect(Object.keys(succeeded!.detail).sort()).toEqual(
      [
        'executionArn',
        'input',
        'inputDetails',
        'name',
        'output',
        'outputDetails',
        'startDate',
        'stateMachineArn',
        'status',
        'stopDate',
      ].sort(),
    );
    expect(succeeded!.detail).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"pad":"xxx"}',
      outputDetails: { included: true },
    });
    expect(succeeded!.detail.stopDate).toBeGreaterThanOrEqual(succeeded!.detail.startDate);

    const stopped = await run('wait', 'events-2', { payload: {} });
    await client.send(new StopExecutionCommand({ executionArn: stopped, error: 'Stopped' }));
    expect(statuses(stopped)).toEqual(['RUNNING', 'ABORTED']);
    const failed = await run('limits', 'events-3', { bytes: 270_000 });
    await done(failed);
    expect(statuses(failed)).toEqual(['RUNNING', 'FAILED']);
  });

  it('leaves the input out of the event when input and output together pass 248 KiB', async () => {
    const arn = await run('limits', 'events-big', { bytes: 200_000, note: 'z'.repeat(60_000) });
    await done(arn);
    const last = events.filter((e) => e.detail.executionArn === arn).at(-1)!;
    expect(last.detail).toMatchObject({
      status: 'SUCCEEDED',
      input: null,
      inputDetails: { included: false },
      outputDetails: { included: true },
    });
    expect(JSON.parse(last.detail.output!).pad).toHaveLength(200_000);
  });

  it('ends an execution still running after one year TIMED_OUT with States.Timeout: a Wait past it never ends', async () => {
    const startMs = clock.nowMs();
    const arn = await run('wait', 'a-year-and-more', {
      until: new Date(startMs + 400 * DAY_MS).toISOString(),
    });
    clock.advance(365 * DAY_MS - 60_000);
    await sleepReal(150);
    expect((await client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    clock.advance(120_000);
    expect(await done(arn)).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution ran longer than the maximum execution time of one year',
    });
    const history = (await client.send(new GetExecutionHistoryCommand({ executionArn: arn }))).events ?? [];
    expect(history.at(-1)).toMatchObject({
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
    expect(statuses(arn)).toEqual(['RUNNING', 'TIMED_OUT']);
  });

  it('sends no events for the executions it aborts when the endpoint shuts down', async () => {
    const arn = await run('wait', 'at-close', { payload: {} });
    const before = events.length;
    await local.close();
    expect(await local.service.handle('DescribeExecution', { executionArn: arn })).toMatchObject({
      status: 'ABORTED',
    });
    expect(events.length).toBe(before);
  });
});
