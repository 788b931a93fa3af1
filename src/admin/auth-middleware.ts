import type { MiddlewareObj } from '@middy/core';
import { createError } from '@middy/util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DepsContext } from '../kernel/http/deps';
import { header } from '../kernel/http/responses';
import { log } from '../kernel/log';
import type { Actor } from './deps';
import { type AdminToken, matchBearer } from './tokens';

/** An admin API request: on AWS, API Gateway's IAM authorizer puts the verified caller here. */
export type AdminEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { iam?: { userArn?: string | null } } };
};

/** Who asked, for the history of every hire the request changes. */
export type AdminContext<D> = DepsContext<D> & { by: Actor };

/** The IAM principal API Gateway verified, else the name of a matching bearer token, else nobody. */
export async function identify(
  event: AdminEvent,
  tokens: () => Promise<AdminToken[]>,
): Promise<Actor | undefined> {
  const arn = event.requestContext?.authorizer?.iam?.userArn;
  if (arn) return arn;
  const authorization = header(event, 'authorization');
  if (!authorization) return undefined;
  const token = matchBearer(authorization, await tokens());
  return token ? `token:${token.name}` : undefined;
}

/**
 * Every admin route is signed: on AWS the IAM authorizer rejects unsigned requests before the function, and
 * the caller's ARN arrives in the event; without IAM in front (the local cloud) `Authorization: Bearer
 * <token>` names one of the admin tokens instead. Nobody else gets past this middleware (401).
 */
export function adminAuth<D extends { tokens: () => Promise<AdminToken[]> }>(): MiddlewareObj<
  AdminEvent,
  unknown,
  Error,
  AdminContext<D>
> {
  return {
    name: 'adminAuth',
    async before(request) {
      const by = await identify(request.event, request.context.deps.tokens);
      if (!by) {
        log.warn('admin request rejected', { route: request.event.routeKey, reason: 'no identity' });
        throw createError(401, 'sign the request (IAM, SigV4) or send Authorization: Bearer <admin token>');
      }
      request.context.by = by;
    },
  };
}
