import middy, { type MiddyfiedHandler } from '@middy/core';
import type { AdminContext, AdminEvent } from '../../../src/admin/auth-middleware';
import {
  ADMIN_CONTRACT,
  type AdminContract,
  type AdminRouteName,
  type RouteContract,
  type RouteInput,
  type RouteMethod,
  readRequest,
} from '../../../src/admin/contract';
import type { Actor } from '../../../src/admin/deps';
import type { PreflightDeps } from '../../../src/admin/preflight';
import type { AdminToken } from '../../../src/admin/tokens';
import { resolveHireRef } from '../../../src/intake/hire-lookup';
import type { AcceptHireDeps } from '../../../src/intake/ports';
import { MIDDY_OPTIONS } from '../../../src/kernel/http/chains';
import { type BodyRule, httpBody } from '../../../src/kernel/http/http-body';
import { type HttpResult, problem, rawBody } from '../../../src/kernel/http/responses';
import { isRecord } from '../../../src/kernel/schemas';

/** What the admin API's routes may use; functions/production.ts builds it once per cold start. */
export interface AdminApiDeps
  extends AcceptHireDeps,
    Pick<PreflightDeps, 'preflightAccount' | 'directoryUsers'> {
  tokens: () => Promise<AdminToken[]>;
}

/** What a route is given besides its checked request: the dependencies and who asked (src/admin/auth-middleware.ts). */
export interface AdminCall {
  deps: AdminApiDeps;
  by: Actor;
}

export interface AdminRoute {
  name: AdminRouteName;
  method: RouteMethod;
  path: string;
  /** The request checked against the contract, then the route's own logic: tests call it with in-memory fakes. */
  handle: (event: AdminEvent, call: AdminCall) => Promise<HttpResult>;
  /** What @middy/http-router runs: `handle` behind the route's body rule. */
  handler: MiddyfiedHandler<AdminEvent, HttpResult, Error, AdminContext<AdminApiDeps>>;
}

/** A JSON action's body: up to 16 KiB, optional. */
export const JSON_ACTION_BODY: BodyRule = {
  type: 'json',
  maxBytes: 16 * 1024,
  optional: true,
  unsupported: 'send Content-Type: application/json',
  tooLarge: 'the body is too large',
};

/**
 * One route of the admin API, as src/admin/contract.ts declares it. Its media type and size are checked first
 * (`body`, JSON_ACTION_BODY for a JSON body), then every path parameter, query value and body field: a bad
 * request is answered 400 listing every bad field before `run` (and its use case) sees it.
 */
export function adminRoute<N extends AdminRouteName>(
  name: N,
  run: (input: RouteInput<AdminContract[N]>, call: AdminCall, event: AdminEvent) => Promise<HttpResult>,
  body?: BodyRule,
): AdminRoute {
  const route: RouteContract = ADMIN_CONTRACT[name];
  const rule = body ?? (route.body && route.body !== 'text/csv' ? JSON_ACTION_BODY : undefined);
  const handle = async (event: AdminEvent, call: AdminCall) => {
    const json = route.body && route.body !== 'text/csv' ? jsonBody(event) : undefined;
    const read = readRequest(route, {
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body: json ?? {},
    });
    const errors = [...(read.ok ? [] : read.errors), ...(json === null ? [NOT_AN_OBJECT] : [])];
    if (!read.ok || errors.length) return problem(400, 'Bad Request', 'invalid request', { errors });
    return run(read.input as RouteInput<AdminContract[N]>, call, event);
  };
  const chain = middy<AdminEvent, HttpResult, Error, AdminContext<AdminApiDeps>>(MIDDY_OPTIONS)
    .use(rule ? [httpBody(rule)] : [])
    .handler(async (event, context) => handle(event, { deps: context.deps, by: context.by }));
  return { name, method: route.method, path: route.path, handle, handler: chain };
}

const NOT_AN_OBJECT = { field: 'body', message: 'must be a JSON object' };

/** The JSON body as an object (`{}` when empty), or null when it is not one. */
function jsonBody(event: AdminEvent): Record<string, unknown> | null {
  const body = rawBody(event);
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * The hire the path's `{employeeId}` names: its hire id as `list` prints it, or an employee id that exactly
 * one hire has (src/intake/hire-lookup.ts); 404 for none, 409 naming the hire ids when several have it.
 */
export function hireIdOf(params: { employeeId: string }, deps: AdminApiDeps): Promise<string> {
  return resolveHireRef(deps, params.employeeId);
}
