import type { InvitationDirectory } from '../invitations/send-invitation';
import { StageConflictError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import type { DirectoryInfo } from '../kernel/hire/workspace';
import { describeError, log } from '../kernel/log';
import { MAX_IDS_PER_CALL, type WorkspacesApi } from '../kernel/workspaces-api';
import { ensureDirectoryAccounts } from './directory-accounts';
import type { ProvisionerDeps } from './ports';
import { takeExistingWorkspace } from './provision-existing';
import { failTask, startedProvisioning, waitForDirectoryAccount } from './provision-steps';
import { classifyCreateFailure, classifyWorkspace, currentDirectoryWait, workspaceRequest } from './rules';

export interface ProvisionerReport {
  created: number;
  adopted: number;
  available: number;
  failed: number;
  rescheduled: number;
  /** Hires whose directory account is still missing (tried again next run). */
  waitingForAccount: number;
  stoppedEarly: boolean;
}

// Room left for the writes after the last API call of a run.
const SAFETY_MARGIN_MS = 5_000;

/**
 * One provisioner run (scheduled, one at a time). It turns queued hires into WorkSpaces with as few API
 * calls as the budget allows: creates 25 at a time, and polls 25 IDs a call only when a poll is due.
 *
 * CreateWorkspaces has no idempotency token, but it never makes a second WorkSpace for a user of a
 * directory: it refuses with ResourceExists. So the directory is never listed (a listing costs a call per
 * 25 WorkSpaces, hundreds in a big directory, whatever the wave); a refused hire, and a hire an admin
 * confirmed a WorkSpace for with `adopt`, ask for their user's WorkSpace alone (one call each), which
 * becomes the hire's only when it carries the hire's tag (a create whose answer was lost) or is the
 * confirmed one; otherwise the hire fails with an alert naming it (./provision-existing.ts).
 *
 * A user the directory does not know yet makes the hire wait for its account: the admins are told at once,
 * and the hire is tried again in every run's creates (after the new hires) until the account appears or
 * its start date has passed (./provision-steps.ts). Each paused workflow is resumed with its WorkSpace id,
 * or failed with the reason.
 */
export async function runProvisioner(
  deps: ProvisionerDeps,
  remainingMs: () => number,
): Promise<ProvisionerReport> {
  const report: ProvisionerReport = {
    created: 0,
    adopted: 0,
    available: 0,
    failed: 0,
    rescheduled: 0,
    waitingForAccount: 0,
    stoppedEarly: false,
  };
  const hasTime = () => {
    const ok = remainingMs() > SAFETY_MARGIN_MS;
    if (!ok) report.stoppedEarly = true;
    return ok;
  };
  const now = deps.clock.now().toISOString();
  const queued = await deps.workQueue.listDue('QUEUED', now, 10_000);
  const polls = await deps.workQueue.listDue('PROVISIONING', now, 10_000);
  // The API budget is per account and Region: the Regions run side by side, each at its own pace, so a
  // wave in one Region never holds up another.
  const regions = new Map<WorkspacesApi, { queued: HireRecord[]; polls: HireRecord[] }>();
  const regionOf = (hire: HireRecord) => {
    const api = deps.workspaces.forDirectory(hire.directoryId);
    let work = regions.get(api);
    if (!work) {
      work = { queued: [], polls: [] };
      regions.set(api, work);
    }
    return work;
  };
  for (const hire of queued) regionOf(hire).queued.push(hire);
  for (const hire of polls) regionOf(hire).polls.push(hire);
  await Promise.all(
    [...regions].map(async ([api, work]) => {
      const creates = await prepareCreates(deps, api, work.queued, report, hasTime);
      if (!creates) return;
      const polls = pollBatches(work.polls);
      // Polls and creates take turns: the hires created first are invited while the rest of a wave is
      // still being created, instead of every invitation waiting for the wave's last create.
      for (let i = 0; i < Math.max(polls.length, creates.length); i++) {
        const poll = polls[i];
        if (poll) {
          if (!hasTime()) return;
          await pollBatch(deps, api, poll, report);
        }
        const create = creates[i];
        if (create) {
          if (!hasTime()) return;
          await createBatch(deps, api, report, create);
        }
      }
    }),
  );
  return report;
}

interface CreateBatch {
  hires: HireRecord[];
  /** Holds at least one hire that is not waiting for its directory account. */
  hasNewHire: boolean;
}

/**
 * The run's CreateWorkspaces batches, 25 hires each, once the hires whose user may have a WorkSpace have
 * asked whose it is (undefined when the run's time went on that).
 */
async function prepareCreates(
  deps: ProvisionerDeps,
  api: WorkspacesApi,
  queued: HireRecord[],
  report: ProvisionerReport,
  hasTime: () => boolean,
): Promise<CreateBatch[] | undefined> {
  const byDirectory = new Map<string, HireRecord[]>();
  for (const hire of queued)
    byDirectory.set(hire.directoryId, [...(byDirectory.get(hire.directoryId) ?? []), hire]);
  const batches: CreateBatch[] = [];
  for (const hires of byDirectory.values()) {
    const fresh = hires.filter((h) => !currentDirectoryWait(h));
    const waiting = hires.filter((h) => currentDirectoryWait(h));
    const toCreate: HireRecord[] = [];
    for (const hire of [...fresh, ...waiting]) {
      if (!mayHaveWorkspace(hire)) {
        toCreate.push(hire);
        continue;
      }
      if (!hasTime()) return;
      await guard(hire, async () => {
        const found = await api.findUserWorkspace(hire.directoryId, hire.person.userName);
        const outcome = found
          ? await takeExistingWorkspace(deps, hire, {
              workspaceId: found.workspaceId,
              state: found.state ?? 'UNKNOWN',
            })
          : 'gone';
        if (outcome === 'gone') toCreate.push(hire);
        else if (outcome === 'adopted') report.adopted++;
        else report.failed++;
      });
    }
    // A directory with createUsers gets each missing account first; CreateWorkspaces then finds it.
    await ensureDirectoryAccounts(deps, toCreate, hasTime);
    for (let i = 0; i < toCreate.length; i += MAX_IDS_PER_CALL) {
      const batch = toCreate.slice(i, i + MAX_IDS_PER_CALL);
      batches.push({ hires: batch, hasNewHire: batch.some((h) => !currentDirectoryWait(h)) });
    }
  }
  // New hires first: hires waiting for their directory account fill the spare places of those batches
  // and get the calls that are left, so a long wait never holds up anyone else.
  return [...batches.filter((b) => b.hasNewHire), ...batches.filter((b) => !b.hasNewHire)];
}

/**
 * Whether the hire's user may have a WorkSpace already: CreateWorkspaces refused it one (ResourceExists: a
 * create whose answer was lost, or someone else's), or an admin confirmed one for it. Only those ask
 * WorkSpaces whose it is; every other hire goes straight to CreateWorkspaces, which never makes a second
 * WorkSpace for a user of a directory.
 */
function mayHaveWorkspace(hire: HireRecord): boolean {
  return hire.lastError?.error === 'WorkspaceExists' || hire.adoptWorkspaceId !== undefined;
}

async function createBatch(
  deps: ProvisionerDeps,
  api: WorkspacesApi,
  report: ProvisionerReport,
  batch: CreateBatch,
) {
  const { pending, failed } = await api.createWorkspaces(batch.hires.map(workspaceRequest));
  const byUser = new Map(batch.hires.map((h) => [h.person.userName.toLowerCase(), h]));
  // Each hire's writes are its own (conditional on its own stage), so the batch's hires are written side
  // by side: the next call of the budget never waits for 25 hires written one after another.
  const created = pending.map(async (ws) => {
    const hire = byUser.get(ws.userName?.toLowerCase() ?? '');
    if (!hire) return;
    report.created++;
    await guard(hire, () => startedProvisioning(deps, hire, ws.workspaceId, 'created'));
  });
  const refused = failed.map(async (failure) => {
    const hire = byUser.get(failure.userName?.toLowerCase() ?? '');
    if (!hire) return;
    const verdict = classifyCreateFailure(failure, hire, deps.clock.now(), deps.config.provisioning);
    if (verdict.action === 'retry') {
      report.rescheduled++;
      await guard(hire, () =>
        deps.hires.update(hire.hireId, {
          stage: 'QUEUED',
          work: { queue: 'QUEUED', dueAt: verdict.retryAt.toISOString() },
          set: {
            lastError: { error: verdict.error, cause: verdict.cause, at: deps.clock.now().toISOString() },
          },
        }),
      );
    } else if (verdict.action === 'wait-for-account') {
      report.waitingForAccount++;
      await guard(hire, () => waitForDirectoryAccount(deps, hire, verdict));
    } else {
      report.failed++;
      await guard(hire, () => failTask(deps, hire, verdict.error, verdict.cause));
    }
  });
  await Promise.all([...created, ...refused]);
}

/** The due polls, 25 WorkSpace IDs a DescribeWorkspaces call. */
function pollBatches(due: HireRecord[]): HireRecord[][] {
  const withWorkspace = due.filter((h) => h.workspaceId);
  const batches: HireRecord[][] = [];
  for (let i = 0; i < withWorkspace.length; i += MAX_IDS_PER_CALL)
    batches.push(withWorkspace.slice(i, i + MAX_IDS_PER_CALL));
  return batches;
}

async function pollBatch(
  deps: ProvisionerDeps,
  api: WorkspacesApi,
  batch: HireRecord[],
  report: ProvisionerReport,
) {
  const found = new Map(
    (await api.describeByIds(batch.map((h) => h.workspaceId!))).map((ws) => [ws.workspaceId, ws]),
  );
  // Side by side, as the creates' writes: each hire's resume and write are its own.
  await Promise.all(
    batch.map((hire) => {
      const verdict = classifyWorkspace(
        found.get(hire.workspaceId!),
        hire,
        deps.clock.now(),
        deps.config.provisioning,
      );
      return guard(hire, async () => {
        if (verdict.action === 'available') {
          // Resume first: if the write below fails, the next run resumes again and finds the task gone.
          // The provisioner's one cached lookup travels with the task, so a thousand invitations starting
          // at once do not each ask WorkSpaces for the registration code.
          const directory = await api.describeDirectory(hire.directoryId);
          await deps.workflows.resume(hire.taskToken ?? '', {
            workspaceId: hire.workspaceId,
            state: 'AVAILABLE',
            directory: directory ? directoryFacts(directory) : null,
          });
          await deps.hires.update(hire.hireId, {
            stage: 'PROVISIONING',
            work: null,
            event: { type: 'workspace-available', detail: { workspaceId: hire.workspaceId } },
          });
          report.available++;
        } else if (verdict.action === 'wait') {
          // A state other than the PENDING it started in (IMPAIRED, UNHEALTHY, ...) goes into the history once.
          const changed = verdict.state !== (hire.workspaceState ?? 'PENDING');
          await deps.hires.update(hire.hireId, {
            stage: 'PROVISIONING',
            work: { queue: 'PROVISIONING', dueAt: verdict.nextPollAt.toISOString() },
            ...(changed
              ? {
                  set: { workspaceState: verdict.state },
                  event: {
                    type: 'workspace-state',
                    detail: { workspaceId: hire.workspaceId, state: verdict.state },
                  },
                }
              : {}),
          });
          report.rescheduled++;
        } else {
          await failTask(deps, hire, verdict.error, verdict.cause);
          report.failed++;
        }
      });
    }),
  );
}

function directoryFacts(directory: DirectoryInfo): InvitationDirectory {
  const { directoryName: _name, ...facts } = directory;
  return facts;
}

/** One hire's trouble never stops the run; a stage conflict means someone else moved it (e.g. cancel). */
async function guard(hire: HireRecord, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (err) {
    if (err instanceof StageConflictError) {
      log.info('provisioner: hire moved on meanwhile', { hireId: hire.hireId, actual: err.actual });
      return;
    }
    log.error('provisioner: hire step failed', { hireId: hire.hireId, error: describeError(err) });
  }
}
