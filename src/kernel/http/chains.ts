import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { inInvocation } from '../invocation';
import { type DepsContext, injectDeps } from './deps';
import { type BodyRule, httpBody } from './http-body';
import { type ErrorRender, httpErrors } from './http-errors';
import { logContext, publishMetrics } from './observability';
import type { HttpResult } from './responses';
import { type PagePolicy, securityHeaders } from './security-headers';

/**
 * The two middy chains every function of this product is built from (README "How a handler is built").
 * The handler itself stays a plain `handleX(event, deps)` that tests call with in-memory fakes.
 */
export type Handle<E, D, R> = (event: E, deps: D, context: DepsContext<D>) => Promise<R>;

/** A Lambda handler; tests may call it without a context, as middy allows. */
export type LambdaFunction<E, R> = (event: E, context?: Partial<Context>) => Promise<R>;

/**
 * No early timeout: at its timeout Lambda ends the function itself and reports `Sandbox.Timedout`, the name
 * the workflow retries. middy's own `TimeoutError`, 5 ms earlier by default, is a name no Retry matches.
 */
export const MIDDY_OPTIONS = { timeoutEarlyInMillis: 0 } as const;

/**
 * Step Functions tasks, schedules and EventBridge targets: errors are not caught. They reach Lambda, and
 * through it Step Functions, under their own name (README "Error names are a contract").
 */
export function eventFunction<E, D, R>(
  handle: Handle<E, D, R>,
  opts: { deps: () => D },
): LambdaFunction<E, R> {
  const chain = middy<E, R, Error, DepsContext<D>>(MIDDY_OPTIONS)
    .use(logContext())
    .use(publishMetrics())
    .use(injectDeps(opts.deps))
    .handler(async (event, context) => handle(event as E, context.deps, context));
  return invoked(chain as unknown as LambdaFunction<E, R>);
}

/**
 * API Gateway HTTP API routes (payload 2.0): header names in lower case whoever invokes, the dependencies,
 * then `use` (e.g. the admin API's authentication) and the body rule, and every error answered by
 * httpErrors: problem+json (or the page's `render`), never a raw Lambda error. Every answer, errors
 * included, gets the security headers (src/kernel/http/security-headers.ts); a page names what its HTML
 * may do in `page`.
 */
export function httpFunction<D, E extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2>(
  handle: Handle<E, D, HttpResult>,
  opts: {
    deps: () => D;
    /** The detail of a 500: what the client may do, never what went wrong. */
    failure: string;
    render?: ErrorRender;
    page?: PagePolicy;
    // biome-ignore lint/suspicious/noExplicitAny: middlewares of any event and context type fit the chain.
    use?: MiddlewareObj<any, any, Error, any>[];
    body?: BodyRule;
  },
): LambdaFunction<E, HttpResult> {
  const chain = middy<E, HttpResult, Error, DepsContext<D>>(MIDDY_OPTIONS)
    .use(logContext())
    .use(publishMetrics())
    .use(httpHeaderNormalizer())
    // Before httpErrors: middy runs `onError` in reverse, so the error answers get the headers too.
    .use(securityHeaders(opts.page))
    .use(httpErrors({ failure: opts.failure, ...(opts.render ? { render: opts.render } : {}) }))
    .use(injectDeps(opts.deps))
    .use(opts.use ?? [])
    .use(opts.body ? [httpBody(opts.body)] : [])
    .handler(async (event, context) => handle(event as E, context.deps, context));
  return invoked(chain as unknown as LambdaFunction<E, HttpResult>);
}

/** The chain run as its invocation, so code deep inside knows the time left (src/kernel/invocation.ts). */
function invoked<E, R>(chain: LambdaFunction<E, R>): LambdaFunction<E, R> {
  return (event, context) => inInvocation(context, () => chain(event, context));
}
