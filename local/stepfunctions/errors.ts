/** An API error as Step Functions returns it: HTTP 400 `{"__type": name, "message": ...}`. */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * An error raised inside a state. The engine matches Retry/Catch on `name` and reports `message` as the
 * Cause, so these two carry the Step Functions Error and Cause.
 */
export class StatesError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** An error no Retry or Catch sees, as AWS treats States.DataLimitExceeded: the execution fails. */
export class TerminalStatesError extends StatesError {
  // aws-local-stepfunctions reads these two before matching Retry and Catch.
  readonly isRetryable = false;
  readonly isCatchable = false;
}
