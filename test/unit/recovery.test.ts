import { describe, expect, it } from 'vitest';
import { ActionNotAllowedError } from '../../src/kernel/errors';
import { assertResumable } from '../../src/kernel/hire/actions';
import { STAGES, type Stage } from '../../src/kernel/hire/stages';
import {
  FIRST_CHECK_MS,
  WATCH_GRACE_MS,
  WATCHED_STAGES,
  watchAfterMove,
  watchWhileAlive,
} from '../../src/kernel/hire/watched-stages';
import { planRecovery, WORKFLOW_LOST_ERROR } from '../../src/provisioning/recovery';

const now = new Date('2027-03-01T00:00:00.000Z');
const policy = { provisioningTimeoutMinutes: 60 };
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const hire = (stage: Stage, onQueue = false) => ({ stage, executionName: 'hire-hr-E-1', onQueue });

describe('when the reconciler looks at a hire', () => {
  it('checks a new hire soon for its execution, or at its provisioning time plus grace when that is sooner', () => {
    const later = at(7 * 86_400_000);
    expect(watchAfterMove('RECEIVED', { now, provisionAt: later, policy })).toBe(at(FIRST_CHECK_MS));
    expect(watchAfterMove('RECEIVED', { now, provisionAt: now.toISOString(), policy })).toBe(
      at(FIRST_CHECK_MS),
    );
    expect(watchAfterMove('RECEIVED', { now, provisionAt: at(-3_600_000), policy })).toBe(
      at(WATCH_GRACE_MS - 3_600_000),
    );
  });

  it('expects PROVISIONING to end within the provisioning timeout plus grace', () => {
    expect(watchAfterMove('PROVISIONING', { now, policy })).toBe(at(60 * 60_000 + WATCH_GRACE_MS));
    expect(watchAfterMove('PROVISIONING', { now, policy: { provisioningTimeoutMinutes: 120 } })).toBe(
      at(120 * 60_000 + WATCH_GRACE_MS),
    );
  });

  it('does not watch stages the workflow does not move by itself', () => {
    for (const stage of STAGES.filter((s) => !WATCHED_STAGES.includes(s))) {
      expect(watchAfterMove(stage, { now, policy }), stage).toBeNull();
      expect(watchWhileAlive(stage, { now }), stage).toBeNull();
    }
  });

  it('looks again at a live waiting hire after its provisioning time, at others after the grace', () => {
    const later = at(10 * 86_400_000);
    expect(watchWhileAlive('RECEIVED', { now, provisionAt: later })).toBe(
      at(10 * 86_400_000 + WATCH_GRACE_MS),
    );
    expect(watchWhileAlive('RECEIVED', { now, provisionAt: at(-60_000) })).toBe(at(WATCH_GRACE_MS));
    expect(watchWhileAlive('QUEUED', { now, provisionAt: later })).toBe(at(WATCH_GRACE_MS));
  });
});

describe('what the reconciler does', () => {
  it('starts a missing execution in every watched stage', () => {
    for (const stage of WATCHED_STAGES) {
      expect(planRecovery(hire(stage), undefined), stage).toEqual({ action: 'start-execution' });
    }
  });

  it('leaves a running execution alone while the hire is waiting or on the provisioner queue', () => {
    const running = { status: 'RUNNING' };
    expect(planRecovery(hire('RECEIVED'), running)).toEqual({ action: 'alive' });
    expect(planRecovery(hire('QUEUED', true), running)).toEqual({ action: 'alive' });
    expect(planRecovery(hire('PROVISIONING', true), running)).toEqual({ action: 'alive' });
  });

  it('puts a queued or provisioning hire whose execution waits back on its queue', () => {
    const running = { status: 'RUNNING' };
    expect(planRecovery(hire('QUEUED'), running)).toEqual({ action: 'requeue', queue: 'QUEUED' });
    expect(planRecovery(hire('PROVISIONING'), running)).toEqual({ action: 'requeue', queue: 'PROVISIONING' });
  });

  it('fails a hire whose execution ended without it, saying which and what to do', () => {
    const named: Record<string, string> = {
      SUCCEEDED: WORKFLOW_LOST_ERROR,
      FAILED: 'ExecutionFailed',
      TIMED_OUT: 'States.Timeout',
      ABORTED: 'ExecutionAborted',
    };
    for (const [status, error] of Object.entries(named)) {
      const plan = planRecovery(hire('QUEUED', true), { status });
      expect(plan, status).toMatchObject({ action: 'fail', error });
      expect(plan.action === 'fail' && plan.cause).toBe(
        `The workflow execution hire-hr-E-1 is ${status} while the hire is still QUEUED: nothing would move it on. Re-invite it to provision again.`,
      );
    }
  });

  it('names the error and cause the execution reports, as the execution-status events do', () => {
    const ended = {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'An error occurred while executing the state',
    };
    expect(planRecovery(hire('QUEUED', true), ended)).toEqual({
      action: 'fail',
      error: 'States.Runtime',
      cause: 'An error occurred while executing the state',
    });
  });

  it('does nothing for a hire that moved on', () => {
    for (const stage of ['INVITED', 'FAILED', 'CANCELLED', 'ACTIVE'] as const) {
      expect(planRecovery(hire(stage), undefined), stage).toEqual({ action: 'none' });
    }
  });
});

describe('admin resume', () => {
  it('is for the stages the workflow moves, and says what to use instead elsewhere', () => {
    for (const stage of WATCHED_STAGES) expect(() => assertResumable({ hireId: 'h', stage })).not.toThrow();
    const reason = (stage: Stage) => {
      try {
        assertResumable({ hireId: 'h', stage });
      } catch (err) {
        expect(err).toBeInstanceOf(ActionNotAllowedError);
        return (err as Error).message;
      }
      return 'allowed';
    };
    expect(reason('FAILED')).toContain('use reinvite: it provisions again');
    expect(reason('INVITED')).toContain('the invitation went out: use reinvite for a fresh link');
    expect(reason('CANCELLED')).toContain('the onboarding is finished');
  });
});
