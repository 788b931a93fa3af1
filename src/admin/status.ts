import type { HireEvent, HireRecord } from '../kernel/hire/record';
import { WAITING_FOR_USER_STAGES } from '../kernel/hire/stages';
import { describeError, log } from '../kernel/log';
import type { LedgerEntry } from '../kernel/table/email-ledger';
import { currentDirectoryWait } from '../provisioning/rules';
import { nextStepDueAt, type StepInput } from '../tracking/reminders';
import { reminderSchedule } from '../tracking/schedule';
import { type CalendarMove, calendarMoves } from './calendar-moves';
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
  /**
   * Whose public holidays count for the hire (none: weekdays and closures only), and each date the calendar
   * moved with what it moved past, named in the admins' language (`defaults.locale`).
   */
  calendar: { country?: string; moves: CalendarMove[] };
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
  const step = nextStepInput(deps.config, hire);
  const next = step && nextReminder(deps.config, step);
  const calendar = calendarMoves(deps.config, hire, step, deps.config.defaults.locale);
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
    calendar: { ...(calendar.country ? { country: calendar.country } : {}), moves: calendar.moves },
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

/** The reminder run's view of the hire's next step, while it waits for the person. */
function nextStepInput(config: AdminDeps['config'], hire: HireRecord): StepInput | undefined {
  if (!WAITING_FOR_USER_STAGES.includes(hire.stage) || !hire.invitedAt) return undefined;
  const current = hire.reminders?.invitation === (hire.invitationCount ?? 1) ? hire.reminders : undefined;
  return {
    invitedAt: new Date(hire.invitedAt),
    remindersSent: current?.sent ?? 0,
    lastReminderAt: current?.lastAt ? new Date(current.lastAt) : undefined,
    timeZone: hire.person.timeZone,
    schedule: reminderSchedule(config, hire),
  };
}

/** Derived from the same pure schedule the reminder run uses, so the two never disagree. */
function nextReminder(config: AdminDeps['config'], input: StepInput): HireStatus['nextReminder'] {
  const total = config.reminders.afterDays.length;
  const sent = input.remindersSent;
  const step = sent < total ? `reminder ${sent + 1} of ${total}` : 'escalation';
  return { at: nextStepDueAt(input).toISOString(), step };
}
