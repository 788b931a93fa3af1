/**
 * Errors as AWS's awsJson1_1 services send them: HTTP 400 (or 5xx) with `{"__type","message"}`.
 * Directory Service models its message member as `Message`, WorkSpaces as `message`; the SDK reads both,
 * but the CLI shows whichever it finds, so each service answers in its own spelling.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** Directory Service Data's `Reason` member (AccessDeniedException, ValidationException, ...). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const throttlingError = () => new AwsError('ThrottlingException', 'Rate exceeded');

// 500 is in the SDK's TRANSIENT_ERROR_STATUS_CODES, so the default retry strategy retries it.
export const internalServerError = () =>
  new AwsError('InternalServerException', 'We encountered an internal error. Please try again.', 500);

export const invalidParameter = (message: string) => new AwsError('InvalidParameterValuesException', message);

/** Misuse of the control API (unknown directory, WorkSpace not ready, ...); carries its HTTP status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
