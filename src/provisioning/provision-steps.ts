import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import { findDirectory } from '../kernel/config/load';
import { adminEmailContext } from '../kernel/email/context';
import type { HireRecord } from '../kernel/hire/record';
import { describeError, log } from '../kernel/log';
import { lastDataAccess } from './directory-accounts';
import type { ProvisionerDeps } from './ports';
import { type CreateFailureVerdict, currentDirectoryWait } from './rules';

/** The provisioner's writes for one hire: each a conditional write on the stage it expects. */

export async function startedProvisioning(
  deps: Pick<ProvisionerDeps, 'hires' | 'clock' | 'config'>,
  hire: HireRecord,
  workspaceId: string,
  how: 'created' | 'adopted',
  detail: Record<string, unknown> = {},
) {
  const now = deps.clock.now();
  const firstPoll = new Date(now.getTime() + deps.config.provisioning.firstPollAfterMinutes * 60_000);
  await deps.hires.move(hire.hireId, {
    to: 'PROVISIONING',
    from: ['QUEUED'],
    work: { queue: 'PROVISIONING', dueAt: firstPoll.toISOString() },
    set: { workspaceId, provisioningStartedAt: now.toISOString() },
    remove: ['lastError', 'workspaceState', 'directoryWait', 'foreignWorkspace', 'adoptWorkspaceId'],
    event: { type: `workspace-${how}`, detail: { workspaceId, ...detail } },
  });
}

export async function failTask(
  deps: Pick<ProvisionerDeps, 'hires' | 'clock' | 'workflows'>,
  hire: HireRecord,
  error: string,
  cause: string,
  set: Partial<HireRecord> = {},
) {
  // The workflow's failure route records FAILED and alerts the admins; we only take the hire off the queue.
  await deps.workflows.fail(hire.taskToken ?? '', error, cause);
  await deps.hires.update(hire.hireId, {
    stage: hire.stage,
    work: null,
    set: { ...set, lastError: { error, cause, at: deps.clock.now().toISOString() } },
  });
}

/**
 * The directory has no account for the hire's user yet: keep the hire on the queue for the next run (its
 * create is the check; nothing else asks the directory), and tell the admins once, at once, what to create
 * where. The alert goes through the send-once ledger, keyed by this queueing: a crash between the email
 * and the `alertedAt` write never sends it twice, and a later retry of the hire that waits again alerts again.
 */
export async function waitForDirectoryAccount(
  deps: ProvisionerDeps,
  hire: HireRecord,
  verdict: Extract<CreateFailureVerdict, { action: 'wait-for-account' }>,
) {
  const now = deps.clock.now().toISOString();
  const earlier = currentDirectoryWait(hire);
  const wait: NonNullable<HireRecord['directoryWait']> = {
    queuedAt: hire.queuedAt ?? '',
    since: verdict.since.toISOString(),
    until: verdict.until.toISOString(),
    ...(earlier?.alertedAt ? { alertedAt: earlier.alertedAt } : {}),
  };
  const updated = await deps.hires.update(hire.hireId, {
    stage: 'QUEUED',
    work: { queue: 'QUEUED', dueAt: now },
    set: { directoryWait: wait, lastError: { error: verdict.error, cause: verdict.cause, at: now } },
    ...(earlier
      ? {}
      : {
          event: {
            type: 'waiting-for-directory-account',
            detail: { directoryId: hire.directoryId, until: wait.until },
          },
        }),
  });
  if (wait.alertedAt) return;
  await alertMissingAccount(deps, updated, wait);
  await deps.hires.update(hire.hireId, {
    stage: 'QUEUED',
    set: { directoryWait: { ...wait, alertedAt: deps.clock.now().toISOString() } },
  });
}

async function alertMissingAccount(
  deps: ProvisionerDeps,
  hire: HireRecord,
  wait: NonNullable<HireRecord['directoryWait']>,
) {
  const configured = findDirectory(deps.config, hire.directoryId);
  // The alert is worth sending without the directory's name: it must not wait for a lookup that fails.
  const workspaces = deps.workspaces.forDirectory(hire.directoryId);
  const directory = await workspaces.describeDirectory(hire.directoryId).catch((err: unknown) => {
    log.warn('provisioner: directory lookup for the alert failed', { error: describeError(err) });
    return undefined;
  });
  const alias = directory?.alias ?? configured?.alias;
  // A directory the product would create the account in, but Directory Service Data is off: say how to enable it.
  const dataAccess = lastDataAccess(deps, hire.directoryId);
  const dataAccessOff = dataAccess !== undefined && dataAccess !== 'Enabled';
  const region = deps.regionOf(hire.directoryId);
  const email = await renderAlertEmail('alert-waiting', adminEmailContext(deps.config), {
    hire: { hireId: hire.hireId, employeeId: hire.person.employeeId, stage: hire.stage },
    what: dataAccessOff ? 'DirectoryDataAccessDisabled' : 'WaitingForDirectoryAccount',
    ...(dataAccessOff ? { facts: { directoryId: hire.directoryId, region, dataAccess } } : {}),
    directoryAccount: {
      userName: hire.person.userName,
      directoryId: hire.directoryId,
      ...(alias ? { alias } : {}),
      ...(directory?.directoryName ? { directoryName: directory.directoryName } : {}),
      ...(directory?.directoryType || configured?.type
        ? { directoryType: directory?.directoryType ?? configured!.type }
        : {}),
      region,
      startDate: hire.person.startDate,
      until: new Date(wait.until),
    },
  });
  await alertAdmins(deps, hire.hireId, `alert-directory-account#${wait.queuedAt}`, email);
}
