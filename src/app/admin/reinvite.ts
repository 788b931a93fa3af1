import { findDirectory } from '../../config/load';
import { planReinvite } from '../../domain/admin-actions';
import { ActionNotAllowedError, DirectoryNotFoundError, StageConflictError } from '../../domain/errors';
import type { HireRecord } from '../../domain/hire-record';
import { newSetupToken } from '../../domain/setup-token';
import type { Stage } from '../../domain/stages';
import { renderInvitationEmail } from '../../email/invitation';
import { hireEmailContext } from '../email-context';
import { firstReminderDue, passwordSetupFor } from '../tracking-schedule';
import type { Actor, AdminDeps } from './deps';

export type ReinviteResult =
  | {
      outcome: 'invited';
      hireId: string;
      stage: Stage;
      invitation: number;
      sent: boolean;
      emailChanged: boolean;
    }
  | { outcome: 'retrying'; hireId: string; stage: Stage; executionName: string; emailChanged: boolean };

/**
 * Re-invites a hire (DESIGN §1: "re-invite, also with a corrected email").
 *
 * With a WorkSpace: one conditional write on the hire's `version` takes invitation number n+1, stores the
 * new setup token's hash (the old link stops working), resets the reminder schedule and records who did
 * it; only then is invitation n+1 sent through the send-once ledger. Two admins re-inviting at once read
 * the same version: one write wins, the other gets a VersionConflictError, so exactly one email goes out.
 *
 * FAILED: back to RECEIVED and a new workflow execution `<name>-r<n>`: the provisioner adopts a WorkSpace
 * that exists already (it looks before creating), and the workflow sends the invitation as usual.
 */
export async function reinvite(
  deps: AdminDeps,
  input: { hireId: string; email?: string | undefined; by: Actor },
): Promise<ReinviteResult> {
  const hire = await deps.store.require(input.hireId);
  const plan = planReinvite(hire, { email: input.email });
  const person = input.email ? { ...hire.person, email: input.email } : hire.person;
  const emailChanged = person.email !== hire.person.email;
  const guard = <T>(write: Promise<T>) => write.catch((err) => rethrowAsNotAllowed(err, hire));

  if (plan.kind === 'resume-retry') {
    await deps.workflows.start(hire.executionName, { hireId: hire.hireId, provisionAt: hire.provisionAt });
    return {
      outcome: 'retrying',
      hireId: hire.hireId,
      stage: hire.stage,
      executionName: hire.executionName,
      emailChanged: false,
    };
  }

  if (plan.kind === 'retry-provisioning') {
    const now = deps.clock.now();
    // Never wait again for a date that has passed; a retry before the provisioning date keeps the date.
    const provisionAt = Date.parse(hire.provisionAt) > now.getTime() ? hire.provisionAt : wholeSeconds(now);
    const updated = await guard(
      deps.store.change(hire.hireId, {
        to: 'RECEIVED',
        from: ['FAILED'],
        expectVersion: hire.version,
        set: { retryCount: plan.retry, executionName: plan.executionName, provisionAt, person },
        remove: ['taskToken', 'workspaceId', 'lastError'],
        work: null,
        due: null,
        event: {
          type: 'retry-provisioning',
          by: input.by,
          detail: { retry: plan.retry, executionName: plan.executionName, emailChanged },
        },
      }),
    );
    await deps.workflows.start(plan.executionName, { hireId: hire.hireId, provisionAt: updated.provisionAt });
    return {
      outcome: 'retrying',
      hireId: hire.hireId,
      stage: updated.stage,
      executionName: plan.executionName,
      emailChanged,
    };
  }

  const workspaceId = hire.workspaceId!;
  const directory = await deps.workspaces.describeDirectory(hire.directoryId);
  if (!directory?.RegistrationCode) {
    throw new DirectoryNotFoundError(`directory ${hire.directoryId} is not registered with WorkSpaces`);
  }
  const passwordSetup = passwordSetupFor(deps.config, hire.directoryId, directory.DirectoryType);
  const now = deps.clock.now();
  const actBy = new Date(now.getTime() + deps.config.setupTokenTtlHours * 3_600_000);
  const token = passwordSetup === 'hosted' ? newSetupToken() : undefined;

  const updated = await guard(
    deps.store.change(hire.hireId, {
      to: 'INVITED',
      from: [hire.stage],
      expectVersion: hire.version,
      set: {
        invitedAt: now.toISOString(),
        invitationCount: plan.invitation,
        person,
        ...(token ? { setupTokenHash: token.hash, setupTokenExpiresAt: actBy.toISOString() } : {}),
      },
      ...(token ? {} : { remove: ['setupTokenHash', 'setupTokenExpiresAt'] as (keyof HireRecord)[] }),
      due: firstReminderDue(deps.config, { person }, now),
      event: {
        type: 'reinvited',
        by: input.by,
        detail: { invitation: plan.invitation, fromStage: hire.stage, emailChanged },
      },
    }),
  );
  if (token) {
    // The new link works before the email leaves; the old one is gone (the hire also no longer names it).
    await deps.store.putSetupToken(token.hash, hire.hireId, actBy);
    if (hire.setupTokenHash) await deps.store.deleteSetupToken(hire.setupTokenHash);
  }
  const configured = findDirectory(deps.config, hire.directoryId);
  const email = renderInvitationEmail(hireEmailContext(deps.config, person), {
    person,
    directory: {
      type: directory.DirectoryType ?? configured?.type ?? 'SIMPLE_AD',
      registrationCode: directory.RegistrationCode,
      ...(directory.Alias ? { alias: directory.Alias } : {}),
    },
    passwordSetup,
    ...(token ? { setupUrl: `${deps.publicBaseUrl.replace(/\/$/, '')}/setup/${token.token}` } : {}),
    workspace: { id: workspaceId, protocol: hire.protocol },
    actBy,
    startDate: person.startDate,
  });
  const result = await deps.mailer.sendOnce(hire.hireId, `invitation#${plan.invitation}`, {
    to: [person.email],
    subject: email.subject,
    html: email.html,
    text: email.text,
    tags: { locale: email.locale },
  });
  return {
    outcome: 'invited',
    hireId: hire.hireId,
    stage: updated.stage,
    invitation: plan.invitation,
    sent: result.sent,
    emailChanged,
  };
}

/** Someone moved the hire between our read and our write: report the stage it is in now. */
function rethrowAsNotAllowed(err: unknown, hire: HireRecord): never {
  if (err instanceof StageConflictError && err.actual) {
    throw new ActionNotAllowedError(
      { action: 'reinvite', hireId: hire.hireId, stage: err.actual, reason: 'the hire moved on meanwhile' },
      { cause: err },
    );
  }
  throw err;
}

function wholeSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
