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
import type { Workflows } from '../../kernel/workflows';

/** `arn:aws:states:<region>:<account>:stateMachine:<machine>` → the ARN of its execution `name`. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

let sharedClient: SFNClient | undefined;

const isGoneTask = (err: unknown) =>
  err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken;

export function createWorkflows(deps: { stateMachineArn: string; client?: SFNClient }): Workflows {
  sharedClient ??= new SFNClient({ maxAttempts: 5 });
  const client = deps.client ?? sharedClient;
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
