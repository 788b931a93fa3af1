/**
 * Named domain errors. The domain throws these; adapters translate SDK errors into them
 * (`ConditionalCheckFailedException` → `StageConflictError` or `DuplicateError`), and only the edge
 * (a handler) maps them to HTTP status codes.
 */
import type { Stage } from './stages';

/** One invalid input field, e.g. `{ field: 'data.email', message: 'must be an email address' }`. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorOptions {
  cause?: unknown;
}

/** Base class: sets `name` to the concrete class name and keeps `cause`. */
export class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks the public contract; `errors` lists every bad field at once. */
export class ValidationError extends DomainError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[], options?: ErrorOptions) {
    super(`invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, options);
    this.errors = errors;
  }
}

export class HireNotFoundError extends DomainError {
  readonly hireId: string;
  constructor(hireId: string, options?: ErrorOptions) {
    super(`hire ${hireId} not found`, options);
    this.hireId = hireId;
  }
}

/** A conditional write found the hire in another stage than expected (a race or a retry). */
export class StageConflictError extends DomainError {
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
  readonly reason: WebhookSignatureFailure;
  constructor(reason: WebhookSignatureFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** The product configuration is unusable; the message names every bad field. */
export class ConfigError extends DomainError {
  readonly problems: string[];
  constructor(problems: string[], options?: ErrorOptions) {
    super(`invalid onboarding configuration:\n  ${problems.join('\n  ')}`, options);
    this.problems = problems;
  }
}
