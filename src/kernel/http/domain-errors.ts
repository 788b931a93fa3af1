import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  ActionNotAllowedError,
  AmbiguousHireError,
  DirectoryNotFoundError,
  HireNotFoundError,
  InvalidCursorError,
  StageConflictError,
  TransientError,
  VersionConflictError,
  WaveInvalidError,
  WorkflowThrottledError,
} from '../errors';
import { type HttpResult, problem } from './responses';

/**
 * Domain errors become HTTP here and only here (src/kernel/http/http-errors.ts calls it for every HTTP
 * function). An error not listed is not the caller's to fix: the middleware answers 500.
 */
export function problemFor(err: unknown, event: APIGatewayProxyEventV2): HttpResult | undefined {
  if (err instanceof HireNotFoundError) {
    const named = event.pathParameters?.employeeId;
    return problem(404, 'Not Found', `no hire with hire id or employee id ${named ?? err.hireId}`);
  }
  if (err instanceof AmbiguousHireError)
    return problem(409, 'Conflict', err.message, { hireIds: err.hireIds });
  if (err instanceof ActionNotAllowedError) {
    return problem(409, 'Conflict', err.message, { stage: err.stage, action: err.action });
  }
  if (err instanceof VersionConflictError) {
    return problem(
      409,
      'Conflict',
      `${err.message}: another admin or step changed it; look again before retrying`,
    );
  }
  if (err instanceof StageConflictError) return problem(409, 'Conflict', err.message, { stage: err.actual });
  if (err instanceof WaveInvalidError) {
    const errors = err.problems.map((p) => ({
      field: p.column ? `line ${p.line}, column ${p.column}` : `line ${p.line}`,
      message: p.message,
      line: p.line,
      ...(p.column ? { column: p.column } : {}),
    }));
    return problem(400, 'Bad Request', err.message, { errors, total: err.total });
  }
  if (err instanceof InvalidCursorError) {
    return problem(400, 'Bad Request', err.message, { errors: [{ field: 'cursor', message: err.message }] });
  }
  if (err instanceof TransientError) {
    return problem(503, 'Service Unavailable', 'another attempt is sending this email; try again shortly');
  }
  if (err instanceof DirectoryNotFoundError) return problem(500, 'Internal Server Error', err.message);
  if (err instanceof WorkflowThrottledError) {
    const answer = problem(
      503,
      'Service Unavailable',
      'received and stored; send it again to have it started',
    );
    return { ...answer, headers: { ...answer.headers, 'retry-after': String(retryAfterSeconds()) } };
  }
  return undefined;
}

/**
 * When to send a refused delivery again: 5 to 15 s, drawn at random so that the retries of a burst arrive
 * spread out as the StartExecution bucket refills (150 a second in Tokyo), not as one burst again.
 */
export function retryAfterSeconds(random: () => number = Math.random): number {
  return RETRY_AFTER_MIN_SECONDS + Math.floor(random() * (RETRY_AFTER_SPREAD_SECONDS + 1));
}
const RETRY_AFTER_MIN_SECONDS = 5;
const RETRY_AFTER_SPREAD_SECONDS = 10;
