/** The onboarding workflow port (src/provisioning/adapters/stepfunctions.ts implements it on Step Functions). */
/** Starting onboarding executions and resuming their paused tasks. */
export interface Workflows {
  /**
   * Idempotent: the same name and input start one execution; an existing one is fine. Throws
   * `WorkflowThrottledError` when Step Functions still throttles the start after the SDK's retries.
   */
  start(name: string, input: unknown): Promise<{ started: boolean }>;
  /** False when the task is gone (finished, timed out, or the token replaced): nothing left to resume. */
  resume(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
  /** Stops the named execution; false when there is none (never started). A finished one stays as it was. */
  stop(name: string, error: string, cause: string): Promise<boolean>;
  /** Status, input, and the error and cause of an execution that did not succeed; undefined when unknown. */
  describe(executionArn: string): Promise<ExecutionDescription | undefined>;
  /** The same for this state machine's execution `name`. */
  describeNamed(name: string): Promise<ExecutionDescription | undefined>;
}

export interface ExecutionDescription {
  status: string;
  input?: string;
  error?: string;
  cause?: string;
}
