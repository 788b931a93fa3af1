import type {
  FailedCreateWorkspaceRequest,
  RunningMode,
  Workspace,
  WorkspaceRequest,
} from '@aws-sdk/client-workspaces';
import type { HireRecord } from './hire-record';

/** Pure decisions of the provisioner: what a failed create or a polled WorkSpace means for the hire. */
export interface ProvisioningPolicy {
  unknownUserRetryMinutes: number;
  timeoutMinutes: number;
  firstPollAfterMinutes: number;
  pollEveryMinutes: number;
}

export type CreateFailureVerdict =
  | { action: 'retry'; retryAt: Date; error: string; cause: string }
  | { action: 'fail'; error: string; cause: string };

export type PollVerdict =
  | { action: 'available' }
  | { action: 'wait'; nextPollAt: Date; state: string }
  | { action: 'fail'; error: string; cause: string };

// Directory replication lags behind user creation: retry an unknown user every few minutes for a while.
const UNKNOWN_USER_RETRY_EVERY_MS = 5 * 60_000;

export function isUnknownUserFailure(failure: FailedCreateWorkspaceRequest): boolean {
  const text = `${failure.ErrorCode ?? ''} ${failure.ErrorMessage ?? ''}`;
  return /user/i.test(text) && /(not ?found|does ?not ?exist|unknown|invalid)/i.test(text);
}

export function classifyCreateFailure(
  failure: FailedCreateWorkspaceRequest,
  hire: Pick<HireRecord, 'queuedAt' | 'createdAt'>,
  now: Date,
  policy: Pick<ProvisioningPolicy, 'unknownUserRetryMinutes'>,
): CreateFailureVerdict {
  const cause = `${failure.ErrorCode ?? 'Unknown'}: ${failure.ErrorMessage ?? 'CreateWorkspaces refused the request'}`;
  if (isUnknownUserFailure(failure)) {
    const since = Date.parse(hire.queuedAt ?? hire.createdAt);
    const giveUpAt = since + policy.unknownUserRetryMinutes * 60_000;
    if (now.getTime() < giveUpAt) {
      return {
        action: 'retry',
        retryAt: new Date(now.getTime() + UNKNOWN_USER_RETRY_EVERY_MS),
        error: 'UnknownUser',
        cause,
      };
    }
    return { action: 'fail', error: 'UnknownUser', cause };
  }
  // Someone created one between our listing and our create: the next run's listing adopts it.
  if (/exist/i.test(failure.ErrorCode ?? ''))
    return { action: 'retry', retryAt: now, error: 'WorkspaceExists', cause };
  return { action: 'fail', error: 'CreateWorkspacesFailed', cause };
}

// AWS API reference (Workspace.State): UNHEALTHY "is not responding to health checks", IMPAIRED "refer to
// UNHEALTHY". A WorkSpace can recover from either, so while provisioning they are waited on like PENDING,
// never taken for AVAILABLE, and never past the timeout.
const UNHEALTHY_STATES = new Set(['IMPAIRED', 'UNHEALTHY']);

export function classifyWorkspace(
  workspace: Workspace | undefined,
  hire: Pick<HireRecord, 'provisioningStartedAt' | 'workspaceId'>,
  now: Date,
  policy: Pick<ProvisioningPolicy, 'timeoutMinutes' | 'pollEveryMinutes'>,
): PollVerdict {
  if (!workspace) {
    return {
      action: 'fail',
      error: 'WorkspaceMissing',
      cause: `WorkSpace ${hire.workspaceId} no longer exists`,
    };
  }
  const state = workspace.State ?? 'PENDING';
  switch (state) {
    case 'AVAILABLE':
    case 'STOPPED':
    case 'STARTING':
    case 'REBOOTING':
      // AUTO_STOP WorkSpaces may already be stopped: they start when the user connects.
      return { action: 'available' };
    case 'ERROR':
    case 'TERMINATING':
    case 'TERMINATED':
    case 'SUSPENDED':
      return {
        action: 'fail',
        error: 'WorkspaceError',
        cause: `WorkSpace ${hire.workspaceId} is ${state}${workspace.ErrorCode ? ` (${workspace.ErrorCode}: ${workspace.ErrorMessage ?? ''})` : ''}`,
      };
    default: {
      const started = Date.parse(hire.provisioningStartedAt ?? now.toISOString());
      if (now.getTime() - started > policy.timeoutMinutes * 60_000) {
        const after = `${policy.timeoutMinutes} minutes after it was requested`;
        return UNHEALTHY_STATES.has(state)
          ? {
              action: 'fail',
              error: 'WorkspaceUnhealthy',
              cause: `WorkSpace ${hire.workspaceId} is ${state} (not responding to WorkSpaces health checks) ${after}`,
            }
          : {
              action: 'fail',
              error: 'ProvisioningTimeout',
              cause: `WorkSpace ${hire.workspaceId} is still ${state} ${after}`,
            };
      }
      return {
        action: 'wait',
        nextPollAt: new Date(now.getTime() + policy.pollEveryMinutes * 60_000),
        state,
      };
    }
  }
}

/** The tag that names the hire a WorkSpace was made for (the product tags every WorkSpace it creates). */
export const HIRE_TAG_KEY = 'onboarding:hireId';

/** True when these tags say the WorkSpace was made for this hire. */
export function isTaggedFor(tags: readonly { Key?: string; Value?: string }[], hireId: string): boolean {
  return tags.some((t) => t.Key === HIRE_TAG_KEY && t.Value === hireId);
}

/**
 * The CreateWorkspaces entry for a hire. Every value comes from checked input (config schema, webhook
 * contract), which is at least as strict as the WorkSpaces model: directory and bundle ids, user names of
 * at most 20 characters, AUTO_STOP or ALWAYS_ON without an AutoStop time, PCOIP or WSP, two short tags.
 */
export function workspaceRequest(
  hire: Pick<HireRecord, 'hireId' | 'directoryId' | 'bundleId' | 'runningMode' | 'protocol'> & {
    person: Pick<HireRecord['person'], 'userName'>;
  },
): WorkspaceRequest {
  return {
    DirectoryId: hire.directoryId,
    UserName: hire.person.userName,
    BundleId: hire.bundleId,
    WorkspaceProperties: { RunningMode: hire.runningMode as RunningMode, Protocols: [hire.protocol] },
    Tags: [
      { Key: HIRE_TAG_KEY, Value: hire.hireId },
      { Key: 'onboarding:managedBy', Value: 'workspaces-onboarding' },
    ],
  };
}
