import type { HireStore } from '../../src/adapters/hire-store';
import { productionStore } from '../../src/app/production';
import { type Clock, systemClock } from '../../src/clock';
import { ExecutionSupersededError, StageConflictError } from '../../src/domain/errors';
import { log } from '../../src/log';

/**
 * Step Functions task (.waitForTaskToken): puts the hire on the provisioner's queue with the task token.
 * The workflow stays paused until the provisioner resumes or fails this token. Only the hire's current
 * execution may: one that HR's reschedule replaced gets ExecutionSupersededError (each write is
 * conditional on the execution name), and the workflow ends it quietly.
 */
export interface RequestWorkspaceEvent {
  hireId: string;
  taskToken: string;
  /** `$$.Execution.Name`; absent from executions started before the workflow passed it. */
  executionName?: string;
}

interface Deps {
  store: HireStore;
  clock: Clock;
}

let productionDeps: Deps | undefined;
const deps = (): Deps =>
  (productionDeps ??= {
    clock: systemClock,
    store: productionStore(),
  });

export async function requestWorkspace(event: RequestWorkspaceEvent, d: Deps): Promise<{ queued: boolean }> {
  if (!event?.hireId || !event.taskToken) throw new TypeError('hireId and taskToken are required');
  const now = d.clock.now().toISOString();
  const current = event.executionName ? { expectExecutionName: event.executionName } : {};
  try {
    await d.store.change(event.hireId, {
      to: 'QUEUED',
      from: ['RECEIVED'],
      set: { taskToken: event.taskToken, queuedAt: now },
      work: { queue: 'QUEUED', dueAt: now },
      event: { type: 'queued' },
      ...current,
    });
  } catch (err) {
    if (err instanceof ExecutionSupersededError) {
      log.info('superseded execution ends', { hireId: event.hireId, executionName: event.executionName });
      throw err;
    }
    if (!(err instanceof StageConflictError) || (err.actual !== 'QUEUED' && err.actual !== 'PROVISIONING'))
      throw err;
    // A retried task entry carries a new token: the provisioner must resume the one Step Functions waits on.
    await d.store.change(event.hireId, {
      to: err.actual,
      from: [err.actual],
      set: { taskToken: event.taskToken },
      ...current,
    });
  }
  log.info('hire queued for provisioning', { hireId: event.hireId });
  return { queued: true };
}

export const handler = (event: RequestWorkspaceEvent) => requestWorkspace(event, deps());
