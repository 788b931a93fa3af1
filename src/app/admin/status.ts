import type { LedgerEntry } from '../../adapters/stores/email-ledger';
import type { HireEvent, HireRecord } from '../../domain/hire-record';
import { currentDirectoryWait } from '../../domain/provisioning';
import { nextStepDueAt } from '../../domain/reminders';
import { WAITING_FOR_USER_STAGES } from '../../domain/stages';
import { describeError, log } from '../../log';
import { reminderSchedule } from '../tracking-schedule';
import type { AdminDeps } from './deps';
import { type HireSummary, summarize } from './summary';

/** Everything an admin needs to answer "where is this person?" in one read. */
export interface HireStatus extends HireSummary {
  version: number;
  directoryId: string;
  provisionAt: string;
  createdAt: string;
  /** Live from DescribeWorkspaces (one budgeted call); `UNKNOWN` when it could not be asked. */
  workspace?: { id: string; state: string; detail?: string };
  lastError?: HireRecord['lastError'];
  /** The directory has no account for the user yet: the hire waits, tried again every run, until `until`. */
  waitingForDirectoryAccount?: {
    userName: string;
    directoryId: string;
    since: string;
    until: string;
    alertedAt?: string;
  };
  /** The WorkSpace the hire failed on: the user's, not made for this hire. `adopt` confirms it as theirs. */
  foreignWorkspace?: NonNullable<HireRecord['foreignWorkspace']>;
  emails: LedgerEntry[];
  /** The reminder run's next step for this hire, while it waits for the person. */
  nextReminder?: { at: string; step: string };
  timeline: HireEvent[];
}

export async function hireStatus(
  deps: Pick<AdminDeps, 'hires' | 'history' | 'ledger' | 'workspaces' | 'config'>,
  hireId: string,
): Promise<HireStatus> {
  const hire = await deps.hires.require(hireId);
  const [timeline, emails, workspace] = await Promise.all([
    deps.history.list(hireId),
    deps.ledger.entries(hireId),
    liveWorkspace(deps, hire.directoryId, hire.workspaceId),
  ]);
  const next = nextReminder(deps.config, hire);
  const wait = hire.stage === 'QUEUED' ? currentDirectoryWait(hire) : undefined;
  return {
    ...summarize(hire),
    version: hire.version,
    directoryId: hire.directoryId,
    provisionAt: hire.provisionAt,
    createdAt: hire.createdAt,
    ...(workspace ? { workspace } : {}),
    ...(hire.lastError ? { lastError: hire.lastError } : {}),
    ...(wait
      ? {
          waitingForDirectoryAccount: {
            userName: hire.person.userName,
            directoryId: hire.directoryId,
            since: wait.since,
            until: wait.until,
            ...(wait.alertedAt ? { alertedAt: wait.alertedAt } : {}),
          },
        }
      : {}),
    ...(hire.stage === 'FAILED' && hire.foreignWorkspace ? { foreignWorkspace: hire.foreignWorkspace } : {}),
    emails,
    ...(next ? { nextReminder: next } : {}),
    timeline,
  };
}

async function liveWorkspace(
  deps: Pick<AdminDeps, 'workspaces'>,
  directoryId: string,
  workspaceId: string | undefined,
): Promise<HireStatus['workspace']> {
  if (!workspaceId) return undefined;
  try {
    const [found] = await deps.workspaces.forDirectory(directoryId).describeByIds([workspaceId]);
    return { id: workspaceId, state: found?.state ?? 'NOT_FOUND' };
  } catch (err) {
    // The status is still useful without the live state (e.g. throttled by another tool).
    log.warn('admin status: DescribeWorkspaces failed', { error: describeError(err) });
    return { id: workspaceId, state: 'UNKNOWN', detail: 'DescribeWorkspaces failed; try again' };
  }
}

/** Derived from the same pure schedule the reminder run uses, so the two never disagree. */
function nextReminder(config: AdminDeps['config'], hire: HireRecord): HireStatus['nextReminder'] {
  if (!WAITING_FOR_USER_STAGES.includes(hire.stage) || !hire.invitedAt) return undefined;
  const schedule = reminderSchedule(config);
  const current = hire.reminders?.invitation === (hire.invitationCount ?? 1) ? hire.reminders : undefined;
  const sent = current?.sent ?? 0;
  const at = nextStepDueAt({
    invitedAt: new Date(hire.invitedAt),
    remindersSent: sent,
    lastReminderAt: current?.lastAt ? new Date(current.lastAt) : undefined,
    timeZone: hire.person.timeZone,
    schedule,
  });
  const step =
    sent < schedule.afterDays.length ? `reminder ${sent + 1} of ${schedule.afterDays.length}` : 'escalation';
  return { at: at.toISOString(), step };
}
