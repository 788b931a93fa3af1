import { planAdopt, retryProvisionAt } from '../../domain/admin-actions';
import { ActionNotAllowedError, StageConflictError } from '../../domain/errors';
import type { Stage } from '../../domain/stages';
import type { Actor, AdminDeps } from './deps';

export interface AdoptResult {
  outcome: 'retrying';
  hireId: string;
  stage: Stage;
  /** The WorkSpace confirmed as this hire's: the provisioner tags it for the hire and adopts it. */
  workspaceId: string;
  executionName: string;
}

/**
 * An admin confirms that the WorkSpace the provisioner refused (the user's, but not tagged for this hire)
 * is meant for this person. One conditional write on the hire's `version` records the confirmation, who
 * gave it, and a new execution name; then the hire goes through provisioning again, where that WorkSpace,
 * and only that one, is tagged and adopted. Repeating the command after a crash starts the same execution.
 */
export async function adoptWorkspace(
  deps: Pick<AdminDeps, 'store' | 'workflows' | 'clock'>,
  input: { hireId: string; by: Actor },
): Promise<AdoptResult> {
  const hire = await deps.store.require(input.hireId);
  const plan = planAdopt(hire);
  if (plan.kind === 'resume') {
    await deps.workflows.start(plan.executionName, { hireId: hire.hireId, provisionAt: hire.provisionAt });
    return {
      outcome: 'retrying',
      hireId: hire.hireId,
      stage: hire.stage,
      workspaceId: plan.workspaceId,
      executionName: plan.executionName,
    };
  }
  const provisionAt = retryProvisionAt(hire.provisionAt, deps.clock.now());
  const updated = await deps.store
    .change(hire.hireId, {
      to: 'RECEIVED',
      from: ['FAILED'],
      expectVersion: hire.version,
      set: {
        retryCount: plan.retry,
        executionName: plan.executionName,
        provisionAt,
        adoptWorkspaceId: plan.workspaceId,
      },
      remove: ['taskToken', 'workspaceId', 'lastError', 'directoryWait'],
      work: null,
      due: null,
      event: {
        type: 'adoption-confirmed',
        by: input.by,
        detail: {
          workspaceId: plan.workspaceId,
          state: hire.foreignWorkspace?.state,
          retry: plan.retry,
          executionName: plan.executionName,
        },
      },
    })
    .catch((err: unknown) => {
      if (err instanceof StageConflictError && err.actual) {
        throw new ActionNotAllowedError(
          { action: 'adopt', hireId: hire.hireId, stage: err.actual, reason: 'the hire moved on meanwhile' },
          { cause: err },
        );
      }
      throw err;
    });
  await deps.workflows.start(plan.executionName, { hireId: hire.hireId, provisionAt: updated.provisionAt });
  return {
    outcome: 'retrying',
    hireId: hire.hireId,
    stage: updated.stage,
    workspaceId: plan.workspaceId,
    executionName: plan.executionName,
  };
}
