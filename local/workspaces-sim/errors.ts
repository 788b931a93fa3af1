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

function render(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `'[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

interface Limits {
  min?: number;
  max?: number;
  pattern?: RegExp;
  required?: boolean;
}

/**
 * Collects constraint violations in the wording of AWS's request validation
 * ("1 validation error detected: Value '...' at 'workspaceIds' failed to satisfy constraint: ..."),
 * so clients that match on the message see the same text as against AWS.
 */
export class Validation {
  private readonly problems: string[] = [];

  private fail(value: unknown, path: string, constraint: string): void {
    this.problems.push(`Value ${render(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private missing(value: unknown, path: string, required?: boolean): boolean {
    if (value !== undefined && value !== null) return false;
    if (required)
      this.problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return true;
  }

  list(value: unknown, path: string, limits: Limits): unknown[] | undefined {
    if (this.missing(value, path, limits.required)) return undefined;
    if (!Array.isArray(value)) throw new AwsError('SerializationException', `Expected a list at '${path}'`);
    if (limits.min !== undefined && value.length < limits.min)
      this.fail(value, path, `Member must have length greater than or equal to ${limits.min}`);
    if (limits.max !== undefined && value.length > limits.max)
      this.fail(value, path, `Member must have length less than or equal to ${limits.max}`);
    return value;
  }

  string(value: unknown, path: string, limits: Limits): string | undefined {
    if (this.missing(value, path, limits.required)) return undefined;
    if (typeof value !== 'string')
      throw new AwsError('SerializationException', `Expected a string at '${path}'`);
    if (limits.min !== undefined && value.length < limits.min)
      this.fail(value, path, `Member must have length greater than or equal to ${limits.min}`);
    if (limits.max !== undefined && value.length > limits.max)
      this.fail(value, path, `Member must have length less than or equal to ${limits.max}`);
    if (limits.pattern && !limits.pattern.test(value))
      this.fail(value, path, `Member must satisfy regular expression pattern: ${limits.pattern.source}`);
    return value;
  }

  integer(value: unknown, path: string, limits: Limits): number | undefined {
    if (this.missing(value, path, limits.required)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new AwsError('SerializationException', `Expected an integer at '${path}'`);
    if (limits.min !== undefined && value < limits.min)
      this.fail(value, path, `Member must have value greater than or equal to ${limits.min}`);
    if (limits.max !== undefined && value > limits.max)
      this.fail(value, path, `Member must have value less than or equal to ${limits.max}`);
    return value;
  }

  throwIfAny(): void {
    const n = this.problems.length;
    if (n === 0) return;
    throw new AwsError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${this.problems.join('; ')}`,
    );
  }
}

// Patterns copied from the botocore models (workspaces 2015-04-08, ds 2015-04-16).
export const PATTERNS = {
  workspaceId: /^ws-[0-9a-z]{8,63}$/,
  workspacesDirectoryId: /^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)/,
  bundleId: /^wsb-[0-9a-z]{8,63}$/,
  dsDirectoryId: /^d-[0-9a-f]{10}$/,
};
