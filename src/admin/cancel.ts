import { ActionNotAllowedError, StageConflictError } from '../kernel/errors';
import { assertCancellable } from '../kernel/hire/actions';
import { describeError, log } from '../kernel/log';
import { releaseUserName } from '../kernel/user-names';
import type { Actor, AdminDeps } from './deps';

export interface CancelResult {
  hireId: string;
  stage: 'CANCELLED';
  fromStage: string;
  executionStopped: boolean;
  /** The WorkSpace, if one was made, is kept: cancelling onboarding never terminates a desktop. */
  workspaceId?: string;
}

/**
 * Cancels a hire's onboarding: CANCELLED (a conditional write, so the provisioner and the reminder run see
 * it and stop touching the hire), off the provisioner queue and the reminder index, its user name free for
 * a later hire, then the workflow execution is stopped. Never terminates a WorkSpace (HR's
 * `employee.hire_cancelled` may, see src/intake/hr-cancel.ts).
 */
export async function cancelHire(
  deps: Pick<AdminDeps, 'hires' | 'userNames' | 'workflows' | 'clock'>,
  input: { hireId: string; reason?: string | undefined; by: Actor },
): Promise<CancelResult> {
  const hire = await deps.hires.require(input.hireId);
  if (hire.stage === 'CANCELLED') {
    // A retry after a failed stop: make sure the execution is stopped, then say it was cancelled already.
    await stopExecution(deps, hire.executionName, input.by).catch(() => false);
  }
  assertCancellable(hire);
  const now = deps.clock.now().toISOString();
  try {
    await deps.hires.move(hire.hireId, {
      to: 'CANCELLED',
      set: { cancelledAt: now },
      work: null,
      due: null,
      event: {
        type: 'cancelled',
        by: input.by,
        detail: { fromStage: hire.stage, ...(input.reason ? { reason: input.reason } : {}) },
      },
    });
  } catch (err) {
    if (err instanceof StageConflictError && err.actual) {
      throw new ActionNotAllowedError(
        { action: 'cancel', hireId: hire.hireId, stage: err.actual, reason: 'the onboarding is finished' },
        { cause: err },
      );
    }
    throw err;
  }
  await releaseUserName(deps, {
    directoryId: hire.directoryId,
    userName: hire.person.userName,
    hireId: hire.hireId,
  });
  const executionStopped = await stopExecution(deps, hire.executionName, input.by);
  return {
    hireId: hire.hireId,
    stage: 'CANCELLED',
    fromStage: hire.stage,
    executionStopped,
    ...(hire.workspaceId ? { workspaceId: hire.workspaceId } : {}),
  };
}

async function stopExecution(deps: Pick<AdminDeps, 'workflows'>, name: string, by: Actor): Promise<boolean> {
  try {
    return await deps.workflows.stop(name, 'Cancelled', `onboarding cancelled by ${by}`);
  } catch (err) {
    log.error('admin cancel: StopExecution failed', { executionName: name, error: describeError(err) });
    throw err;
  }
}
