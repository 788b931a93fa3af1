import { ActionNotAllowedError, StageConflictError } from '../kernel/errors';
import { type AdminAction, retryProvisionAt } from '../kernel/hire/actions';
import { executionInput } from '../kernel/hire/execution-event';
import type { HireEvent, HireRecord } from '../kernel/hire/record';
import type { HireStore } from '../kernel/table/hires';
import type { AdminDeps } from './deps';

/**
 * A FAILED hire goes through provisioning again (a re-invite, or an adoption an admin confirmed): one
 * conditional write on the version it was read at, back to RECEIVED with a new execution name, off the
 * queues and the reminders, then that execution starts. Repeating the command after a crash in between
 * finds RECEIVED with the retry recorded and starts the same execution (planReinvite / planAdopt).
 */
export async function retryProvisioning(
  deps: Pick<AdminDeps, 'workflows' | 'clock'> & { hires: Pick<HireStore, 'move'> },
  hire: HireRecord,
  retry: {
    action: AdminAction;
    retry: number;
    executionName: string;
    set?: Partial<HireRecord>;
    event: Omit<HireEvent, 'at' | 'stage'>;
  },
): Promise<HireRecord> {
  const updated = await deps.hires
    .move(hire.hireId, {
      to: 'RECEIVED',
      from: ['FAILED'],
      expectVersion: hire.version,
      set: {
        ...retry.set,
        retryCount: retry.retry,
        executionName: retry.executionName,
        provisionAt: retryProvisionAt(hire.provisionAt, deps.clock.now()),
      },
      remove: ['taskToken', 'workspaceId', 'lastError', 'directoryWait'],
      work: null,
      due: null,
      event: retry.event,
    })
    .catch((err: unknown) => rethrowIfMoved(err, retry.action, hire));
  await deps.workflows.start(retry.executionName, executionInput(updated));
  return updated;
}

/** Someone moved the hire between our read and our write: report the stage it is in now. */
export function rethrowIfMoved(err: unknown, action: AdminAction, hire: Pick<HireRecord, 'hireId'>): never {
  if (err instanceof StageConflictError && err.actual) {
    throw new ActionNotAllowedError(
      { action, hireId: hire.hireId, stage: err.actual, reason: 'the hire moved on meanwhile' },
      { cause: err },
    );
  }
  throw err;
}
