import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Method } from '@middy/http-router';
import type { AdminContext, AdminEvent } from '../../../src/admin/auth-middleware';
import type { Actor } from '../../../src/admin/deps';
import type { AdminToken } from '../../../src/admin/tokens';
import { resolveHireRef } from '../../../src/intake/hire-lookup';
import type { AcceptHireDeps } from '../../../src/intake/ports';
import { MIDDY_OPTIONS } from '../../../src/kernel/http/chains';
import { type BodyRule, httpBody } from '../../../src/kernel/http/http-body';
import { type HttpResult, problem, rawBody } from '../../../src/kernel/http/responses';

/** What the admin API's routes may use; functions/production.ts builds it once per cold start. */
export interface AdminApiDeps extends AcceptHireDeps {
  tokens: () => Promise<AdminToken[]>;
}

/** What a route is given besides the request: the dependencies and who asked (src/admin/auth-middleware.ts). */
export interface AdminCall {
  deps: AdminApiDeps;
  by: Actor;
}

export type RouteHandle = (event: AdminEvent, call: AdminCall) => Promise<HttpResult>;

export interface AdminRoute {
  method: Method;
  path: string;
  /** The route's own logic: tests call it with in-memory fakes. */
  handle: RouteHandle;
  /** What @middy/http-router runs: `handle` behind the route's body rule. */
  handler: MiddyfiedHandler<AdminEvent, HttpResult, Error, AdminContext<AdminApiDeps>>;
}

/** One route of the admin API: its path as in serverless.yml, and the body it takes, if any. */
export function adminRoute(method: Method, path: string, handle: RouteHandle, body?: BodyRule): AdminRoute {
  const chain = middy<AdminEvent, HttpResult, Error, AdminContext<AdminApiDeps>>(MIDDY_OPTIONS)
    .use(body ? [httpBody(body)] : [])
    .handler(async (event, context) => handle(event, { deps: context.deps, by: context.by }));
  return { method, path, handle, handler: chain };
}

/** A JSON action's options: up to 16 KiB, optional. */
export const JSON_ACTION_BODY: BodyRule = {
  type: 'json',
  maxBytes: 16 * 1024,
  optional: true,
  unsupported: 'send Content-Type: application/json',
  tooLarge: 'the body is too large',
};

/**
 * The hire the path's `{employeeId}` names: its hire id as `list` prints it, or an employee id that exactly
 * one hire has (src/intake/hire-lookup.ts); 404 for none, 409 naming the hire ids when several have it.
 */
export function hireIdOf(event: AdminEvent, deps: AdminApiDeps): Promise<string> {
  return resolveHireRef(deps, event.pathParameters?.employeeId ?? '');
}

/** The action's options as a JSON object (`{}` without a body), or the 400 that says it is not one. */
export function jsonObject(event: AdminEvent): { value: Record<string, unknown> } | { problem: HttpResult } {
  const body = rawBody(event);
  if (body.length === 0) return { value: {} };
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { value: value as Record<string, unknown> };
  } catch {
    // Reported below.
  }
  return {
    problem: problem(400, 'Bad Request', 'the body must be a JSON object', {
      errors: [{ field: 'body', message: 'must be a JSON object' }],
    }),
  };
}
