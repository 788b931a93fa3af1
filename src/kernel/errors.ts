/**
 * Every named error of the product, in one module. The domain throws these; adapters translate SDK errors
 * into them (`ConditionalCheckFailedException` → `StageConflictError` or `DuplicateError`), and only the
 * edge (a handler) maps them to HTTP status codes.
 *
 * Each class names itself with a string literal, never with its class name: the Lambda bundles are minified,
 * and a thrown error's `name` is the `errorType` Step Functions matches in Retry and Catch and the `what` an
 * admin alert shows. The names are a contract (workflows/*.asl.json, alerts): never rename one.
 */
import type { AdminAction, Stage } from './hire/names';

/** One problem of a wave file: its line, the column when it is in one, and what is wrong. */
export interface WaveProblem {
  line: number;
  /** The column's header name, when the problem is in one column. */
  column?: string;
  message: string;
  /** The row is valid alone but clashes: the same employee or account twice, or a name another hire holds. */
  conflict?: true;
}

/** One invalid input field, e.g. `{ field: 'data.email', message: 'must be an email address' }`. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorOptions {
  cause?: unknown;
}

/** Base class: keeps `cause`; each subclass sets `name` to a literal (see above). */
export abstract class DomainError extends Error {
  abstract override readonly name: string;
}

/** Input that breaks the public contract; `errors` lists every bad field at once. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly errors: FieldError[];
  constructor(errors: FieldError[], options?: ErrorOptions) {
    super(`invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, options);
    this.errors = errors;
  }
}

export class HireNotFoundError extends DomainError {
  override readonly name = 'HireNotFoundError';
  readonly hireId: string;
  constructor(hireId: string, options?: ErrorOptions) {
    super(`hire ${hireId} not found`, options);
    this.hireId = hireId;
  }
}

/** An admin named a hire by an employee id that several hires (of different sources) have. */
export class AmbiguousHireError extends DomainError {
  override readonly name = 'AmbiguousHireError';
  readonly ref: string;
  readonly hireIds: string[];
  constructor(ref: string, hireIds: string[], options?: ErrorOptions) {
    super(
      `${ref} is the employee id of ${hireIds.length} hires: name one by its hire id (${hireIds.join(', ')})`,
      options,
    );
    this.ref = ref;
    this.hireIds = hireIds;
  }
}

/** A conditional write found the hire in another stage than expected (a race or a retry). */
export class StageConflictError extends DomainError {
  override readonly name = 'StageConflictError';
  readonly hireId: string;
  readonly expected: readonly Stage[];
  readonly actual: Stage | undefined;
  constructor(
    args: { hireId: string; expected: readonly Stage[]; actual?: Stage | undefined },
    options?: ErrorOptions,
  ) {
    super(
      `hire ${args.hireId} is in stage ${args.actual ?? '(unknown)'}, expected ${args.expected.join(' or ')}`,
      options,
    );
    this.hireId = args.hireId;
    this.expected = args.expected;
    this.actual = args.actual;
  }
}

/** The hire changed since it was read (another admin or step was quicker); read it again and decide. */
export class VersionConflictError extends DomainError {
  override readonly name = 'VersionConflictError';
  readonly hireId: string;
  readonly expected: number;
  readonly actual: number;
  constructor(args: { hireId: string; expected: number; actual: number }, options?: ErrorOptions) {
    super(
      `hire ${args.hireId} changed meanwhile (version ${args.actual}, expected ${args.expected})`,
      options,
    );
    this.hireId = args.hireId;
    this.expected = args.expected;
    this.actual = args.actual;
  }
}

/** The stage table forbids this move, whatever the stored stage is. */
export class InvalidTransitionError extends DomainError {
  override readonly name = 'InvalidTransitionError';
  readonly from: Stage;
  readonly to: Stage;
  readonly hireId: string | undefined;
  constructor(args: { from: Stage; to: Stage; hireId?: string }, options?: ErrorOptions) {
    super(`cannot move ${args.hireId ? `hire ${args.hireId} ` : ''}from ${args.from} to ${args.to}`, options);
    this.from = args.from;
    this.to = args.to;
    this.hireId = args.hireId;
  }
}

/** Something keyed (a webhook id, an email ledger entry, a hire) was already recorded. */
export class DuplicateError extends DomainError {
  override readonly name = 'DuplicateError';
  readonly key: string;
  constructor(key: string, message = `duplicate: ${key}`, options?: ErrorOptions) {
    super(message, options);
    this.key = key;
  }
}

export type WebhookSignatureFailure =
  | 'missing-headers'
  | 'bad-timestamp'
  | 'stale'
  | 'bad-signature'
  | 'bad-secret-config';

/** Webhook rejected before anything is written. `bad-secret-config` is ours (500), the rest the sender's (401). */
export class WebhookSignatureError extends DomainError {
  override readonly name = 'WebhookSignatureError';
  readonly reason: WebhookSignatureFailure;
  constructor(reason: WebhookSignatureFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * An HR system's API did not give the person a notification named (unreachable, refused our credentials,
 * too slow for the vendor's acknowledgement deadline): the webhook answers 503 and the vendor retries.
 */
export class HrApiError extends DomainError {
  override readonly name = 'HrApiError';
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** The product configuration is unusable; the message names every bad field. */
export class ConfigError extends DomainError {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[], options?: ErrorOptions) {
    super(`invalid onboarding configuration:\n  ${problems.join('\n  ')}`, options);
    this.problems = problems;
  }
}

/** Another attempt holds the claim on an email right now, or SES refused it; the workflow retries this name. */
export class TransientError extends DomainError {
  override readonly name: string = 'TransientError';
}

/**
 * Another attempt holds the email's send-once claim (it may have died holding it, e.g. stopped at its
 * timeout). The claim is taken over once stale, after five minutes, so the workflow tries again every
 * minute for longer than that (workflows/onboarding.asl.json), where TransientError's jittered backoff
 * could give up first.
 */
export class EmailInProgressError extends TransientError {
  override readonly name = 'EmailInProgressError';
}

/** The directory refused this password (its own policy: history, the user's name in it, ...). */
export class PasswordRejectedError extends DomainError {
  override readonly name = 'PasswordRejectedError';
}

/**
 * The directory answered the password reset with a refusal (unknown user or directory, unsupported type,
 * directory not active): nothing changed.
 */
export class DirectoryUnavailableError extends DomainError {
  override readonly name = 'DirectoryUnavailableError';
}

/**
 * The directory gave no answer to a password reset (the call was given up, the connection failed, or a
 * server error): the password may or may not be set, so nobody may be told that nothing changed.
 */
export class PasswordResetUnconfirmedError extends DomainError {
  override readonly name = 'PasswordResetUnconfirmedError';
}

/**
 * Directory Service Data refused or failed a call about a directory user. `awsError` is AWS's error name
 * (AccessDeniedException, ValidationException, ThrottlingException, ...); `retryable`: the same call may
 * succeed later (throttling, a server error, no answer), so nothing is known to have changed.
 */
export class DirectoryUserError extends DomainError {
  override readonly name = 'DirectoryUserError';
  constructor(
    message: string,
    readonly awsError: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** CreateUser answered ConflictException: the user name is taken, or the client token came with other values. */
export class DirectoryUserConflictError extends DomainError {
  override readonly name = 'DirectoryUserConflictError';
}

/** SNS refused or did not take an alert for the chat channels (the email alert is unaffected). */
export class ChatPublishError extends DomainError {
  override readonly name = 'ChatPublishError';
}

/** The hire's directory is not registered with WorkSpaces (no registration code to send). */
export class DirectoryNotFoundError extends DomainError {
  override readonly name = 'DirectoryNotFoundError';
}

/** A `cursor` that no page returned (edited or truncated by the caller). */
export class InvalidCursorError extends DomainError {
  override readonly name = 'InvalidCursorError';
}

/** The action is not possible in the hire's current stage; `stage` names it. */
export class ActionNotAllowedError extends DomainError {
  override readonly name = 'ActionNotAllowedError';
  readonly action: AdminAction;
  readonly hireId: string;
  readonly stage: Stage;
  constructor(
    args: { action: AdminAction; hireId: string; stage: Stage; reason: string },
    options?: ErrorOptions,
  ) {
    super(`cannot ${args.action} hire ${args.hireId} in stage ${args.stage}: ${args.reason}`, options);
    this.action = args.action;
    this.hireId = args.hireId;
    this.stage = args.stage;
  }
}

/** The wave file has problems (every one listed) and nothing was imported. */
export class WaveInvalidError extends DomainError {
  override readonly name = 'WaveInvalidError';
  readonly problems: WaveProblem[];
  readonly total: number;
  constructor(problems: WaveProblem[], total: number) {
    const lines = new Set(problems.map((p) => p.line)).size;
    super(`${problems.length} problem(s) on ${lines} line(s) of ${total} row(s): nothing was imported`);
    this.problems = problems;
    this.total = total;
  }
}

/** The data given cannot make a correct email (for example a hosted setup without its link). */
export class EmailDataError extends Error {
  override readonly name = 'EmailDataError';
}

/** A message of the catalog is malformed or misses an argument. */
export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
}

/** The file is not ip-ranges.json (or not the shape AWS publishes). */
export class IpRangesFormatError extends DomainError {
  override readonly name = 'IpRangesFormatError';
}

/** The Region has no WorkSpaces gateways in this ip-ranges.json: a typo, or not a WorkSpaces Region. */
export class UnknownWorkspacesRegionError extends DomainError {
  override readonly name = 'UnknownWorkspacesRegionError';
  readonly region: string;
  /** The Regions ip-ranges.json lists WorkSpaces gateways for. */
  readonly known: string[];
  constructor(region: string, known: string[]) {
    super(
      `ip-ranges.json lists no WORKSPACES_GATEWAYS for ${region}; WorkSpaces Regions in it: ${known.join(', ') || 'none'}`,
    );
    this.region = region;
    this.known = known;
  }
}

/** An EventBridge event that is not the SES bounce or complaint record this product subscribed to. */
export class SesEventError extends DomainError {
  override readonly name = 'SesEventError';
}

/** An EventBridge event that is not a Step Functions execution status change of our state machine. */
export class ExecutionEventError extends DomainError {
  override readonly name = 'ExecutionEventError';
}

/** WorkSpaces refused to tag a WorkSpace (gone, or it has the 50 tags a resource may carry). */
export class WorkspaceTagsError extends DomainError {
  override readonly name = 'WorkspaceTagsError';
}

/**
 * A workflow execution that is no longer the hire's current one (HR moved the start date, an admin's retry
 * runs `<name>-r<n>`) tried to act for the hire. The workflow catches this name and ends quietly.
 */
export class ExecutionSupersededError extends DomainError {
  override readonly name = 'ExecutionSupersededError';
  readonly hireId: string;
  readonly executionName: string;
  constructor(args: { hireId: string; executionName: string; current?: string }, options?: ErrorOptions) {
    super(
      `execution ${args.executionName} no longer acts for hire ${args.hireId}${args.current ? ` (current: ${args.current})` : ''}`,
      options,
    );
    this.hireId = args.hireId;
    this.executionName = args.executionName;
  }
}

/**
 * RequestWorkspace ran for a hire that was invited already (a replay of its execution after a local
 * restart): the workflow's Catch ends it quietly, nothing is sent again.
 */
export class HireAlreadyInvitedError extends DomainError {
  override readonly name = 'HireAlreadyInvitedError';
  readonly hireId: string;
  readonly stage: Stage;
  constructor(hireId: string, stage: Stage) {
    super(`hire ${hireId} is ${stage}: its WorkSpace exists and its invitation went out`);
    this.hireId = hireId;
    this.stage = stage;
  }
}

/**
 * Step Functions refused to start a hire's execution: StartExecution is throttled per account and Region,
 * and was still refused after the SDK's own retries. The hire is stored, so nothing is lost: the sender's
 * retry or the reconciler starts it under the same name. The HTTP edge answers 503 with Retry-After.
 */
export class WorkflowThrottledError extends DomainError {
  override readonly name = 'WorkflowThrottledError';
  readonly executionName: string;
  constructor(executionName: string, options?: ErrorOptions) {
    super(`Step Functions throttled the start of execution ${executionName}`, options);
    this.executionName = executionName;
  }
}

/**
 * SES refused an email for the account's sending rate ("Maximum sending rate exceeded"), or the shared pace
 * found no free second in time. Nothing went out; a later attempt sends it. Never a failure of the hire.
 */
export class SesThrottledError extends DomainError {
  override readonly name = 'SesThrottledError';
}

/**
 * The account's 24-hour sending quota is used up ("Daily message quota exceeded"): the email waits until
 * the quota allows it again (`retryAt`). Never a failure of the hire.
 */
export class SesQuotaExceededError extends DomainError {
  override readonly name = 'SesQuotaExceededError';
  /** When to try again. */
  readonly retryAt: Date;
  constructor(message: string, retryAt: Date, options?: ErrorOptions) {
    super(message, options);
    this.retryAt = retryAt;
  }
}
