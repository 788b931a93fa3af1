import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../local/event-bus';
import { readServiceSpec } from '../../local/serverless-config';
import { statusChangeEvent } from '../../local/stepfunctions/status-events';
import { loadConfig } from '../../src/kernel/config/load';
import type { OutgoingEmail } from '../../src/kernel/email/mailer';
import { ExecutionEventError, StageConflictError } from '../../src/kernel/errors';
import { parseExecutionStatusChange, WORKFLOW_FAILED_ERROR } from '../../src/kernel/hire/execution-event';
import type { HireRecord } from '../../src/kernel/hire/record';
import { allowedFrom, type Stage } from '../../src/kernel/hire/stages';
import type { HireStore, StageMove } from '../../src/kernel/table/hires';
import type { ExecutionDescription } from '../../src/kernel/workflows';
import { recordExecutionEnd } from '../../src/provisioning/record-execution-end';
import { recordFailure } from '../../src/provisioning/record-failure';

const ROOT = join(import.meta.dirname, '..', '..');
const MACHINE = 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:onboarding-local-onboarding';
const executionArn = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;

/** An event as the local endpoint publishes it (the shape of AWS's examples). */
function event(
  name: string,
  status: string,
  input = '{"hireId":"hr-E-1","provisionAt":"2027-01-01T00:00:00Z"}',
) {
  return statusChangeEvent({
    executionArn: executionArn(name),
    stateMachineArn: MACHINE,
    name,
    status,
    startDate: 1_700_000_000_000,
    stopDate: 1_700_000_100_000,
    input,
    region: 'ap-northeast-1',
    accountId: '000000000000',
    now: new Date('2026-12-01T00:00:00Z'),
  });
}

describe('Step Functions status change events', () => {
  it('reads the execution and the hire from the documented detail', () => {
    expect(parseExecutionStatusChange(event('hire-hr-E-1', 'TIMED_OUT'))).toEqual({
      executionArn: executionArn('hire-hr-E-1'),
      stateMachineArn: MACHINE,
      name: 'hire-hr-E-1',
      status: 'TIMED_OUT',
      hireId: 'hr-E-1',
    });
    const noInput = { ...event('x', 'FAILED'), detail: { ...event('x', 'FAILED').detail, input: null } };
    expect(parseExecutionStatusChange(noInput).hireId).toBeUndefined();
  });

  it('refuses other events', () => {
    expect(() => parseExecutionStatusChange({ ...event('x', 'FAILED'), source: 'aws.ses' })).toThrow(
      ExecutionEventError,
    );
    expect(() =>
      parseExecutionStatusChange({ ...event('x', 'FAILED'), 'detail-type': 'AWS API Call via CloudTrail' }),
    ).toThrow(ExecutionEventError);
  });

  it('the rule in serverless.yml takes this state machine’s failures, time-outs and stops only', () => {
    const spec = readServiceSpec(ROOT, {
      stage: 'local',
      region: 'ap-northeast-1',
      accountId: '000000000000',
    });
    const [rule] = spec.functions.find((f) => f.key === 'executionEvents')!.eventPatterns;
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED']) {
      expect(matchesPattern(rule, event('a', status)), status).toBe(true);
    }
    for (const status of ['RUNNING', 'SUCCEEDED'])
      expect(matchesPattern(rule, event('a', status))).toBe(false);
    const other = {
      ...event('a', 'FAILED'),
      detail: { ...event('a', 'FAILED').detail, stateMachineArn: `${MACHINE}-other` },
    };
    expect(matchesPattern(rule, other)).toBe(false);
  });

  it('knows the Fail state’s error of the onboarding workflow', () => {
    const asl = JSON.parse(readFileSync(join(ROOT, 'workflows', 'onboarding.asl.json'), 'utf8'));
    const fails = Object.values<any>(asl.States).filter((s) => s.Type === 'Fail');
    expect(fails.map((s) => s.Error)).toEqual([WORKFLOW_FAILED_ERROR]);
  });
});

describe('recordExecutionEnd', () => {
  const config = loadConfig({ ONBOARDING_CONFIG_FILE: join(ROOT, 'config', 'onboarding.json') });

  function setup(stage: Stage, opts: { executionName?: string; described?: ExecutionDescription } = {}) {
    const hire = {
      hireId: 'hr-E-1',
      source: 'hr',
      stage,
      version: 1,
      executionName: opts.executionName ?? 'hire-hr-E-1',
      person: { employeeId: 'E-1', email: 'e1@example.com', locale: 'en', timeZone: 'UTC' },
    } as unknown as HireRecord;
    const sent: { key: string; email: OutgoingEmail }[] = [];
    const described: string[] = [];
    const hires = {
      get: async (id: string) => (id === hire.hireId ? { ...hire } : undefined),
      require: async () => ({ ...hire }),
      move: async (_id: string, change: StageMove) => {
        const from = change.from ?? allowedFrom(change.to);
        if (!from.includes(hire.stage))
          throw new StageConflictError({ hireId: hire.hireId, expected: from, actual: hire.stage });
        Object.assign(hire, change.set, { stage: change.to });
        return { ...hire };
      },
    } as unknown as HireStore;
    const mailer = {
      async sendOnce(_hireId: string, key: string, email: OutgoingEmail) {
        if (sent.some((s) => s.key === key)) return { sent: false };
        sent.push({ key, email });
        return { sent: true };
      },
    };
    const workflows = {
      async describe(arn: string) {
        described.push(arn);
        return opts.described;
      },
    };
    const deps = {
      config,
      clock: { now: () => new Date(), nowMs: () => Date.now() },
      hires,
      mailer,
      workflows,
    };
    return { deps, hire, sent, described };
  }
  const end = (name: string, status: string, input?: string) =>
    parseExecutionStatusChange(event(name, status, input));

  it('a stopped execution: FAILED, one alert with the stop’s error and cause, not twice on redelivery', async () => {
    const t = setup('RECEIVED', {
      described: { status: 'ABORTED', error: 'OpsStop', cause: 'stopped by ops' },
    });
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'ABORTED'))).toEqual({
      outcome: 'failed',
      hireId: 'hr-E-1',
      alerted: true,
    });
    expect(t.hire.stage).toBe('FAILED');
    expect(t.hire.lastError).toMatchObject({ error: 'OpsStop', cause: 'stopped by ops' });
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.email.to).toEqual(config.email.adminAddresses);
    expect(t.sent[0]!.email.text).toContain('stopped by ops');
    // EventBridge delivers at least once.
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'ABORTED'))).toMatchObject({ alerted: false });
    expect(t.sent).toHaveLength(1);
  });

  it('a timed-out execution without details still names what happened', async () => {
    const t = setup('QUEUED', { described: { status: 'TIMED_OUT' } });
    await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'TIMED_OUT'));
    expect(t.hire).toMatchObject({ stage: 'FAILED', lastError: { error: 'States.Timeout' } });
    expect(t.hire.lastError?.cause).toContain('ended TIMED_OUT');
  });

  it('ignores the Fail state of the workflow: RecordFailure has alerted already', async () => {
    const t = setup('FAILED', { described: { status: 'FAILED', error: WORKFLOW_FAILED_ERROR } });
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'FAILED'))).toEqual({
      outcome: 'recorded-by-workflow',
      hireId: 'hr-E-1',
    });
    expect(t.sent).toEqual([]);
  });

  it('fails the hire when the execution failed any other way (e.g. a terminal States.DataLimitExceeded)', async () => {
    const t = setup('PROVISIONING', {
      described: { status: 'FAILED', error: 'States.DataLimitExceeded', cause: 'too big' },
    });
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'FAILED'))).toMatchObject({
      outcome: 'failed',
    });
    expect(t.hire.stage).toBe('FAILED');
    expect(t.sent).toHaveLength(1);
  });

  it('ignores an execution that is not the hire’s current one (an admin retry runs -r1)', async () => {
    const t = setup('RECEIVED', { executionName: 'hire-hr-E-1-r1' });
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'ABORTED'))).toEqual({
      outcome: 'not-current',
      hireId: 'hr-E-1',
    });
    expect(t.hire.stage).toBe('RECEIVED');
    expect(t.sent).toEqual([]);
  });

  it('RecordFailure ignores an execution HR’s reschedule replaced (its task timed out); the current one still fails', async () => {
    const t = setup('RECEIVED', { executionName: 'hire-hr-E-1-s1' });
    const failure = { hireId: 'hr-E-1', error: 'States.Timeout', cause: 'task timed out' };
    expect(await recordFailure(t.deps, { ...failure, executionName: 'hire-hr-E-1' })).toEqual({
      alerted: false,
    });
    expect(t.hire.stage).toBe('RECEIVED');
    expect(t.sent).toEqual([]);
    expect(await recordFailure(t.deps, { ...failure, executionName: 'hire-hr-E-1-s1' })).toEqual({
      alerted: true,
    });
    expect(t.hire.stage).toBe('FAILED');
  });

  it('leaves a cancelled hire cancelled and says nothing', async () => {
    const t = setup('CANCELLED');
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'ABORTED'))).toMatchObject({
      outcome: 'finished',
    });
    expect(t.hire.stage).toBe('CANCELLED');
    expect(t.sent).toEqual([]);
    expect(t.described).toEqual([]);
  });

  it('finds the hire through DescribeExecution when the event left the input out', async () => {
    const t = setup('RECEIVED', { described: { status: 'ABORTED', input: '{"hireId":"hr-E-1"}' } });
    const { hireId: _left, ...withoutInput } = end('hire-hr-E-1', 'ABORTED');
    const result = await recordExecutionEnd(t.deps, withoutInput);
    expect(result).toMatchObject({ outcome: 'failed', hireId: 'hr-E-1' });
    expect(t.described).toEqual([executionArn('hire-hr-E-1')]);
  });

  it('ignores other statuses and executions of no hire', async () => {
    const t = setup('RECEIVED');
    expect(await recordExecutionEnd(t.deps, end('hire-hr-E-1', 'SUCCEEDED'))).toEqual({
      outcome: 'not-an-end',
    });
    expect(await recordExecutionEnd(t.deps, end('other', 'FAILED', '{"hireId":"hr-nobody"}'))).toMatchObject({
      outcome: 'not-ours',
    });
    expect(t.sent).toEqual([]);
  });
});
