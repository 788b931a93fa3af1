import type { WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import type { HireStore } from '../adapters/hire-store';
import type { Mailer } from '../adapters/mailer';
import type { TrackingStore } from '../adapters/tracking-store';
import type { WorkspacesApi } from '../adapters/workspaces';
import type { Clock } from '../clock';
import { findDirectory, type OnboardingConfig } from '../config/load';
import { DirectoryNotFoundError, HireNotFoundError, StageConflictError } from '../domain/errors';
import type { HireRecord } from '../domain/hire-record';
import { newSetupToken } from '../domain/setup-token';
import { renderInvitationEmail } from '../email/invitation';
import { hireEmailContext } from './email-context';
import { firstReminderDue } from './tracking-schedule';

/**
 * Sends the invitation for a hire whose WorkSpace is AVAILABLE and marks the hire INVITED.
 * Safe to retry at every step: the setup token is made and stored only by the attempt that holds the
 * ledger claim, before the email goes out; the email is sent once per invitation number (ledger); and the
 * stage write expects PROVISIONING.
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
  const hire = await deps.store.get(input.hireId);
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
  const registrationCode = directory.RegistrationCode;
  let current: HireRecord = hire;
  let locale: string = hire.person.locale;

  // The link is made only once this attempt holds the ledger claim: a retry that finds the email sent
  // (its sender died before writing INVITED) must not replace the link the person already has.
  const result = await deps.mailer.sendOnce(current.hireId, `invitation#${number}`, async () => {
    let setupUrl: string | undefined;
    if (passwordSetup === 'hosted') {
      const { token, hash } = newSetupToken();
      // Stored before sending: if we crash after SES accepted the email, the link in it still works.
      current = await deps.store.change(current.hireId, {
        to: 'PROVISIONING',
        from: ['PROVISIONING'],
        set: {
          setupTokenHash: hash,
          setupTokenExpiresAt: actBy.toISOString(),
          workspaceId: input.workspaceId,
        },
      });
      await deps.store.putSetupToken(hash, current.hireId, actBy);
      setupUrl = `${deps.publicBaseUrl.replace(/\/$/, '')}/setup/${token}`;
    }
    const email = renderInvitationEmail(hireEmailContext(deps.config, current.person), {
      person: current.person,
      directory: {
        type: directory.DirectoryType ?? configured?.type ?? 'SIMPLE_AD',
        registrationCode,
        ...(directory.Alias ? { alias: directory.Alias } : {}),
      },
      passwordSetup,
      ...(setupUrl ? { setupUrl } : {}),
      workspace: { id: input.workspaceId, protocol: current.protocol },
      actBy,
      startDate: current.person.startDate,
    });
    locale = email.locale;
    return {
      to: [current.person.email],
      subject: email.subject,
      html: email.html,
      text: email.text,
      tags: { locale: email.locale },
    };
  });
  await deps.tracking.putWorkspaceOwner(input.workspaceId, current.hireId);
  await deps.store.change(current.hireId, {
    to: 'INVITED',
    from: ['PROVISIONING'],
    set: { invitedAt: now.toISOString(), invitationCount: number, workspaceId: input.workspaceId },
    // On the reminder run's index from now on: the first reminder, in the person's business hours.
    due: firstReminderDue(deps.config, current, now),
    event: {
      type: 'invited',
      detail: { invitation: number, workspaceId: input.workspaceId, locale },
    },
  });
  return { invitation: number, sent: result.sent };
}
