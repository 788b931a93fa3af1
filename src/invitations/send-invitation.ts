import {
  DirectoryNotFoundError,
  EmailInProgressError,
  HireNotFoundError,
  SesQuotaExceededError,
  StageConflictError,
} from '../kernel/errors';
import { funnel } from '../kernel/metrics';
import type { WorkspaceOwners } from '../kernel/table/workspace-owners';
import type { WorkspacesApi, WorkspacesRegions } from '../kernel/workspaces-api';
import { type InvitationDeps, type InvitationDirectory, issueInvitation } from './issue-invitation';

export type { InvitationDirectory } from './issue-invitation';

/**
 * The workflow's SendInvitation: the hire's WorkSpace is AVAILABLE; send invitation n+1 and mark the hire
 * INVITED, through issueInvitation (one order of writes). Safe to retry at every step: a retry that finds
 * the invitation sent (a timeout after SES accepted it) only records it, so the link that went out works.
 */
export interface SendInvitationDeps extends InvitationDeps {
  /** Records which hire the WorkSpace belongs to: login events name only the WorkSpace. */
  workspaceOwners: Pick<WorkspaceOwners, 'put'>;
  workspaces: WorkspacesRegions<Pick<WorkspacesApi, 'describeDirectory'>>;
}

export async function sendInvitation(
  deps: SendInvitationDeps,
  input: { hireId: string; workspaceId: string; directory?: InvitationDirectory | null },
): Promise<{ invitation: number; sent: boolean; deferredUntil?: string }> {
  const hire = await deps.hires.get(input.hireId);
  if (!hire) throw new HireNotFoundError(input.hireId);
  if (hire.stage !== 'PROVISIONING') {
    if (hire.stage === 'INVITED' && hire.workspaceId === input.workspaceId) {
      return { invitation: hire.invitationCount ?? 1, sent: false };
    }
    throw new StageConflictError({ hireId: hire.hireId, expected: ['PROVISIONING'], actual: hire.stage });
  }

  // The provisioner passes the directory it listed: no DescribeWorkspaceDirectories per invitation.
  const passed = input.directory?.directoryId === hire.directoryId ? input.directory : undefined;
  const directory =
    passed ?? (await deps.workspaces.forDirectory(hire.directoryId).describeDirectory(hire.directoryId));
  const registrationCode = directory?.registrationCode;
  if (!directory || !registrationCode) {
    throw new DirectoryNotFoundError(`directory ${hire.directoryId} is not registered with WorkSpaces`);
  }
  await deps.workspaceOwners.put(input.workspaceId, hire.hireId);
  const number = (hire.invitationCount ?? 0) + 1;
  const result = await issueInvitation(deps, {
    hire,
    number,
    person: hire.person,
    workspaceId: input.workspaceId,
    directory: { ...directory, registrationCode },
    record: {
      from: ['PROVISIONING'],
      set: { workspaceId: input.workspaceId },
      event: { type: 'invited', detail: { invitation: number, workspaceId: input.workspaceId } },
    },
  }).catch(async (err: unknown) => {
    if (!(err instanceof SesQuotaExceededError)) throw err;
    // The workflow waits until then and calls again: the invitation goes out when the quota allows.
    const deferredUntil = err.retryAt.toISOString();
    await deps.hires.update(hire.hireId, {
      stage: 'PROVISIONING',
      event: {
        type: 'invitation-deferred',
        detail: { invitation: number, until: deferredUntil, reason: 'SES 24-hour quota reached' },
      },
    });
    return { deferredUntil } as const;
  });
  if ('deferredUntil' in result)
    return { invitation: number, sent: false, deferredUntil: result.deferredUntil };
  if (result.outcome === 'in-progress') {
    throw new EmailInProgressError(`invitation ${number} of ${hire.hireId} is being sent by another attempt`);
  }
  if (result.hire.stage !== 'INVITED') {
    // Cancelled (or otherwise moved) between the send and the record: the failure route decides.
    throw new StageConflictError({
      hireId: hire.hireId,
      expected: ['PROVISIONING'],
      actual: result.hire.stage,
    });
  }
  if (result.recorded) funnel.hireInvited(result.hire);
  return { invitation: number, sent: result.outcome === 'sent' };
}
