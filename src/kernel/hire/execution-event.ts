/**
 * "Step Functions Execution Status Change" events as EventBridge delivers them (source `aws.states`). The
 * detail names the execution (ARN, name, state machine), its status and, when it fits in the event, its
 * input; it has no error or cause (DescribeExecution has them). Our executions' input holds the hireId.
 */
import { ExecutionEventError } from '../errors';

export const STATES_EVENT_SOURCE = 'aws.states';
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';
/** The ends that skip the workflow's own Catch: execution-level failures, timeouts and stops. */
export const UNSUCCESSFUL_ENDS = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type UnsuccessfulEnd = (typeof UNSUCCESSFUL_ENDS)[number];
/**
 * The Error of the onboarding workflow's own Fail state (workflows/onboarding.asl.json): it comes after
 * RecordFailure, so the hire is FAILED and the admins were told already.
 */
export const WORKFLOW_FAILED_ERROR = 'OnboardingFailed';

export interface ExecutionStatusChange {
  executionArn: string;
  stateMachineArn: string;
  /** The execution name: a hire's current one is `hire.executionName`. */
  name: string;
  status: string;
  /** From the input; absent when the input was left out of the event (too big) or names no hire. */
  hireId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseExecutionStatusChange(event: unknown): ExecutionStatusChange {
  if (!isObject(event) || event.source !== STATES_EVENT_SOURCE) {
    throw new ExecutionEventError('not a Step Functions event');
  }
  if (event['detail-type'] !== EXECUTION_STATUS_CHANGE) {
    throw new ExecutionEventError(`not an execution status change: ${JSON.stringify(event['detail-type'])}`);
  }
  const detail = event.detail;
  if (!isObject(detail)) throw new ExecutionEventError('execution status change without detail');
  const text = (key: string) => {
    const value = detail[key];
    if (typeof value !== 'string' || value === '') throw new ExecutionEventError(`detail.${key} is missing`);
    return value;
  };
  const hireId = hireIdOfInput(detail.input);
  return {
    executionArn: text('executionArn'),
    stateMachineArn: text('stateMachineArn'),
    name: text('name'),
    status: text('status'),
    ...(hireId ? { hireId } : {}),
  };
}

export function isUnsuccessfulEnd(status: string): status is UnsuccessfulEnd {
  return (UNSUCCESSFUL_ENDS as readonly string[]).includes(status);
}

/**
 * The input every onboarding execution of a hire is started with. StartExecution is idempotent only for
 * the same name and identical input, so the webhook, a retry and the reconciler all build it here.
 */
export function executionInput(hire: { hireId: string; provisionAt: string }): {
  hireId: string;
  provisionAt: string;
} {
  return { hireId: hire.hireId, provisionAt: hire.provisionAt };
}

/** The hireId in an onboarding execution's input (`{"hireId": ..., "provisionAt": ...}`), if any. */
export function hireIdOfInput(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  try {
    const parsed = JSON.parse(input) as unknown;
    const hireId = isObject(parsed) ? parsed.hireId : undefined;
    return typeof hireId === 'string' && hireId !== '' ? hireId : undefined;
  } catch {
    return undefined;
  }
}
