import type { HireRecord } from '../kernel/hire/record';
import { WAITING_FOR_USER_STAGES } from '../kernel/hire/stages';
import type { ConnectionStatus } from '../kernel/hire/workspace';
import { describeError, log } from '../kernel/log';
import type { ReminderDeps, ReminderReport } from './ports';
import { recordFirstLogin } from './record-login';

/**
 * The fallback for a missed login event: before reminding anyone, the run asks WorkSpaces (25 ids a call, one
 * batch per Region) whether the due hires have connected, and records a first login (ACTIVE) for those who
 * have. Undefined when WorkSpaces could not be asked: the run then reminds nobody, rather than nag people who
 * are done.
 */
export async function checkConnections(
  deps: ReminderDeps,
  due: HireRecord[],
  report: ReminderReport,
  hasTime: () => boolean,
): Promise<Set<string> | undefined> {
  const waiting = due.filter((h) => WAITING_FOR_USER_STAGES.includes(h.stage) && h.workspaceId);
  const byWorkspace = new Map(waiting.map((h) => [h.workspaceId!, h.hireId]));
  const signedIn = new Set<string>();
  if (!byWorkspace.size) return signedIn;
  if (!hasTime()) return undefined;
  // One batch per Region: forDirectory gives every directory of a Region the same API.
  const byRegion = new Map<ReturnType<ReminderDeps['workspaces']['forDirectory']>, string[]>();
  for (const hire of waiting) {
    const api = deps.workspaces.forDirectory(hire.directoryId);
    byRegion.set(api, [...(byRegion.get(api) ?? []), hire.workspaceId!]);
  }
  const statuses: ConnectionStatus[] = [];
  try {
    for (const [api, ids] of byRegion) statuses.push(...(await api.describeConnectionStatus(ids)));
  } catch (err) {
    // Reminding without knowing who has signed in could nag people who are done: try again next run.
    report.failed++;
    report.stoppedEarly = true;
    log.error('reminders: connection status unavailable', { error: describeError(err) });
    return undefined;
  }
  for (const status of statuses) {
    const hireId = byWorkspace.get(status.workspaceId);
    if (!hireId || !status.lastConnectedAt) continue;
    signedIn.add(hireId);
    const result = await recordFirstLogin(deps, {
      hireId,
      workspaceId: status.workspaceId,
      loginTime: status.lastConnectedAt.toISOString(),
      via: 'connection-status',
    });
    if (result.outcome === 'activated') report.activated++;
  }
  return signedIn;
}
