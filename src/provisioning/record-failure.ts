import { alertAdmins } from '../kernel/alerts/alert-admins';
import { renderAlertEmail } from '../kernel/alerts/alert-email';
import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import { adminEmailContext } from '../kernel/email/context';
import type { Mailer } from '../kernel/email/mailer';
import { ExecutionSupersededError, StageConflictError } from '../kernel/errors';
import { isFinalStage } from '../kernel/hire/stages';
import { funnel } from '../kernel/metrics';
import type { HireStore } from '../kernel/table/hires';

/** The workflow's one failure route: mark the hire FAILED (once) and tell the admins (once). */
export interface RecordFailureDeps {
  hires: Pick<HireStore, 'get' | 'require' | 'move'>;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured. */
  chat?: ChatNotifier;
  config: OnboardingConfig;
  clock: Clock;
}

export interface FailureInput {
  hireId: string;
  error?: string;
  cause?: string;
  /** The failing execution (`$$.Execution.Name`): one that is no longer the hire's current one is ignored. */
  executionName?: string;
}

export async function recordFailure(
  deps: RecordFailureDeps,
  input: FailureInput,
): Promise<{ alerted: boolean }> {
  const error = input.error || 'Unknown';
  const cause = readableCause(input.cause);
  let hire = await deps.hires.require(input.hireId);
  if (isFinalStage(hire.stage)) return { alerted: false };
  // An execution HR's reschedule replaced (its task timed out, say): the hire's own execution carries on.
  if (input.executionName && input.executionName !== hire.executionName) return { alerted: false };
  if (hire.stage !== 'FAILED') {
    try {
      hire = await deps.hires.move(hire.hireId, {
        to: 'FAILED',
        set: {
          failureCount: (hire.failureCount ?? 0) + 1,
          lastError: { error, cause, at: deps.clock.now().toISOString() },
        },
        work: null,
        event: { type: 'failed', detail: { error, cause } },
        ...(input.executionName ? { expectExecutionName: input.executionName } : {}),
      });
      funnel.hireFailed();
    } catch (err) {
      if (err instanceof ExecutionSupersededError) return { alerted: false };
      // Cancelled or finished meanwhile: nothing to alert about.
      if (err instanceof StageConflictError && err.actual !== 'FAILED') return { alerted: false };
      if (!(err instanceof StageConflictError)) throw err;
      hire = await deps.hires.require(input.hireId);
    }
  }
  const email = await renderAlertEmail('alert-failed', adminEmailContext(deps.config), {
    hire: {
      hireId: hire.hireId,
      employeeId: hire.person.employeeId,
      stage: hire.stage,
      userName: hire.person.userName,
    },
    what: error,
    detail: cause,
  });
  const alerted = await alertAdmins(deps, hire.hireId, `alert-failed#${hire.failureCount ?? 1}`, email);
  return { alerted };
}

/** Lambda errors reach Step Functions as JSON ({errorType, errorMessage, trace}); admins need the message. */
export function readableCause(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string; errorType?: string };
    if (parsed && typeof parsed === 'object' && parsed.errorMessage) {
      return parsed.errorType ? `${parsed.errorType}: ${parsed.errorMessage}` : parsed.errorMessage;
    }
  } catch {
    // Not JSON: already readable.
  }
  return cause;
}
