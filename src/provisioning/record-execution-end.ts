import {
  type ExecutionStatusChange,
  hireIdOfInput,
  isUnsuccessfulEnd,
  WORKFLOW_FAILED_ERROR,
} from '../kernel/hire/execution-event';
import { isFinalStage } from '../kernel/hire/stages';
import type { Workflows } from '../kernel/workflows';
import { type RecordFailureDeps, recordFailure } from './record-failure';
import { executionEndError } from './recovery';

/**
 * The safety net behind the workflow's own failure route. An execution that fails at the execution level,
 * times out (at the latest after a year) or is stopped from outside never reaches the ASL's Catch; its
 * status change event ends here and the hire goes through the same failure route: FAILED and one alert
 * (the send-once ledger). Ignored: executions that are not the hire's current one (an admin's retry runs
 * `<name>-r<n>`), executions that ended through the ASL's own Fail state (RecordFailure ran already), and
 * hires that are finished (an admin's cancel marks CANCELLED before it stops the execution).
 */
export interface ExecutionEndDeps extends RecordFailureDeps {
  workflows: Pick<Workflows, 'describe'>;
}

export type ExecutionEndOutcome =
  | 'not-an-end'
  | 'not-ours'
  | 'not-current'
  | 'finished'
  | 'recorded-by-workflow'
  | 'failed';

export async function recordExecutionEnd(
  deps: ExecutionEndDeps,
  end: ExecutionStatusChange,
): Promise<{ outcome: ExecutionEndOutcome; hireId?: string; alerted?: boolean }> {
  if (!isUnsuccessfulEnd(end.status)) return { outcome: 'not-an-end' };
  // The event has no error or cause, and leaves a big input out: DescribeExecution has both.
  let described: Awaited<ReturnType<Workflows['describe']>> | undefined;
  let hireId = end.hireId;
  if (!hireId) {
    described = await deps.workflows.describe(end.executionArn);
    hireId = hireIdOfInput(described?.input);
  }
  if (!hireId) return { outcome: 'not-ours' };
  const hire = await deps.hires.get(hireId);
  if (!hire) return { outcome: 'not-ours', hireId };
  if (hire.executionName !== end.name) return { outcome: 'not-current', hireId };
  if (isFinalStage(hire.stage)) return { outcome: 'finished', hireId };
  described ??= await deps.workflows.describe(end.executionArn);
  if (end.status === 'FAILED' && described?.error === WORKFLOW_FAILED_ERROR) {
    return { outcome: 'recorded-by-workflow', hireId };
  }
  const { alerted } = await recordFailure(deps, {
    hireId,
    error: executionEndError({ status: end.status, ...(described?.error ? { error: described.error } : {}) }),
    cause:
      described?.cause ||
      `The workflow execution ${end.name} ended ${end.status}, outside the workflow's own failure route.`,
  });
  return { outcome: 'failed', hireId, alerted };
}
