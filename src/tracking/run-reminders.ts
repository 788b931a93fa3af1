import {
  SesQuotaExceededError,
  SesThrottledError,
  StageConflictError,
  TransientError,
  VersionConflictError,
} from '../kernel/errors';
import { describeError, log } from '../kernel/log';
import { checkConnections } from './login-fallback';
import type { ReminderDeps, ReminderReport } from './ports';
import { runReadinessChecks } from './readiness-check';
import { handleDueHire } from './remind-hire';

export type { ReminderDeps, ReminderReport } from './ports';

// Room left after the last hire of a run for its writes.
const SAFETY_MARGIN_MS = 5_000;
// One run handles at most this many due hires; the rest stay due for the next run.
const MAX_HIRES_PER_RUN = 2_000;

/**
 * One reminder run (scheduled). Reads only the hires that are due from the sparse `due` index, first asks
 * WorkSpaces (25 IDs a call) whether any of them has signed in meanwhile (the fallback for a missed login
 * event), then reminds per stage inside the person's business hours, or escalates after the last reminder.
 * Every email goes through the send-once ledger and every hire write expects the version it read, so two
 * runs at once send each reminder once. A run that is running out of time stops; the next run continues.
 */
export async function runReminders(deps: ReminderDeps, remainingMs: () => number): Promise<ReminderReport> {
  const report: ReminderReport = {
    due: 0,
    itemsRead: 0,
    activated: 0,
    reminded: 0,
    escalated: 0,
    rescheduled: 0,
    released: 0,
    busy: 0,
    failed: 0,
    stoppedEarly: false,
    readiness: { sent: 0, skipped: 0, failed: 0 },
  };
  const hasTime = () => {
    const ok = remainingMs() > SAFETY_MARGIN_MS;
    if (!ok) report.stoppedEarly = true;
    return ok;
  };
  await remindDue(deps, report, hasTime);
  // After the connection checks: a check sent in this run already knows who has signed in.
  report.readiness = await runReadinessChecks(deps, hasTime);
  return report;
}

async function remindDue(deps: ReminderDeps, report: ReminderReport, hasTime: () => boolean) {
  const { hires: due, itemsRead } = await deps.dueIndex.listDue(
    deps.clock.now().toISOString(),
    MAX_HIRES_PER_RUN,
  );
  report.due = due.length;
  report.itemsRead = itemsRead;
  if (!due.length) return;

  const signedIn = await checkConnections(deps, due, report, hasTime);
  if (!signedIn) return;
  for (const listed of due) {
    if (signedIn.has(listed.hireId)) continue;
    if (!hasTime()) break;
    try {
      await handleDueHire(deps, listed.hireId, report);
    } catch (err) {
      if (err instanceof StageConflictError || err instanceof VersionConflictError) {
        log.info('reminders: hire moved on meanwhile', { hireId: listed.hireId, error: err.name });
      } else if (
        err instanceof TransientError ||
        err instanceof SesThrottledError ||
        err instanceof SesQuotaExceededError
      ) {
        // Due still: the next run sends it (SES's pace or quota held it back).
        report.busy++;
      } else {
        report.failed++;
        log.error('reminders: hire step failed', { hireId: listed.hireId, error: describeError(err) });
      }
    }
  }
}
