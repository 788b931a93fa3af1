import { findDirectory } from '../kernel/config/load';
import type { DataAccessStatus, DirectoryUsers } from '../kernel/directory-users';
import { DirectoryUserConflictError, DirectoryUserError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import { describeError, log } from '../kernel/log';
import type { ProvisionerDeps } from './ports';
import { accountClientToken, newDirectoryUser } from './rules';

/** How long a directory's Directory Service Data status is trusted before it is asked again. */
export const DATA_ACCESS_TTL_MS = 5 * 60_000;

export type AccountOutcome =
  /** The directory is not one the product creates accounts in (`createUsers` off, or not Managed AD). */
  | 'not-ours'
  /** Directory Service Data is not enabled on the directory: an admin must enable it or create the account. */
  | 'data-access-off'
  | 'exists'
  | 'created'
  /** Directory Service Data refused or did not answer: CreateWorkspaces decides, the next run tries again. */
  | 'unknown';

/**
 * Before a hire's WorkSpace is created in a directory with `createUsers`: the account exists, or it is made
 * now with the person's user name, names and email. CreateUser's client token comes from the hire and its
 * queueing, so the same creation tried again (a lost answer, a retry) is answered as the first one; and an
 * account that exists (made by an earlier run that crashed, or by an admin) is found first and never made
 * twice. Whatever happens here, CreateWorkspaces follows: it is what tells whether the account is there.
 */
export async function ensureDirectoryAccount(
  deps: Pick<ProvisionerDeps, 'config' | 'clock' | 'directoryUsers' | 'dataAccess'>,
  hire: HireRecord,
): Promise<AccountOutcome> {
  const users = deps.directoryUsers;
  if (!users || !findDirectory(deps.config, hire.directoryId)?.createUsers) return 'not-ours';
  const directoryId = hire.directoryId;
  const userName = hire.person.userName;
  try {
    if ((await dataAccessOf(deps, users, directoryId)) !== 'Enabled') return 'data-access-off';
    if (await users.describeUser(directoryId, userName)) return 'exists';
    try {
      await users.createUser(directoryId, newDirectoryUser(hire.person), accountClientToken(hire));
    } catch (err) {
      // The name is taken (by an admin meanwhile, or an earlier creation under another queueing): look again.
      if (err instanceof DirectoryUserConflictError && (await users.describeUser(directoryId, userName))) {
        return 'exists';
      }
      throw err;
    }
    log.info('provisioner: directory account created', { hireId: hire.hireId, directoryId });
    return 'created';
  } catch (err) {
    if (!(err instanceof DirectoryUserError || err instanceof DirectoryUserConflictError)) throw err;
    log.warn('provisioner: directory account not confirmed', {
      hireId: hire.hireId,
      directoryId,
      error: describeError(err),
    });
    return 'unknown';
  }
}

// Directory Service Data calls in flight at once: a wave's accounts are made in a fraction of a run, well
// inside the service's own request rate.
const PARALLEL_ACCOUNTS = 4;

/** `ensureDirectoryAccount` for many hires, a few at a time, while the run has time. */
export async function ensureDirectoryAccounts(
  deps: Pick<ProvisionerDeps, 'config' | 'clock' | 'directoryUsers' | 'dataAccess'>,
  hires: readonly HireRecord[],
  hasTime: () => boolean,
): Promise<void> {
  const mine = hires.filter(
    (h) => deps.directoryUsers && findDirectory(deps.config, h.directoryId)?.createUsers,
  );
  // One status call per directory before the hires share it (a refusal is met again, and logged, per hire).
  for (const directoryId of new Set(mine.map((h) => h.directoryId))) {
    await dataAccessOf(deps, deps.directoryUsers!, directoryId).catch(() => undefined);
  }
  let next = 0;
  const worker = async () => {
    while (next < mine.length && hasTime()) await ensureDirectoryAccount(deps, mine[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_ACCOUNTS, mine.length) }, worker));
}

/** The directory's Directory Service Data status as last seen within DATA_ACCESS_TTL_MS, else asked now. */
async function dataAccessOf(
  deps: Pick<ProvisionerDeps, 'clock' | 'dataAccess'>,
  users: DirectoryUsers,
  directoryId: string,
): Promise<DataAccessStatus> {
  const now = deps.clock.nowMs();
  const kept = deps.dataAccess?.get(directoryId);
  if (kept && now - kept.atMs < DATA_ACCESS_TTL_MS) return kept.status;
  const status = await users.dataAccess(directoryId);
  deps.dataAccess?.set(directoryId, { status, atMs: now });
  return status;
}

/** The status last seen for a directory the product creates accounts in, for the alert; undefined otherwise. */
export function lastDataAccess(
  deps: Pick<ProvisionerDeps, 'config' | 'dataAccess'>,
  directoryId: string,
): DataAccessStatus | undefined {
  if (!findDirectory(deps.config, directoryId)?.createUsers) return undefined;
  return deps.dataAccess?.get(directoryId)?.status;
}
