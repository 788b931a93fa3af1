import { type InvitationDeps, issueInvitation, sameAddress } from '../invitations/issue-invitation';
import { ActionNotAllowedError, DirectoryNotFoundError, TransientError } from '../kernel/errors';
import { invitedRecently, planReinvite } from '../kernel/hire/actions';
import { executionInput } from '../kernel/hire/execution-event';
import type { HireRecord } from '../kernel/hire/record';
import type { Stage } from '../kernel/hire/stages';
import type { Actor, AdminDeps } from './deps';
import { rethrowIfMoved, retryProvisioning } from './retry-provisioning';

export type ReinviteResult =
  | {
      outcome: 'invited';
      hireId: string;
      stage: Stage;
      invitation: number;
      sent: boolean;
      emailChanged: boolean;
    }
  /**
   * Invitation `invitation` went to this address less than 5 minutes ago (or is going out right now from a
   * concurrent re-invite): nothing new was sent.
   */
  | {
      outcome: 'recently-invited';
      hireId: string;
      stage: Stage;
      invitation: number;
      invitedAt: string;
      emailChanged: boolean;
    }
  | { outcome: 'retrying'; hireId: string; stage: Stage; executionName: string; emailChanged: boolean };

// A concurrent re-invite holds the ledger claim for the same invitation while SES answers (well under a
// second): look again a few times before answering 503.
const CONCURRENT_LOOKS = 12;
const LOOK_INTERVAL_MS = 250;
const pauseFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Re-invites a hire, also with a corrected email (docs/stages.md).
 *
 * With a WorkSpace: invitation n+1 through issueInvitation (the ledger claim first, then a fresh setup
 * link, SES, then the INVITED write with who did it; the old links then explain that a newer email was
 * sent). Two admins re-inviting at once both aim at invitation n+1: one claim wins and sends, the other
 * waits for it and answers `recently-invited`, so exactly one email goes out. A re-invite within 5 minutes
 * of the last invitation to the same address sends nothing and answers `recently-invited` too.
 *
 * FAILED: back to RECEIVED and a new workflow execution `<name>-r<n>`: the provisioner adopts a WorkSpace
 * that exists already (it looks before creating), and the workflow sends the invitation as usual.
 */
export type ReinviteDeps = InvitationDeps &
  Pick<AdminDeps, 'hires' | 'workflows' | 'workspaces' | 'clock' | 'pause'>;

export async function reinvite(
  deps: ReinviteDeps,
  input: { hireId: string; email?: string | undefined; by: Actor },
): Promise<ReinviteResult> {
  const hire = await deps.hires.require(input.hireId);
  const plan = planReinvite(hire, { email: input.email });
  const person = input.email ? { ...hire.person, email: input.email } : hire.person;
  const emailChanged = person.email !== hire.person.email;
  const guard = <T>(write: Promise<T>) => write.catch((err) => rethrowIfMoved(err, 'reinvite', hire));

  if (plan.kind === 'resume-retry') {
    await deps.workflows.start(hire.executionName, executionInput(hire));
    return {
      outcome: 'retrying',
      hireId: hire.hireId,
      stage: hire.stage,
      executionName: hire.executionName,
      emailChanged: false,
    };
  }

  if (plan.kind === 'retry-provisioning') {
    const updated = await retryProvisioning(deps, hire, {
      action: 'reinvite',
      retry: plan.retry,
      executionName: plan.executionName,
      set: { person },
      event: {
        type: 'retry-provisioning',
        by: input.by,
        detail: { retry: plan.retry, executionName: plan.executionName, emailChanged },
      },
    });
    return {
      outcome: 'retrying',
      hireId: hire.hireId,
      stage: updated.stage,
      executionName: plan.executionName,
      emailChanged,
    };
  }

  const workspaceId = hire.workspaceId!;
  if (invitedRecently(hire, person.email, deps.clock.now())) return recentlyInvited(hire, hire.stage);
  const directory = await deps.workspaces.forDirectory(hire.directoryId).describeDirectory(hire.directoryId);
  const registrationCode = directory?.registrationCode;
  if (!directory || !registrationCode) {
    throw new DirectoryNotFoundError(`directory ${hire.directoryId} is not registered with WorkSpaces`);
  }
  const pause = deps.pause ?? pauseFor;
  for (let look = 1; ; look++) {
    const result = await guard(
      issueInvitation(deps, {
        hire,
        number: plan.invitation,
        person,
        workspaceId,
        directory: { ...directory, registrationCode },
        record: {
          from: [hire.stage],
          set: { person },
          event: {
            type: 'reinvited',
            by: input.by,
            detail: { invitation: plan.invitation, fromStage: hire.stage, emailChanged },
          },
        },
      }),
    );
    if (result.outcome === 'in-progress') {
      if (look >= CONCURRENT_LOOKS) {
        throw new TransientError(`invitation ${plan.invitation} of ${hire.hireId} is being sent right now`);
      }
      await pause(LOOK_INTERVAL_MS);
      continue;
    }
    if (result.outcome === 'sent') {
      return {
        outcome: 'invited',
        hireId: hire.hireId,
        stage: result.hire.stage,
        invitation: plan.invitation,
        sent: true,
        emailChanged,
      };
    }
    // Sent by a concurrent re-invite (or by an earlier attempt that did not finish).
    if (!sameAddress(result.to, person.email)) {
      throw new ActionNotAllowedError({
        action: 'reinvite',
        hireId: hire.hireId,
        stage: result.hire.stage,
        reason: `invitation ${plan.invitation} was just sent to another address by another re-invite; check the status before trying again`,
      });
    }
    return recentlyInvited(result.hire, result.hire.stage, plan.invitation, emailChanged);
  }
}

function recentlyInvited(
  hire: HireRecord,
  stage: Stage,
  invitation = hire.invitationCount ?? 1,
  emailChanged = false,
): ReinviteResult {
  return {
    outcome: 'recently-invited',
    hireId: hire.hireId,
    stage,
    invitation,
    invitedAt: hire.invitedAt ?? hire.setupLinkSentAt ?? hire.updatedAt,
    emailChanged,
  };
}
