import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { WorkflowThrottledError } from '../../kernel/errors';
import type { Workflows } from '../../kernel/workflows';

/** `arn:aws:states:<region>:<account>:stateMachine:<machine>` → the ARN of its execution `name`. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** One client per number of attempts, shared by the workflows of a container. */
const sharedClients = new Map<number, SFNClient>();

/** The SDK's attempts for every call but the webhook's start (its standard retry mode). */
export const DEFAULT_ATTEMPTS = 5;
/**
 * The webhook's start: the SDK waits up to 1 s and then up to 2 s before its two retries of a throttled
 * call (a random delay under a base of 1 s that doubles), so a start still refused is answered 503 within
 * about 3 s, far inside the HTTP API's 30 s and the function's 10 s.
 */
export const ANSWER_START_ATTEMPTS = 3;

/** StartExecution past its bucket (the SFN client has no class for this common error). */
const isThrottled = (err: unknown) => (err as { name?: unknown } | null)?.name === 'ThrottlingException';

const isGoneTask = (err: unknown) =>
  err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken;

export function createWorkflows(deps: {
  stateMachineArn: string;
  client?: SFNClient;
  /** The SDK's attempts per call (default 5): the webhook answers within `ANSWER_START_ATTEMPTS`. */
  maxAttempts?: number;
}): Workflows {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_ATTEMPTS;
  let client = deps.client ?? sharedClients.get(maxAttempts);
  if (!client) {
    client = new SFNClient({ maxAttempts });
    sharedClients.set(maxAttempts, client);
  }
  const workflows: Workflows = {
    async start(name, input) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: deps.stateMachineArn,
            name,
            input: JSON.stringify(input),
          }),
        );
        return { started: true };
      } catch (err) {
        if (err instanceof ExecutionAlreadyExists) return { started: false };
        if (isThrottled(err)) throw new WorkflowThrottledError(name, { cause: err });
        throw err;
      }
    },
    async resume(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return true;
      } catch (err) {
        if (isGoneTask(err)) return false;
        throw err;
      }
    },
    async stop(name, error, cause) {
      try {
        await client.send(
          new StopExecutionCommand({
            executionArn: executionArnFor(deps.stateMachineArn, name),
            error,
            cause: cause.slice(0, 32_000),
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ExecutionDoesNotExist) return false;
        throw err;
      }
    },
    async describe(executionArn) {
      try {
        const out = await client.send(new DescribeExecutionCommand({ executionArn }));
        return {
          status: out.status ?? 'UNKNOWN',
          ...(out.input !== undefined ? { input: out.input } : {}),
          ...(out.error !== undefined ? { error: out.error } : {}),
          ...(out.cause !== undefined ? { cause: out.cause } : {}),
        };
      } catch (err) {
        if (err instanceof ExecutionDoesNotExist) return undefined;
        throw err;
      }
    },
    describeNamed: (name) => workflows.describe(executionArnFor(deps.stateMachineArn, name)),
    async fail(taskToken, error, cause) {
      try {
        await client.send(new SendTaskFailureCommand({ taskToken, error, cause: cause.slice(0, 32_000) }));
        return true;
      } catch (err) {
        if (isGoneTask(err)) return false;
        throw err;
      }
    },
  };
  return workflows;
}
