/**
 * What the reconciler (and `admin resume`) does with a hire whose stage has not moved in time: pure rules
 * over the hire's stage, its workflow execution and its place on the provisioner's queue. Every action is
 * safe to repeat: StartExecution with the same name and input is idempotent while the execution runs, a
 * work entry is put back with a conditional write on the stage, and a failure is recorded once.
 */

import type { Stage } from '../kernel/hire/stages';
import { isWatched } from '../kernel/hire/watched-stages';

/** The execution as DescribeExecution reports it; undefined when it does not exist. */
export interface ExecutionView {
  status: string;
  /** What DescribeExecution reports an ended execution failed with, when it does. */
  error?: string;
  cause?: string;
}

export type RecoveryPlan =
  /** The stage has no expected move (INVITED, FAILED, ...): nothing to do here. */
  | { action: 'none' }
  /** Running, and (once queued) on the provisioner's queue: look again later. */
  | { action: 'alive' }
  /** No execution under the hire's name: start it (same name and input); a replay re-queues the hire. */
  | { action: 'start-execution' }
  /** The execution waits on its task, but the provisioner has no work entry: put one back, due now. */
  | { action: 'requeue'; queue: 'QUEUED' | 'PROVISIONING' }
  /** The execution ended and nothing will move the hire: FAILED with one alert, for an admin to retry. */
  | { action: 'fail'; error: string; cause: string };

/** The error name of a hire the reconciler could not mend (what the admin alert shows). */
export const WORKFLOW_LOST_ERROR = 'WorkflowLost';

/**
 * The error an execution that ended outside the workflow's own failure route is reported with when
 * DescribeExecution names none. The reconciler and the execution-status events use the same names, so the
 * one alert says the same whichever of them sees the end first.
 */
export function executionEndError(execution: ExecutionView): string {
  return execution.error || EXECUTION_END_ERRORS[execution.status] || WORKFLOW_LOST_ERROR;
}

const EXECUTION_END_ERRORS: Readonly<Record<string, string>> = {
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'States.Timeout',
  ABORTED: 'ExecutionAborted',
};

export function planRecovery(
  hire: { stage: Stage; executionName: string; onQueue: boolean },
  execution: ExecutionView | undefined,
): RecoveryPlan {
  if (!isWatched(hire.stage)) return { action: 'none' };
  if (!execution) return { action: 'start-execution' };
  if (execution.status !== 'RUNNING') {
    return {
      action: 'fail',
      error: executionEndError(execution),
      cause:
        execution.cause ||
        `The workflow execution ${hire.executionName} is ${execution.status} while the hire is still ` +
          `${hire.stage}: nothing would move it on. Re-invite it to provision again.`,
    };
  }
  if (hire.stage === 'RECEIVED' || hire.onQueue) return { action: 'alive' };
  return { action: 'requeue', queue: hire.stage === 'QUEUED' ? 'QUEUED' : 'PROVISIONING' };
}
