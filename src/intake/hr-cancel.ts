import { cancelHire } from '../admin/cancel';
import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import { adminEmailContext } from '../kernel/email/context';
import { ActionNotAllowedError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { log } from '../kernel/log';
import { releaseUserName } from '../kernel/user-names';
import { isTaggedFor } from '../provisioning/rules';
import type { AcceptHireDeps, AcceptResult, CancelledWorkspace, KeptReason } from './ports';

/**
 * HR's `employee.hire_cancelled`: the hire becomes CANCELLED through the admin cancel (the workflow and the
 * reminders stop, the user name is free again). A WorkSpace made for the hire is terminated only when the
 * configuration allows it (`onCancel.terminateUnusedWorkspace`), it carries this hire's tag, and nobody
 * ever signed in to it (no LastKnownUserConnectionTimestamp); otherwise it stays and the admins get one
 * alert naming it and what to do. Safe to repeat: a retry finds CANCELLED and settles the WorkSpace again
 * (terminated once, alerted once through the ledger).
 */
export interface HrCancelInput {
  hire: HireRecord;
  by: string;
  markDelivered: () => Promise<boolean>;
}

export async function cancelFromHr(deps: AcceptHireDeps, input: HrCancelInput): Promise<AcceptResult> {
  const { hireId } = input.hire;
  const notAllowed = (stage: HireRecord['stage']): AcceptResult => ({
    outcome: 'conflict',
    hireId,
    stage,
    detail: `the onboarding of employee ${input.hire.person.employeeId} is finished (${stage}): the person has signed in already`,
  });
  if (input.hire.stage === 'ACTIVE') return notAllowed('ACTIVE');
  if (!(await input.markDelivered())) return { outcome: 'replayed' };

  const fromStage = input.hire.stage;
  if (fromStage !== 'CANCELLED') {
    try {
      await cancelHire(deps, { hireId, reason: 'employee.hire_cancelled', by: input.by });
    } catch (err) {
      if (err instanceof ActionNotAllowedError && err.stage === 'ACTIVE') return notAllowed('ACTIVE');
      if (!(err instanceof ActionNotAllowedError && err.stage === 'CANCELLED')) throw err;
    }
  } else {
    // A retry: the first attempt may have died before these.
    await releaseUserName(deps, {
      directoryId: input.hire.directoryId,
      userName: input.hire.person.userName,
      hireId,
    });
    await deps.workflows.stop(input.hire.executionName, 'Cancelled', `onboarding cancelled by ${input.by}`);
  }
  const hire = await deps.hires.require(hireId);
  const workspace = await settleWorkspace(deps, hire, fromStage, input.by);
  log.info('hire cancelled by HR', { hireId, fromStage, workspace: workspace?.action });
  return { outcome: 'cancelled', hireId, stage: hire.stage, ...(workspace ? { workspace } : {}) };
}

async function settleWorkspace(
  deps: AcceptHireDeps,
  hire: HireRecord,
  fromStage: HireRecord['stage'],
  by: string,
): Promise<CancelledWorkspace | undefined> {
  let workspaceId = hire.workspaceId;
  const workspaces = deps.workspaces.forDirectory(hire.directoryId);
  if (!workspaceId && (fromStage === 'QUEUED' || hire.createRequestedAt)) {
    // The provisioner may have created it just before the cancel, without recording it yet.
    const found = await workspaces.findUserWorkspace(hire.directoryId, hire.person.userName);
    if (found && isTaggedFor((await workspaces.describeTags(found.workspaceId)) ?? [], hire.hireId)) {
      workspaceId = found.workspaceId;
    }
  }
  if (!workspaceId) return undefined;
  if (hire.workspaceTerminatedAt) return { workspaceId, action: 'terminated' };

  const reason = await terminateIfUnused(deps, hire, workspaceId);
  if (reason.kind === 'terminated' || reason.kind === 'gone') {
    await deps.hires.update(hire.hireId, {
      stage: 'CANCELLED',
      set: { workspaceTerminatedAt: deps.clock.now().toISOString() },
      event: {
        type: 'workspace-terminated',
        by,
        detail: { workspaceId, ...(reason.kind === 'gone' ? { alreadyGone: true } : {}) },
      },
    });
    return { workspaceId, action: 'terminated' };
  }

  const email = await renderAlertEmail('alert-hr', adminEmailContext(deps.config), {
    hire: { hireId: hire.hireId, employeeId: hire.person.employeeId, stage: hire.stage },
    what: 'HireCancelled',
    facts: { workspaceId, userName: hire.person.userName, reason: reason.kind as KeptReason },
    ...(reason.detail ? { detail: reason.detail } : {}),
  });
  await alertAdmins(deps, hire.hireId, `alert-hr#cancelled#${workspaceId}`, email, {
    record: { type: 'workspace-kept', stage: hire.stage, by, detail: { workspaceId, reason: reason.kind } },
  });
  return { workspaceId, action: 'kept', reason: reason.kind };
}

/** Terminated now, gone already (a retry after our terminate), or why it stays. */
async function terminateIfUnused(
  deps: AcceptHireDeps,
  hire: HireRecord,
  workspaceId: string,
): Promise<{ kind: KeptReason | 'terminated' | 'gone'; detail?: string }> {
  if (!deps.config.onCancel.terminateUnusedWorkspace) return { kind: 'off' };
  const workspaces = deps.workspaces.forDirectory(hire.directoryId);
  const tags = await workspaces.describeTags(workspaceId);
  if (!tags) return { kind: 'gone' };
  if (!isTaggedFor(tags, hire.hireId)) return { kind: 'foreign' };
  const [status] = await workspaces.describeConnectionStatus([workspaceId]);
  if (status?.lastConnectedAt) return { kind: 'used' };
  const refused = await workspaces.terminate(workspaceId);
  if (refused) {
    return {
      kind: 'refused',
      detail: `${refused.errorCode ?? 'Error'}: ${refused.errorMessage ?? ''}`.trim(),
    };
  }
  return { kind: 'terminated' };
}
