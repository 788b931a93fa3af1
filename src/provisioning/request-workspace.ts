import type { Clock } from '../kernel/clock';
import { ExecutionSupersededError, HireAlreadyInvitedError, StageConflictError } from '../kernel/errors';
import type { Stage } from '../kernel/hire/stages';
import { log } from '../kernel/log';
import type { HireStore } from '../kernel/table/hires';

/**
 * The workflow's RequestWorkspace task (.waitForTaskToken): puts the hire on the provisioner's queue with
 * the task token. The workflow stays paused until the provisioner resumes or fails this token.
 *
 * Entered again for a hire that moved on (a retried task, or a replay of the whole execution after a local
 * restart), it converges instead of failing: QUEUED or PROVISIONING keep their place (the new token, and a
 * work entry if the provisioner had none: it must resume the task Step Functions waits on now); a hire
 * invited already ends the replay quietly; an execution that is not the hire's current one (HR moved the
 * start date, an admin retried) never touches it: ExecutionSupersededError, which the workflow ends quietly.
 */
export interface RequestWorkspaceEvent {
  hireId: string;
  taskToken: string;
  /** `$$.Execution.Name`; absent in executions started before it was passed. */
  executionName?: string;
}

export interface RequestWorkspaceDeps {
  hires: Pick<HireStore, 'move' | 'update' | 'getWithIndexes'>;
  clock: Clock;
}

/** Stages after the invitation went out: the workflow's work is done. */
const INVITED_ALREADY: readonly Stage[] = ['INVITED', 'PASSWORD_SET', 'ACTIVE', 'BOUNCED', 'ESCALATED'];

export async function requestWorkspace(
  deps: RequestWorkspaceDeps,
  event: RequestWorkspaceEvent,
): Promise<{ queued: boolean }> {
  if (!event?.hireId || !event.taskToken) throw new TypeError('hireId and taskToken are required');
  const now = deps.clock.now().toISOString();
  // The provisioner may move the hire between our read and our write (QUEUED → PROVISIONING): look again.
  for (let attempt = 1; ; attempt++) {
    try {
      await queueOnce(deps, event, now);
      break;
    } catch (err) {
      if (err instanceof ExecutionSupersededError) {
        log.info('superseded execution ends', { hireId: event.hireId, executionName: event.executionName });
      }
      if (!(err instanceof StageConflictError) || attempt >= 3) throw err;
    }
  }
  log.info('hire queued for provisioning', { hireId: event.hireId });
  return { queued: true };
}

async function queueOnce(
  deps: RequestWorkspaceDeps,
  event: RequestWorkspaceEvent,
  now: string,
): Promise<void> {
  // Every write is conditional on being the hire's current execution (ExecutionSupersededError otherwise).
  const current = event.executionName ? { expectExecutionName: event.executionName } : {};
  try {
    await deps.hires.move(event.hireId, {
      to: 'QUEUED',
      from: ['RECEIVED'],
      set: { taskToken: event.taskToken, queuedAt: now },
      work: { queue: 'QUEUED', dueAt: now },
      event: { type: 'queued' },
      ...current,
    });
    return;
  } catch (err) {
    if (!(err instanceof StageConflictError) || !err.actual) throw err;
    const stage = err.actual;
    if (INVITED_ALREADY.includes(stage)) throw new HireAlreadyInvitedError(event.hireId, stage);
    if (stage !== 'QUEUED' && stage !== 'PROVISIONING') throw err;
  }
  const view = await deps.hires.getWithIndexes(event.hireId);
  const stage = view?.hire.stage;
  if (stage !== 'QUEUED' && stage !== 'PROVISIONING') {
    throw new StageConflictError({
      hireId: event.hireId,
      expected: ['QUEUED', 'PROVISIONING'],
      actual: stage,
    });
  }
  // A retried task entry carries a new token: the provisioner must resume the one Step Functions waits on.
  await deps.hires.update(event.hireId, {
    stage,
    set: { taskToken: event.taskToken },
    ...(view?.work ? {} : { work: { queue: stage, dueAt: now } }),
    ...current,
  });
  if (!view?.work) log.warn('hire put back on the provisioner queue', { hireId: event.hireId, stage });
}
