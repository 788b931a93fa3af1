import { describe, expect, it } from 'vitest';
import { resumeHire } from '../../../src/admin/resume';
import { ActionNotAllowedError } from '../../../src/kernel/errors';
import type { HireRecord } from '../../../src/kernel/hire/record';
import { createTokenBucket } from '../../../src/kernel/token-bucket';
import { runReconciler } from '../../../src/provisioning/reconcile';
import { recordExecutionEnd } from '../../../src/provisioning/record-execution-end';
import { recordFailure } from '../../../src/provisioning/record-failure';
import { appWorld, sampleHire } from '../../support/fakes';

/**
 * Nothing stuck: the reconciler over the `watch` index, `admin resume`, the workflow's failure route and
 * the execution-end safety net, on the in-memory table and a fake Step Functions.
 */
const MINUTE = 60_000;
const plenty = () => 60_000;
/** More than a run's hires (MAX_HIRES_PER_RUN): the budget never makes these tests wait. */
const unthrottled = createTokenBucket({ ratePerSecond: 1000, burst: 1000 });

function world() {
  const w = appWorld({ start: '2027-03-25T00:00:00Z' });
  /** A hire the reconciler should look at now. */
  const stuck = (over: Partial<HireRecord>, onQueue = false) => {
    const hire = sampleHire(over);
    w.stores.seed(hire, {
      watch: new Date(w.clock.nowMs() - MINUTE).toISOString(),
      ...(onQueue ? { work: { queue: 'QUEUED' as const, dueAt: w.clock.now().toISOString() } } : {}),
    });
    return hire;
  };
  const reconcile = () => runReconciler({ ...w.deps, bucket: unthrottled }, plenty);
  return { ...w, stuck, reconcile };
}

describe('the reconciler', () => {
  it('starts a missing execution with the same name and input', async () => {
    const w = world();
    const hire = w.stuck({ stage: 'RECEIVED' });
    expect(await w.reconcile()).toMatchObject({ due: 1, checked: 1, actions: { 'started-execution': 1 } });
    expect(w.sfn.started).toEqual([
      { name: hire.executionName, input: { hireId: hire.hireId, provisionAt: hire.provisionAt } },
    ]);
    expect(w.table.events.get(hire.hireId)).toEqual([
      expect.objectContaining({
        type: 'recovered',
        by: 'reconciler',
        detail: { action: 'started-execution', execution: 'none' },
      }),
    ]);
    // Looked at again a little later, not in every run.
    expect(w.table.watch.get(hire.hireId)! > w.clock.now().toISOString()).toBe(true);
  });

  it("puts a queued hire back on the provisioner's queue when its execution waits but it is off the queue", async () => {
    const w = world();
    const hire = w.stuck({ stage: 'QUEUED' });
    w.sfn.set(hire.executionName, 'RUNNING', { hireId: hire.hireId });
    expect(await w.reconcile()).toMatchObject({ actions: { requeued: 1 } });
    expect(w.table.work.get(hire.hireId)).toEqual({ queue: 'QUEUED', dueAt: w.clock.now().toISOString() });
  });

  it('leaves a living hire alone and looks again later', async () => {
    const w = world();
    const hire = w.stuck({ stage: 'QUEUED' }, true);
    w.sfn.set(hire.executionName, 'RUNNING', { hireId: hire.hireId });
    expect(await w.reconcile()).toMatchObject({ actions: { alive: 1 } });
    expect(w.table.watch.get(hire.hireId)).toBe(new Date(w.clock.nowMs() + 30 * MINUTE).toISOString());
    expect(w.table.events.get(hire.hireId)).toBeUndefined();
  });

  it('fails a hire whose execution ended without it, with one alert', async () => {
    const w = world();
    const hire = w.stuck({ stage: 'PROVISIONING', workspaceId: 'ws-0123456789' });
    w.sfn.set(hire.executionName, 'ABORTED', { hireId: hire.hireId });
    expect(await w.reconcile()).toMatchObject({ actions: { failed: 1 } });
    expect(w.table.hires.get(hire.hireId)).toMatchObject({
      stage: 'FAILED',
      lastError: { error: 'ExecutionAborted' },
    });
    expect(w.ses.sent).toHaveLength(1);
    expect(w.table.watch.has(hire.hireId)).toBe(false);
  });

  it('takes a hire that moved on off the index', async () => {
    const w = world();
    const hire = w.stuck({ stage: 'INVITED' });
    expect(await w.reconcile()).toMatchObject({ actions: { 'moved-on': 1 } });
    expect(w.table.watch.has(hire.hireId)).toBe(false);
  });
});

describe('admin resume', () => {
  it('does what the reconciler would, now, and records who asked also when the hire is alive', async () => {
    const w = world();
    const hire = w.stuck({ stage: 'RECEIVED' });
    w.sfn.set(hire.executionName, 'RUNNING', { hireId: hire.hireId });
    expect(await resumeHire(w.deps, { hireId: hire.hireId, by: 'token:ops' })).toMatchObject({
      action: 'alive',
    });
    expect(w.table.events.get(hire.hireId)).toEqual([
      expect.objectContaining({ type: 'recovered', by: 'token:ops' }),
    ]);
  });

  it('says what to use instead for a hire past provisioning', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'FAILED' }));
    await expect(resumeHire(w.deps, { hireId: 'hr-E-1', by: 'token:ops' })).rejects.toThrow(
      ActionNotAllowedError,
    );
  });
});

describe('the failure route', () => {
  it('marks FAILED once and alerts once, however often the workflow reports it', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'QUEUED' }), {
      work: { queue: 'QUEUED', dueAt: '2027-03-25T00:00:00Z' },
    });
    const failure = {
      hireId: 'hr-E-1',
      error: 'CreateWorkspacesFailed',
      cause: 'Quota',
      executionName: 'hire-hr-E-1',
    };
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: true });
    expect(await recordFailure(w.deps, failure)).toEqual({ alerted: false });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'FAILED', failureCount: 1 });
    expect(w.table.work.has('hr-E-1')).toBe(false);
    expect(w.ses.sent).toHaveLength(1);
  });

  it('an execution stopped from outside ends in the same route; a replaced one is ignored', async () => {
    const w = world();
    w.stores.seed(sampleHire({ stage: 'RECEIVED', executionName: 'hire-hr-E-1-s1' }));
    const end = (name: string) => ({
      executionArn: `arn:aws:states:ap-northeast-1:1:execution:onboarding:${name}`,
      stateMachineArn: 'arn:aws:states:ap-northeast-1:1:stateMachine:onboarding',
      name,
      status: 'ABORTED',
      hireId: 'hr-E-1',
    });
    expect(await recordExecutionEnd(w.deps, end('hire-hr-E-1'))).toMatchObject({ outcome: 'not-current' });
    w.sfn.set('hire-hr-E-1-s1', 'ABORTED', { hireId: 'hr-E-1' }, 'Stopped', 'by someone');
    expect(await recordExecutionEnd(w.deps, end('hire-hr-E-1-s1'))).toMatchObject({
      outcome: 'failed',
      alerted: true,
    });
    expect(w.table.hires.get('hr-E-1')).toMatchObject({ stage: 'FAILED', lastError: { error: 'Stopped' } });
  });
});
