import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { answerAccepted } from '../../src/intake/accept-answer';
import { acceptHire } from '../../src/intake/accept-hire';
import type { AcceptHireDeps } from '../../src/intake/ports';
import { verifyWebhook } from '../../src/intake/webhooks/standard-webhooks';
import { WebhookSignatureError } from '../../src/kernel/errors';
import { httpFunction } from '../../src/kernel/http/chains';
import { WEBHOOK_BODY, WEBHOOK_MAX_BYTES } from '../../src/kernel/http/http-body';
import { type HttpResult, problem, rawBody } from '../../src/kernel/http/responses';
import { log } from '../../src/kernel/log';
import { hrWebhookDeps } from '../production';

/**
 * POST /webhooks/hr: Standard Webhooks signature first, then the body; nothing is written before. The chain
 * (src/kernel/http/chains.ts) has refused a body that is not JSON (415) or over 64 KiB (413) already, and
 * answers an unexpected error with 500, which makes the sender retry: every step here is safe to repeat.
 */
export const MAX_BODY_BYTES = WEBHOOK_MAX_BYTES;

export interface WebhookDeps extends AcceptHireDeps {
  secrets: () => Promise<string[]>;
}

export async function handleWebhook(event: APIGatewayProxyEventV2, d: WebhookDeps): Promise<HttpResult> {
  const body = rawBody(event);
  let webhookId: string;
  try {
    const verified = verifyWebhook({
      headers: event.headers ?? {},
      rawBody: body,
      secrets: await d.secrets(),
      nowMs: d.clock.nowMs(),
    });
    webhookId = verified.id;
  } catch (err) {
    if (err instanceof WebhookSignatureError && err.reason !== 'bad-secret-config') {
      log.warn('webhook rejected', { reason: err.reason });
      return problem(401, 'Unauthorized', 'missing, invalid, stale or replayed webhook signature');
    }
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return problem(400, 'Bad Request', 'the body is not valid JSON', {
      errors: [{ field: 'body', message: 'must be valid JSON' }],
    });
  }
  const result = await acceptHire(d, { webhookId, rawBody: body, body: parsed });
  return answerAccepted(result, { webhookId });
}

/** Builds the function's chain around `deps` (tests pass in-memory fakes). */
export const webhookFunction = (deps: () => WebhookDeps) =>
  httpFunction(handleWebhook, {
    deps,
    failure: 'try again later',
    body: WEBHOOK_BODY,
  });

export const handler = webhookFunction(hrWebhookDeps);
