import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describeError, log } from '../log';
import { problemFor } from './domain-errors';
import { type HttpResult, problem, STATUS_TITLES } from './responses';

/** How a function writes an error answer: problem+json by default; the setup page answers plain text. */
export type ErrorRender = (status: number, title: string, detail: string) => HttpResult;

const asProblem: ErrorRender = (status, title, detail) => problem(status, title, detail);

interface ExposedHttpError {
  statusCode: number;
  expose?: boolean;
  message: string;
}

/** A refusal of the request itself (middy's HttpError: 413, 415, ...): its message is for the client. */
function isExposed(err: unknown): err is ExposedHttpError {
  const e = err as Partial<ExposedHttpError> | null;
  return typeof e?.statusCode === 'number' && e.statusCode < 500 && e.expose !== false;
}

/**
 * The one error rule of the HTTP edge. A refusal (middy HttpError, below 500) is answered with its status and
 * message; a domain error with the status src/kernel/http/domain-errors.ts gives it; anything else is logged (name,
 * message and causes, never payloads) and answered 500 with `failure` and no detail of the cause. A 5xx tells
 * the sender to try again later: every step behind these routes is safe to repeat.
 */
export function httpErrors(opts: {
  failure: string;
  render?: ErrorRender;
}): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  const render = opts.render ?? asProblem;
  return {
    name: 'httpErrors',
    onError(request) {
      if (request.response !== undefined) return;
      const err = request.error;
      if (isExposed(err)) {
        request.response = render(err.statusCode, STATUS_TITLES[err.statusCode] ?? 'Error', err.message);
        return;
      }
      // Domain errors have problem+json answers; a page (its own render) shows its failure text instead.
      const mapped = render === asProblem ? problemFor(err, request.event) : undefined;
      if (mapped) {
        request.response = mapped;
        return;
      }
      log.error('request failed', { route: request.event.routeKey, error: describeError(err) });
      request.response = render(500, STATUS_TITLES[500]!, opts.failure);
    },
  };
}
