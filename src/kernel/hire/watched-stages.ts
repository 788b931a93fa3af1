/**
 * When the reconciler should look at a hire whose stage has an expected next move (the sparse `watch`
 * index). The time is set by the store on every stage change (src/kernel/table/hire-write.ts) and pushed on by
 * the reconciler while the hire is alive, so a hire whose stage has not moved in time is found by a Query,
 * never a Scan. Stages without an expected move by the workflow (INVITED and later, the admin stages,
 * CANCELLED) are not watched: reminders and admins take them from there.
 */
import type { Stage } from './stages';

export interface WatchPolicy {
  /** The provisioner fails a WorkSpace not AVAILABLE this long after CreateWorkspaces (config). */
  provisioningTimeoutMinutes: number;
}

const MINUTE_MS = 60_000;
/**
 * A new hire's execution is started by the webhook before it answers; this soon after, its absence means
 * a crash in between. A little over the reconciler's period, so the first check finds it started.
 */
export const FIRST_CHECK_MS = 15 * MINUTE_MS;
/** Slack on every expected time: runs of the provisioner (every minute), retries of Lambda tasks. */
export const WATCH_GRACE_MS = 30 * MINUTE_MS;
/** QUEUED normally lasts until the provisioner's next run; a directory or API wait re-arms the watch. */
const QUEUED_EXPECTED_MS = 10 * MINUTE_MS;

export const WATCHED_STAGES: readonly Stage[] = ['RECEIVED', 'QUEUED', 'PROVISIONING'];

export function isWatched(stage: Stage): boolean {
  return WATCHED_STAGES.includes(stage);
}

/**
 * When to look at a hire that has just moved to `stage`; null when that stage is not watched.
 * RECEIVED: a first check that the execution exists, or the provisioning time plus grace if that is sooner.
 */
export function watchAfterMove(
  stage: Stage,
  ctx: { now: Date; provisionAt?: string | undefined; policy: WatchPolicy },
): string | null {
  const now = ctx.now.getTime();
  switch (stage) {
    case 'RECEIVED': {
      const first = now + FIRST_CHECK_MS;
      const provisionAt = ctx.provisionAt ? Date.parse(ctx.provisionAt) : Number.NaN;
      return iso(Number.isNaN(provisionAt) ? first : Math.min(first, provisionAt + WATCH_GRACE_MS));
    }
    case 'QUEUED':
      return iso(now + QUEUED_EXPECTED_MS + WATCH_GRACE_MS);
    case 'PROVISIONING':
      return iso(now + ctx.policy.provisioningTimeoutMinutes * MINUTE_MS + WATCH_GRACE_MS);
    default:
      return null;
  }
}

/**
 * The next look at a hire found alive (its execution running and, once queued, its work on the
 * provisioner's queue): RECEIVED waits for its provisioning time, the others for the grace period.
 */
export function watchWhileAlive(
  stage: Stage,
  ctx: { now: Date; provisionAt?: string | undefined },
): string | null {
  if (!isWatched(stage)) return null;
  const now = ctx.now.getTime();
  const provisionAt = ctx.provisionAt ? Date.parse(ctx.provisionAt) : Number.NaN;
  const due = stage === 'RECEIVED' && provisionAt > now ? provisionAt : now;
  return iso(due + WATCH_GRACE_MS);
}

const iso = (ms: number) => new Date(ms).toISOString();
