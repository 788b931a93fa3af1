import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createWorkflows } from '../../src/adapters/stepfunctions';
import { webhookSecrets } from '../../src/adapters/webhook-secrets';
import { createWorkspacesApi } from '../../src/adapters/workspaces';
import { type AcceptHireDeps, acceptHire } from '../../src/app/accept-hire';
import { requiredEnv } from '../../src/app/env';
import { productionMailer, productionStore } from '../../src/app/production';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config/load';
import { WebhookSignatureError } from '../../src/domain/errors';
import { type HttpResult, header, isJsonContentType, json, problem, rawBody } from '../../src/http/responses';
import { describeError, log } from '../../src/log';
import { verifyWebhook } from '../../src/webhooks/standard-webhooks';

/** POST /webhooks/hr: Standard Webhooks signature first, then the body; nothing is written before. */
export const MAX_BODY_BYTES = 64 * 1024;
// WorkSpaces calls here are rare (an HR change re-invites, a cancel looks at the WorkSpace): a small share
// of the account's budget, so the provisioner is never starved.
const WEBHOOK_WORKSPACES_BUDGET = { ratePerSecond: 1, burst: 2 };

interface Deps extends AcceptHireDeps {
  secrets: () => Promise<string[]>;
}

let productionDeps: Deps | undefined;
function deps(): Deps {
  productionDeps ??= (() => {
    const config = loadConfig();
    const store = productionStore();
    return {
      config,
      clock: systemClock,
      store,
      workflows: createWorkflows({ stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
      mailer: productionMailer(config, store),
      workspaces: createWorkspacesApi({ budget: WEBHOOK_WORKSPACES_BUDGET }),
      publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
      secrets: () => webhookSecrets(),
    };
  })();
  return productionDeps;
}

export async function handleWebhook(event: APIGatewayProxyEventV2, d: Deps): Promise<HttpResult> {
  if (!isJsonContentType(header(event, 'content-type'))) {
    return problem(415, 'Unsupported Media Type', 'send Content-Type: application/json');
  }
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES) {
    return problem(413, 'Payload Too Large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  }
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
  switch (result.outcome) {
    case 'accepted':
      log.info('hire accepted', { hireId: result.hireId, webhookId });
      return json(202, { hireId: result.hireId, stage: result.stage });
    case 'known':
    case 'updated':
      log.info(result.outcome === 'known' ? 'hire already known' : 'hire updated', {
        hireId: result.hireId,
        webhookId,
        changed: result.changed,
      });
      return json(200, { hireId: result.hireId, stage: result.stage, changed: result.changed });
    case 'cancelled':
      return json(200, {
        hireId: result.hireId,
        stage: result.stage,
        ...(result.workspace ? { workspace: result.workspace } : {}),
      });
    case 'ignored':
      log.info('event ignored', { type: result.type, reason: result.reason, webhookId });
      return json(200, { ignored: result.type, ...(result.reason ? { reason: result.reason } : {}) });
    case 'invalid':
      return problem(400, 'Bad Request', 'the hire has invalid fields', { errors: result.errors });
    case 'conflict':
      log.warn('hire refused', {
        hireId: result.hireId,
        webhookId,
        fields: result.errors?.map((e) => e.field),
      });
      return problem(409, 'Conflict', result.detail, {
        ...(result.errors ? { errors: result.errors } : {}),
        ...(result.stage ? { stage: result.stage } : {}),
      });
    case 'replayed':
      log.warn('webhook rejected', { reason: 'replayed', webhookId });
      return problem(401, 'Unauthorized', 'missing, invalid, stale or replayed webhook signature');
  }
}

export async function handler(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  try {
    return await handleWebhook(event, deps());
  } catch (err) {
    log.error('webhook failed', { error: describeError(err) });
    // 5xx makes the sender retry later; every step above is safe to repeat.
    return problem(500, 'Internal Server Error', 'try again later');
  }
}
