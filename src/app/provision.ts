import type { WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import type { HireStore } from '../adapters/hire-store';
import type { Workflows } from '../adapters/stepfunctions';
import { MAX_IDS_PER_CALL, type WorkspacesApi } from '../adapters/workspaces';
import type { Clock } from '../clock';
import type { OnboardingConfig } from '../config/load';
import { StageConflictError } from '../domain/errors';
import type { HireRecord } from '../domain/hire-record';
import { classifyCreateFailure, classifyWorkspace, workspaceRequest } from '../domain/provisioning';
import { describeError, log } from '../log';
import type { InvitationDirectory } from './send-invitation';

/**
 * One provisioner run (scheduled, one at a time). It turns queued hires into WorkSpaces with as few API
 * calls as the budget allows: a directory listing to find WorkSpaces that exist already (CreateWorkspaces
 * has no idempotency token), creates 25 at a time, and polls 25 IDs a call only when a poll is due.
 *
 * The listing is kept between runs of the same container for LISTING_TTL_MS and updated with every
 * WorkSpace this container creates, so a wave spread over many runs does not list the directory every
 * minute. A WorkSpace made elsewhere meanwhile is still never doubled: WorkSpaces allows one per user and
 * directory, the create fails with ResourceExists, and that hire forces a fresh listing that adopts it.
 * Each paused workflow is resumed with its WorkSpace id, or failed with the reason.
 */
export interface ProvisionerDeps {
  store: HireStore;
  workspaces: WorkspacesApi;
  workflows: Workflows;
  clock: Clock;
  config: OnboardingConfig;
  /** Directory listings kept across runs: directory id → when listed and the WorkSpace id per user. */
  listings: Map<string, DirectoryListing>;
}

export interface DirectoryListing {
  listedAtMs: number;
  byUser: Map<string, string>;
}

const LISTING_TTL_MS = 10 * 60_000;

export interface ProvisionerReport {
  created: number;
  adopted: number;
  available: number;
  failed: number;
  rescheduled: number;
  stoppedEarly: boolean;
}

// Room left for the writes after the last API call of a run.
const SAFETY_MARGIN_MS = 5_000;

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
    stoppedEarly: false,
  };
  const hasTime = () => {
    const ok = remainingMs() > SAFETY_MARGIN_MS;
    if (!ok) report.stoppedEarly = true;
    return ok;
  };
  await createQueued(deps, report, hasTime);
  await pollProvisioning(deps, report, hasTime);
  return report;
}

async function createQueued(deps: ProvisionerDeps, report: ProvisionerReport, hasTime: () => boolean) {
  const now = deps.clock.now().toISOString();
  const queued = await deps.store.listWork('QUEUED', now, 10_000);
  const byDirectory = new Map<string, HireRecord[]>();
  for (const hire of queued)
    byDirectory.set(hire.directoryId, [...(byDirectory.get(hire.directoryId) ?? []), hire]);
  for (const [directoryId, hires] of byDirectory) {
    if (!hasTime()) return;
    const mustRefresh = hires.some((h) => h.lastError?.error === 'WorkspaceExists');
    const existing = await directoryListing(deps, directoryId, mustRefresh);
    const toCreate: HireRecord[] = [];
    for (const hire of hires) {
      const found = existing.byUser.get(hire.person.userName.toLowerCase());
      if (found) {
        await guard(hire, () => startedProvisioning(deps, hire, found, 'adopted'));
        report.adopted++;
      } else {
        toCreate.push(hire);
      }
    }
    for (let i = 0; i < toCreate.length; i += MAX_IDS_PER_CALL) {
      if (!hasTime()) return;
      const batch = toCreate.slice(i, i + MAX_IDS_PER_CALL);
      const { pending, failed } = await deps.workspaces.createWorkspaces(batch.map(workspaceRequest));
      const byUser = new Map(batch.map((h) => [h.person.userName.toLowerCase(), h]));
      for (const ws of pending) {
        const hire = byUser.get(ws.UserName?.toLowerCase() ?? '');
        if (!hire || !ws.WorkspaceId) continue;
        existing.byUser.set(hire.person.userName.toLowerCase(), ws.WorkspaceId);
        await guard(hire, () => startedProvisioning(deps, hire, ws.WorkspaceId!, 'created'));
        report.created++;
      }
      for (const failure of failed) {
        const hire = byUser.get(failure.WorkspaceRequest?.UserName?.toLowerCase() ?? '');
        if (!hire) continue;
        const verdict = classifyCreateFailure(failure, hire, deps.clock.now(), deps.config.provisioning);
        if (verdict.action === 'retry') {
          await guard(hire, () =>
            deps.store.change(hire.hireId, {
              to: 'QUEUED',
              from: ['QUEUED'],
              work: { queue: 'QUEUED', dueAt: verdict.retryAt.toISOString() },
              set: {
                lastError: { error: verdict.error, cause: verdict.cause, at: deps.clock.now().toISOString() },
              },
            }),
          );
          report.rescheduled++;
        } else {
          await guard(hire, () => failTask(deps, hire, verdict.error, verdict.cause));
          report.failed++;
        }
      }
    }
  }
}

async function pollProvisioning(deps: ProvisionerDeps, report: ProvisionerReport, hasTime: () => boolean) {
  const now = deps.clock.now();
  const due = await deps.store.listWork('PROVISIONING', now.toISOString(), 10_000);
  for (let i = 0; i < due.length; i += MAX_IDS_PER_CALL) {
    if (!hasTime()) return;
    const batch = due.slice(i, i + MAX_IDS_PER_CALL).filter((h) => h.workspaceId);
    if (!batch.length) continue;
    const found = new Map(
      (await deps.workspaces.describeByIds(batch.map((h) => h.workspaceId!))).map((ws) => [
        ws.WorkspaceId,
        ws,
      ]),
    );
    for (const hire of batch) {
      const verdict = classifyWorkspace(
        found.get(hire.workspaceId!),
        hire,
        deps.clock.now(),
        deps.config.provisioning,
      );
      await guard(hire, async () => {
        if (verdict.action === 'available') {
          // Resume first: if the write below fails, the next run resumes again and finds the task gone.
          // The provisioner's one cached lookup travels with the task, so a thousand invitations starting
          // at once do not each ask WorkSpaces for the registration code.
          const directory = await deps.workspaces.describeDirectory(hire.directoryId);
          await deps.workflows.resume(hire.taskToken ?? '', {
            workspaceId: hire.workspaceId,
            state: 'AVAILABLE',
            directory: directory ? directoryFacts(directory) : null,
          });
          await deps.store.change(hire.hireId, {
            to: 'PROVISIONING',
            from: ['PROVISIONING'],
            work: null,
            set: {},
            event: { type: 'workspace-available', detail: { workspaceId: hire.workspaceId } },
          });
          report.available++;
        } else if (verdict.action === 'wait') {
          // A state other than the PENDING it started in (IMPAIRED, UNHEALTHY, ...) goes into the history once.
          const changed = verdict.state !== (hire.workspaceState ?? 'PENDING');
          await deps.store.change(hire.hireId, {
            to: 'PROVISIONING',
            from: ['PROVISIONING'],
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
    }
  }
}

function directoryFacts(directory: WorkspaceDirectory): InvitationDirectory {
  return {
    DirectoryId: directory.DirectoryId,
    RegistrationCode: directory.RegistrationCode,
    DirectoryType: directory.DirectoryType,
    Alias: directory.Alias,
  };
}

async function directoryListing(
  deps: ProvisionerDeps,
  directoryId: string,
  refresh: boolean,
): Promise<DirectoryListing> {
  const now = deps.clock.nowMs();
  const kept = deps.listings.get(directoryId);
  if (kept && !refresh && now - kept.listedAtMs < LISTING_TTL_MS) return kept;
  const byUser = new Map<string, string>();
  for (const ws of await deps.workspaces.listDirectoryWorkspaces(directoryId)) {
    if (ws.UserName && ws.WorkspaceId && ws.State !== 'TERMINATED' && ws.State !== 'TERMINATING') {
      byUser.set(ws.UserName.toLowerCase(), ws.WorkspaceId);
    }
  }
  const listing = { listedAtMs: now, byUser };
  deps.listings.set(directoryId, listing);
  return listing;
}

async function startedProvisioning(
  deps: ProvisionerDeps,
  hire: HireRecord,
  workspaceId: string,
  how: string,
) {
  const now = deps.clock.now();
  const firstPoll = new Date(now.getTime() + deps.config.provisioning.firstPollAfterMinutes * 60_000);
  await deps.store.change(hire.hireId, {
    to: 'PROVISIONING',
    from: ['QUEUED'],
    work: { queue: 'PROVISIONING', dueAt: firstPoll.toISOString() },
    set: { workspaceId, provisioningStartedAt: now.toISOString() },
    remove: ['lastError', 'workspaceState'],
    event: { type: `workspace-${how}`, detail: { workspaceId } },
  });
}

async function failTask(deps: ProvisionerDeps, hire: HireRecord, error: string, cause: string) {
  // The workflow's failure route records FAILED and alerts the admins; we only take the hire off the queue.
  await deps.workflows.fail(hire.taskToken ?? '', error, cause);
  await deps.store.change(hire.hireId, {
    to: hire.stage,
    from: [hire.stage],
    work: null,
    set: { lastError: { error, cause, at: deps.clock.now().toISOString() } },
  });
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
