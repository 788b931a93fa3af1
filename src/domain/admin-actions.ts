/**
 * What an admin may do to a hire in each stage (pure rules; the store enforces them with conditional writes).
 *
 * Re-invite: a hire who has a WorkSpace gets a fresh setup link and a new invitation now (INVITED again);
 * a FAILED hire is sent through provisioning again (a new workflow execution, RECEIVED again); a BOUNCED
 * hire needs a corrected email first. Cancel: any stage that is not final. Resume: a hire the workflow
 * should be moving (see assertResumable).
 */
import { ActionNotAllowedError } from './errors';
import { executionNameFor } from './hire';
import type { HireRecord } from './hire-record';
import { canTransition, isFinalStage, type Stage } from './stages';
import { isWatched } from './watch';

export type AdminAction = 'reinvite' | 'cancel' | 'resume';

/** Stages in which the WorkSpace is ready and the person has (had) an invitation. */
const INVITE_AGAIN_FROM: readonly Stage[] = ['INVITED', 'PASSWORD_SET', 'ESCALATED', 'BOUNCED'];

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
  const suffix = `-r${retry}`;
  return firstExecutionName.slice(0, EXECUTION_NAME_MAX - suffix.length) + suffix;
}
