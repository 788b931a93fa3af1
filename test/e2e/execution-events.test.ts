import {
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionArnFor } from '../../src/provisioning/adapters/stepfunctions';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * No hire is stranded without an alert: an execution that ends past the workflow's Catch (stopped from
 * outside, timed out at the execution level) reaches the failure route through its EventBridge status
 * change event, once; an admin's cancel and the workflow's own failure route send nothing more.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;
let sfn: SFNClient;
const ADMIN = 'it-admins@example.co.jp';
const DIRECTORY = 'd-95671a2b3c';
const DAY_MS = 86_400_000;
const dayAfter = (days: number) => new Date(cloud.clock.nowMs() + days * DAY_MS).toISOString().slice(0, 10);

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
  table?.destroy();
  sfn?.destroy();
  await cloud?.stop();
});

const executionArn = (employeeId: string) => executionArnFor(cloud.stateMachineArn, `hire-hr-${employeeId}`);
const describeExecution = (employeeId: string) =>
  sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(employeeId) }));
const alertsAbout = async (employeeId: string) =>
  (await cloud.inbox()).filter((m) => m.destination.to.includes(ADMIN) && m.body.text?.includes(employeeId));
const executionEventsHandled = () => cloud.lambdas.stats().invocations.executionEvents ?? 0;

/** Waits until the execution has ended and its status change event has been handled. */
async function settled(employeeId: string, status: string) {
  await eventually(async () => (await describeExecution(employeeId)).status === status, {
    what: `${employeeId} ${status}`,
  });
  await cloud.bus.idle();
}

async function hire(employeeId: string, data: Record<string, unknown> = {}) {
  const res = await cloud.postHire({ employeeId, startDate: dayAfter(30), ...data });
  expect(res.status).toBe(202);
  return res.body.hireId as string;
}

describe('an execution that ends past the workflow’s Catch', () => {
  it('stopped from outside (StopExecution): the hire ends FAILED with one alert saying why', async () => {
    const hireId = await hire('E-STOP-1', { userName: 'stop1', email: 'stop1@example.co.jp' });
    expect((await describeExecution('E-STOP-1')).status).toBe('RUNNING');
    const before = executionEventsHandled();
    await sfn.send(
      new StopExecutionCommand({
        executionArn: executionArn('E-STOP-1'),
        error: 'OpsStop',
        cause: 'stopped in the console',
      }),
    );
    await settled('E-STOP-1', 'ABORTED');
    expect(executionEventsHandled()).toBe(before + 1);
    expect(await table.get(hireId)).toMatchObject({
      stage: 'FAILED',
      lastError: { error: 'OpsStop', cause: 'stopped in the console' },
    });
    const alerts = await eventually(async () => {
      const found = await alertsAbout('E-STOP-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body.text).toContain('stopped in the console');
  });

  it('cancelled by an admin: the hire stays CANCELLED and nobody is alerted', async () => {
    const hireId = await hire('E-CANCEL-1', { userName: 'cancel1', email: 'cancel1@example.co.jp' });
    const before = executionEventsHandled();
    const res = await fetch(`${cloud.urls.http}/admin/hires/E-CANCEL-1/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'offer withdrawn' }),
    });
    expect(res.status).toBe(200);
    await settled('E-CANCEL-1', 'ABORTED');
    // The stop's event was delivered and handled: it found the hire cancelled and did nothing.
    expect(executionEventsHandled()).toBe(before + 1);
    expect(await table.stage(hireId)).toBe('CANCELLED');
    expect(await alertsAbout('E-CANCEL-1')).toEqual([]);
  });

  it('failed through the workflow’s own failure route: exactly one alert, not two', async () => {
    await cloud.addUsers(DIRECTORY, 'err1');
    await cloud.sim('/_sim/faults', { nextWorkspacesError: 1 });
    const hireId = await hire('E-ASL-1', {
      userName: 'err1',
      email: 'err1@example.co.jp',
      startDate: dayAfter(1),
    });
    const before = executionEventsHandled();
    await cloud.driveUntil(async () => (await table.stage(hireId)) === 'FAILED', 'E-ASL-1 FAILED');
    await settled('E-ASL-1', 'FAILED');
    expect((await describeExecution('E-ASL-1')).error).toBe('OnboardingFailed');
    expect(executionEventsHandled()).toBe(before + 1);
    await eventually(async () => (await alertsAbout('E-ASL-1')).length > 0, { what: 'the alert' });
    expect(await alertsAbout('E-ASL-1')).toHaveLength(1);
    expect((await table.get(hireId))?.failureCount).toBe(1);
  });

  // Last: the clock moves a year. The execution was started by an older release, before start dates were
  // limited to a year: it waits until 2099, and the webhook's own start finds it already running.
  it('timed out at the execution level after a year: the hire ends FAILED with one alert', async () => {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: cloud.stateMachineArn,
        name: 'hire-hr-E-YEAR-1',
        input: JSON.stringify({ hireId: 'hr-E-YEAR-1', provisionAt: '2099-03-25T15:00:00Z' }),
      }),
    );
    const hireId = await hire('E-YEAR-1', { userName: 'year1', email: 'year1@example.co.jp' });
    expect(hireId).toBe('hr-E-YEAR-1');
    expect(JSON.parse((await describeExecution('E-YEAR-1')).input!).provisionAt).toBe('2099-03-25T15:00:00Z');

    await cloud.advance('364d');
    await cloud.bus.idle();
    expect(await table.stage(hireId)).toBe('RECEIVED');
    await cloud.advance('2d');
    await settled('E-YEAR-1', 'TIMED_OUT');
    expect(await table.get(hireId)).toMatchObject({
      stage: 'FAILED',
      lastError: { error: 'States.Timeout' },
    });
    const alerts = await eventually(async () => {
      const found = await alertsAbout('E-YEAR-1');
      return found.length ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    // An error with no plain phrase of its own: the subject says so; the body names it.
    expect(alerts[0]!.subject).toContain('予期しないエラーが起きました');
    expect(alerts[0]!.subject).not.toContain('States.Timeout');
    expect(alerts[0]!.body.text).toContain('States.Timeout');
  });
});
