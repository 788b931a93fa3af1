import type { WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import type { HireStore } from '../adapters/hire-store';
import type { Mailer } from '../adapters/mailer';
import type { TrackingStore } from '../adapters/tracking-store';
import type { WorkspacesApi } from '../adapters/workspaces';
import type { Clock } from '../clock';
import { findDirectory, type OnboardingConfig } from '../config/load';
import { DirectoryNotFoundError, HireNotFoundError, StageConflictError } from '../domain/errors';
import { newSetupToken } from '../domain/setup-token';
import { renderInvitationEmail } from '../email/invitation';
import { hireEmailContext } from './email-context';
import { firstReminderDue } from './tracking-schedule';

/**
 * Sends the invitation for a hire whose WorkSpace is AVAILABLE and marks the hire INVITED.
 * Safe to retry at every step: the setup token is stored before the email goes out, the email is sent
 * once per invitation number (ledger), and the stage write expects PROVISIONING.
 */
export interface SendInvitationDeps {
  store: HireStore;
  /** Records which hire the WorkSpace belongs to: login events name only the WorkSpace. */
  tracking: Pick<TrackingStore, 'putWorkspaceOwner'>;
  mailer: Mailer;
  workspaces: Pick<WorkspacesApi, 'describeDirectory'>;
  clock: Clock;
  config: OnboardingConfig;
  publicBaseUrl: string;
}

/** What the invitation needs of the directory; the provisioner passes it along with the WorkSpace. */
export type InvitationDirectory = Pick<
  WorkspaceDirectory,
  'DirectoryId' | 'RegistrationCode' | 'DirectoryType' | 'Alias'
>;

export async function sendInvitation(
  deps: SendInvitationDeps,
  input: { hireId: string; workspaceId: string; directory?: InvitationDirectory | null },
): Promise<{ invitation: number; sent: boolean }> {
  let hire = await deps.store.get(input.hireId);
  if (!hire) throw new HireNotFoundError(input.hireId);
  const number = (hire.invitationCount ?? 0) + 1;
  if (hire.stage !== 'PROVISIONING') {
    if (hire.stage === 'INVITED' && hire.workspaceId === input.workspaceId) {
      return { invitation: hire.invitationCount ?? 1, sent: false };
    }
    throw new StageConflictError({ hireId: hire.hireId, expected: ['PROVISIONING'], actual: hire.stage });
  }

  const passed = input.directory?.DirectoryId === hire.directoryId ? input.directory : undefined;
  const directory = passed ?? (await deps.workspaces.describeDirectory(hire.directoryId));
  if (!directory?.RegistrationCode) {
    throw new DirectoryNotFoundError(`directory ${hire.directoryId} is not registered with WorkSpaces`);
  }
  const configured = findDirectory(deps.config, hire.directoryId);
  const passwordSetup =
    configured?.passwordSetup ?? (directory.DirectoryType === 'AD_CONNECTOR' ? 'company-password' : 'hosted');
  const now = deps.clock.now();
  const actBy = new Date(now.getTime() + deps.config.setupTokenTtlHours * 3_600_000);

  let setupUrl: string | undefined;
  if (passwordSetup === 'hosted') {
    const { token, hash } = newSetupToken();
    // Stored before sending: if we crash after SES accepted the email, the link in it still works.
    hire = await deps.store.change(hire.hireId, {
      to: 'PROVISIONING',
      from: ['PROVISIONING'],
      set: { setupTokenHash: hash, setupTokenExpiresAt: actBy.toISOString(), workspaceId: input.workspaceId },
    });
    await deps.store.putSetupToken(hash, hire.hireId, actBy);
    setupUrl = `${deps.publicBaseUrl.replace(/\/$/, '')}/setup/${token}`;
  }

  const email = renderInvitationEmail(hireEmailContext(deps.config, hire.person), {
    person: hire.person,
    directory: {
      type: directory.DirectoryType ?? configured?.type ?? 'SIMPLE_AD',
      registrationCode: directory.RegistrationCode,
      ...(directory.Alias ? { alias: directory.Alias } : {}),
    },
    passwordSetup,
    ...(setupUrl ? { setupUrl } : {}),
    workspace: { id: input.workspaceId, protocol: hire.protocol },
    actBy,
    startDate: hire.person.startDate,
  });
  const result = await deps.mailer.sendOnce(hire.hireId, `invitation#${number}`, {
    to: [hire.person.email],
    subject: email.subject,
    html: email.html,
    text: email.text,
    tags: { locale: email.locale },
  });
  await deps.tracking.putWorkspaceOwner(input.workspaceId, hire.hireId);
  await deps.store.change(hire.hireId, {
    to: 'INVITED',
    from: ['PROVISIONING'],
    set: { invitedAt: now.toISOString(), invitationCount: number, workspaceId: input.workspaceId },
    // On the reminder run's index from now on: the first reminder, in the person's business hours.
    due: firstReminderDue(deps.config, hire, now),
    event: {
      type: 'invited',
      detail: { invitation: number, workspaceId: input.workspaceId, locale: email.locale },
    },
  });
  return { invitation: number, sent: result.sent };
}
