/**
 * What an admin may do to a hire in each stage (pure rules; the store enforces them with conditional writes).
 *
 * Re-invite: a hire who has a WorkSpace gets a fresh setup link and a new invitation now (INVITED again);
 * a FAILED hire is sent through provisioning again (a new workflow execution, RECEIVED again); a BOUNCED
 * hire needs a corrected email first. Cancel: any stage that is not final. Adopt: a hire that FAILED because
 * its user already had a WorkSpace not made for it goes through provisioning again and takes that WorkSpace.
 * Resume: a hire the workflow should be moving (see assertResumable).
 */
import { ActionNotAllowedError } from '../errors';
import { executionNameFor } from './hire';
import type { HireRecord } from './record';
import { canTransition, isFinalStage, type Stage } from './stages';
import { isWatched } from './watched-stages';

export type { AdminAction } from './names';

/** Stages in which the WorkSpace is ready and the person has (had) an invitation. */
export const INVITE_AGAIN_FROM: readonly Stage[] = ['INVITED', 'PASSWORD_SET', 'ESCALATED', 'BOUNCED'];

export type ReinvitePlan =
  /** New setup token, invitation number n+1 sent now, stage INVITED. */
  | { kind: 'invite'; invitation: number }
  /** Provisioning failed: back to RECEIVED and a new execution `<name>-r<n>`. */
  | { kind: 'retry-provisioning'; retry: number; executionName: string }
  /** A retry was recorded but its execution may not have started (a crash in between): start it again. */
  | { kind: 'resume-retry'; executionName: string };

export function planReinvite(
  hire: Pick<
    HireRecord,
    | 'hireId'
    | 'source'
    | 'stage'
    | 'workspaceId'
    | 'invitationCount'
    | 'retryCount'
    | 'executionName'
    | 'person'
  >,
  request: { email?: string | undefined },
): ReinvitePlan {
  const { hireId, stage } = hire;
  const notAllowed = (reason: string) =>
    new ActionNotAllowedError({ action: 'reinvite', hireId, stage, reason });
  const newEmail =
    request.email !== undefined && request.email.toLowerCase() !== hire.person.email.toLowerCase();
  if (stage === 'FAILED') {
    const retry = (hire.retryCount ?? 0) + 1;
    const first = executionNameFor(hire.source, hire.person.employeeId);
    return { kind: 'retry-provisioning', retry, executionName: retryExecutionName(first, retry) };
  }
  if (stage === 'RECEIVED' && hire.retryCount)
    return { kind: 'resume-retry', executionName: hire.executionName };
  if (stage === 'BOUNCED' && !newEmail) {
    throw notAllowed('the last invitation bounced: give a corrected email (--email)');
  }
  if (isFinalStage(stage)) throw notAllowed('the onboarding is finished');
  if (!INVITE_AGAIN_FROM.includes(stage) || !hire.workspaceId) {
    throw notAllowed('the WorkSpace is not ready yet; the invitation goes out when it is');
  }
  return { kind: 'invite', invitation: (hire.invitationCount ?? 0) + 1 };
}

export function assertCancellable(hire: Pick<HireRecord, 'hireId' | 'stage'>): void {
  if (!canTransition(hire.stage, 'CANCELLED')) {
    throw new ActionNotAllowedError({
      action: 'cancel',
      hireId: hire.hireId,
      stage: hire.stage,
      reason: 'the onboarding is finished',
    });
  }
}

/** A re-invite this soon after the last invitation to the same address sends nothing new. */
export const RECENT_INVITATION_MS = 5 * 60_000;

/** Whether the hire's last invitation went to `email` less than RECENT_INVITATION_MS before `now`. */
export function invitedRecently(
  hire: Pick<HireRecord, 'invitedAt' | 'invitedTo'>,
  email: string,
  now: Date,
): boolean {
  if (!hire.invitedAt || !hire.invitedTo) return false;
  if (hire.invitedTo.trim().toLowerCase() !== email.trim().toLowerCase()) return false;
  return now.getTime() - Date.parse(hire.invitedAt) < RECENT_INVITATION_MS;
}

/**
 * Resume drives on a hire the workflow should be moving (RECEIVED, QUEUED, PROVISIONING); elsewhere it says
 * what to use instead.
 */
export function assertResumable(hire: Pick<HireRecord, 'hireId' | 'stage'>): void {
  if (isWatched(hire.stage)) return;
  const reason =
    hire.stage === 'FAILED'
      ? 'use reinvite: it provisions again'
      : isFinalStage(hire.stage)
        ? 'the onboarding is finished'
        : 'the invitation went out: use reinvite for a fresh link';
  throw new ActionNotAllowedError({ action: 'resume', hireId: hire.hireId, stage: hire.stage, reason });
}

const EXECUTION_NAME_MAX = 80;

/**
 * `<first execution name>-r<n>`: a new name per retry (a finished execution's name cannot be reused for 90
 * days), cut to Step Functions' 80 characters.
 */
export function retryExecutionName(firstExecutionName: string, retry: number): string {
  return suffixedExecutionName(firstExecutionName, `-r${retry}`);
}

/**
 * `<first execution name>-s<n>`: the execution of a hire whose provisioning date HR moved (the n-th time);
 * the execution waiting for the old date is stopped.
 */
export function rescheduledExecutionName(firstExecutionName: string, reschedule: number): string {
  return suffixedExecutionName(firstExecutionName, `-s${reschedule}`);
}

function suffixedExecutionName(firstExecutionName: string, suffix: string): string {
  return firstExecutionName.slice(0, EXECUTION_NAME_MAX - suffix.length) + suffix;
}

export type AdoptPlan =
  /** Confirm the WorkSpace the hire failed on: back to RECEIVED and a new execution `<name>-r<n>`. */
  | { kind: 'confirm'; workspaceId: string; retry: number; executionName: string }
  /** Confirmed already, but its execution may not have started (a crash in between): start it again. */
  | { kind: 'resume'; workspaceId: string; executionName: string };

/** `adopt`: only the WorkSpace the provisioner refused for this hire, and only while the hire is FAILED on it. */
export function planAdopt(
  hire: Pick<
    HireRecord,
    | 'hireId'
    | 'source'
    | 'stage'
    | 'retryCount'
    | 'executionName'
    | 'person'
    | 'foreignWorkspace'
    | 'adoptWorkspaceId'
  >,
): AdoptPlan {
  const { hireId, stage } = hire;
  if (stage === 'RECEIVED' && hire.adoptWorkspaceId && hire.retryCount) {
    return { kind: 'resume', workspaceId: hire.adoptWorkspaceId, executionName: hire.executionName };
  }
  const notAllowed = (reason: string) =>
    new ActionNotAllowedError({ action: 'adopt', hireId, stage, reason });
  if (stage !== 'FAILED') {
    throw notAllowed('only a hire that failed because its user already has a WorkSpace can adopt it');
  }
  if (!hire.foreignWorkspace) {
    throw notAllowed('the hire did not fail on an existing WorkSpace; use reinvite to provision it again');
  }
  const retry = (hire.retryCount ?? 0) + 1;
  const first = executionNameFor(hire.source, hire.person.employeeId);
  return {
    kind: 'confirm',
    workspaceId: hire.foreignWorkspace.workspaceId,
    retry,
    executionName: retryExecutionName(first, retry),
  };
}

/** A retry never waits again for a provisioning date that has passed; one before that date keeps it. */
export function retryProvisionAt(provisionAt: string, now: Date): string {
  if (Date.parse(provisionAt) > now.getTime()) return provisionAt;
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
