import { HireNotFoundError } from '../kernel/errors';
import { executionInput } from '../kernel/hire/execution-event';
import type { Stage } from '../kernel/hire/stages';
import { watchAfterMove, watchWhileAlive } from '../kernel/hire/watched-stages';
import { describeError, log } from '../kernel/log';
import type { HireStore } from '../kernel/table/hires';
import type { HireHistory } from '../kernel/table/history';
import type { WatchIndex } from '../kernel/table/indexes';
import { createTokenBucket, type TokenBucket } from '../kernel/token-bucket';
import type { Workflows } from '../kernel/workflows';
import { type RecordFailureDeps, recordFailure } from './record-failure';
import { planRecovery } from './recovery';

/**
 * Nothing stuck: a hire whose stage has not moved in its expected time (the `watch` index) and that has no
 * live execution, or no place on the provisioner's queue, is driven on; what cannot be mended becomes
 * FAILED through the one failure route (one alert). The scheduled reconciler runs this for every due hire;
 * `admin resume` for one hire at once. Decisions are the pure rules of src/provisioning/recovery.ts.
 */
export interface ReconcileDeps extends RecordFailureDeps {
  workflows: Pick<Workflows, 'start' | 'describeNamed'>;
  hires: Pick<HireStore, 'get' | 'require' | 'move' | 'update' | 'getWithIndexes'>;
  history: Pick<HireHistory, 'append'>;
  watchIndex: WatchIndex;
}

export type RecoveryAction =
  /** Its stage needs nothing from us (INVITED and later, FAILED, CANCELLED). */
  | 'moved-on'
  /** Its execution runs and, once queued, it is on the provisioner's queue: looked at again later. */
  | 'alive'
  /** Its execution was missing and is started now (same name and input). */
  | 'started-execution'
  /** It was put back on the provisioner's queue, due now. */
  | 'requeued'
  /** Its execution ended with the hire left behind: FAILED, admins alerted. */
  | 'failed';

export interface RecoveryResult {
  hireId: string;
  /** The stage it was found in. */
  stage: Stage;
  action: RecoveryAction;
  /** The execution's status as found (`none` when it did not exist). */
  execution: string;
  alerted?: boolean;
}

export async function recoverHire(
  deps: ReconcileDeps,
  hireId: string,
  opts: { by: string; recordAlive?: boolean },
): Promise<RecoveryResult> {
  const view = await deps.hires.getWithIndexes(hireId);
  if (!view) throw new HireNotFoundError(hireId);
  const { hire } = view;
  const execution = await deps.workflows.describeNamed(hire.executionName);
  const plan = planRecovery(
    { stage: hire.stage, executionName: hire.executionName, onQueue: view.work !== undefined },
    execution,
  );
  const found = { hireId, stage: hire.stage, execution: execution?.status ?? 'none' };
  const now = deps.clock.now();
  const record = (action: RecoveryAction) =>
    deps.history.append(hireId, {
      type: 'recovered',
      stage: hire.stage,
      by: opts.by,
      detail: { action, execution: found.execution },
    });

  switch (plan.action) {
    case 'none':
      // Off the index: nothing will move it by itself, reminders and admins take it from here.
      if (view.watchAt) await deps.watchIndex.watchAgain(hireId, hire.stage, null);
      return { ...found, action: 'moved-on' };
    case 'alive':
      await deps.watchIndex.watchAgain(
        hireId,
        hire.stage,
        watchWhileAlive(hire.stage, { now, provisionAt: hire.provisionAt }),
      );
      if (opts.recordAlive) await record('alive');
      return { ...found, action: 'alive' };
    case 'start-execution': {
      // The same name and input as the first start: if a start races us, Step Functions keeps one.
      await deps.workflows.start(hire.executionName, executionInput(hire));
      await deps.watchIndex.watchAgain(
        hireId,
        hire.stage,
        watchAfterMove('RECEIVED', { now, policy: NO_POLICY }),
      );
      await record('started-execution');
      log.warn('reconciler: started a missing execution', { hireId, stage: hire.stage });
      return { ...found, action: 'started-execution' };
    }
    case 'requeue': {
      await deps.hires.update(hireId, {
        stage: plan.queue,
        work: { queue: plan.queue, dueAt: now.toISOString() },
        watch: { at: watchWhileAlive(plan.queue, { now })! },
        event: { type: 'recovered', by: opts.by, detail: { action: 'requeued', execution: found.execution } },
      });
      log.warn('reconciler: put a hire back on the provisioner queue', { hireId, stage: hire.stage });
      return { ...found, action: 'requeued' };
    }
    case 'fail': {
      await record('failed');
      const { alerted } = await recordFailure(deps, { hireId, error: plan.error, cause: plan.cause });
      log.warn('reconciler: hire failed', { hireId, stage: hire.stage, execution: found.execution });
      return { ...found, action: 'failed', alerted };
    }
  }
}

// The first-check time of a restarted execution does not depend on the provisioning policy.
const NO_POLICY = { provisioningTimeoutMinutes: 0 };

export interface ReconcilerReport {
  due: number;
  checked: number;
  actions: Partial<Record<RecoveryAction, number>>;
  errors: number;
  stoppedEarly: boolean;
}

/**
 * Step Functions quotas (API action throttling): DescribeExecution refills 10 a second in most Regions,
 * shared with the execution-events function and the admin API; half of it keeps the others unthrottled.
 */
export const DESCRIBE_BUDGET = { ratePerSecond: 5, burst: 10 };
/** Per run; the rest waits for the next run (every 10 minutes), soonest first. */
export const MAX_HIRES_PER_RUN = 500;
const SAFETY_MARGIN_MS = 5_000;

export async function runReconciler(
  deps: ReconcileDeps & { bucket?: TokenBucket },
  remainingMs: () => number,
): Promise<ReconcilerReport> {
  const bucket = deps.bucket ?? createTokenBucket(DESCRIBE_BUDGET);
  const due = await deps.watchIndex.listDue(deps.clock.now().toISOString(), MAX_HIRES_PER_RUN);
  const report: ReconcilerReport = {
    due: due.length,
    checked: 0,
    actions: {},
    errors: 0,
    stoppedEarly: false,
  };
  for (const hireId of due) {
    if (remainingMs() < SAFETY_MARGIN_MS) {
      report.stoppedEarly = true;
      break;
    }
    await bucket.take();
    try {
      const { action } = await recoverHire(deps, hireId, { by: 'reconciler' });
      report.actions[action] = (report.actions[action] ?? 0) + 1;
    } catch (err) {
      // One hire's trouble never stops the run; it stays on the index and is looked at next time.
      report.errors++;
      log.error('reconciler: hire check failed', { hireId, error: describeError(err) });
    }
    report.checked++;
  }
  return report;
}
