import { planAdopt } from '../kernel/hire/actions';
import { executionInput } from '../kernel/hire/execution-event';
import type { Stage } from '../kernel/hire/stages';
import type { Actor, AdminDeps } from './deps';
import { retryProvisioning } from './retry-provisioning';

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
  deps: Pick<AdminDeps, 'hires' | 'workflows' | 'clock'>,
  input: { hireId: string; by: Actor },
): Promise<AdoptResult> {
  const hire = await deps.hires.require(input.hireId);
  const plan = planAdopt(hire);
  const result = (stage: Stage): AdoptResult => ({
    outcome: 'retrying',
    hireId: hire.hireId,
    stage,
    workspaceId: plan.workspaceId,
    executionName: plan.executionName,
  });
  if (plan.kind === 'resume') {
    await deps.workflows.start(plan.executionName, executionInput(hire));
    return result(hire.stage);
  }
  const updated = await retryProvisioning(deps, hire, {
    action: 'adopt',
    retry: plan.retry,
    executionName: plan.executionName,
    set: { adoptWorkspaceId: plan.workspaceId },
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
  });
  return result(updated.stage);
}
