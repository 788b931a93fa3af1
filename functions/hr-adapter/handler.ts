import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { answerAccepted } from '../../src/intake/accept-answer';
import { acceptVendorHire } from '../../src/intake/accept-vendor-hire';
import { PRESETS } from '../../src/intake/hr/index';
import type { VendorHireDeps } from '../../src/intake/ports';
import type { HrSourceConfig } from '../../src/kernel/config/config';
import { HrApiError, WebhookSignatureError } from '../../src/kernel/errors';
import { httpFunction } from '../../src/kernel/http/chains';
import { WEBHOOK_BODY } from '../../src/kernel/http/http-body';
import { type HttpResult, json, problem, rawBody } from '../../src/kernel/http/responses';
import { log } from '../../src/kernel/log';
import { hrAdapterDeps } from '../production';

/**
 * POST /webhooks/{source}: an HR system's own webhook format, through its preset (src/hr). The vendor's
 * signature first, nothing read or written before; then the person (fetched within the vendor's
 * acknowledgement deadline), mapped, and the path of /webhooks/hr with the same answers. A vendor API that
 * fails or is too slow is answered 503, one that gives another employee's record 502: the vendors retry both.
 */
export interface AdapterDeps extends VendorHireDeps {
  sourceSecrets: (source: HrSourceConfig) => Promise<string[]>;
}

export async function handleAdapter(event: APIGatewayProxyEventV2, d: AdapterDeps): Promise<HttpResult> {
  const name = event.pathParameters?.source ?? '';
  const source = d.config.sources.find((s) => s.name === name);
  if (!source) return problem(404, 'Not Found', 'no HR source of that name is configured');
  const preset = PRESETS[source.preset];
  const body = rawBody(event);
  if (preset.isPing?.(body)) return json(200, { ignored: 'ping' });
  try {
    preset.verify({
      headers: event.headers ?? {},
      query: event.queryStringParameters ?? {},
      rawBody: body,
      secrets: await d.sourceSecrets(source),
      nowMs: d.clock.nowMs(),
    });
  } catch (err) {
    if (err instanceof WebhookSignatureError && err.reason !== 'bad-secret-config') {
      log.warn('webhook rejected', { source: source.name, reason: err.reason });
      return problem(401, 'Unauthorized', `missing, invalid or stale ${preset.label} signature`);
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
  const notice = preset.read(parsed);
  if (notice.kind === 'ignore') {
    log.info('event ignored', { source: source.name, type: notice.event });
    return json(200, { ignored: notice.event });
  }
  try {
    const result = await acceptVendorHire(d, { source, notice, rawBody: body });
    if (result.outcome === 'mismatched') {
      return problem(
        502,
        'Bad Gateway',
        `${preset.label} API answered with the record of another employee; nothing was stored, try again later`,
      );
    }
    if (result.outcome === 'unmapped') {
      return problem(400, 'Bad Request', `the ${preset.label} record lacks fields a hire needs`, {
        errors: result.errors,
      });
    }
    return answerAccepted(result, { source: source.name });
  } catch (err) {
    if (!(err instanceof HrApiError)) throw err;
    log.warn('hr api failed', { source: source.name, status: err.status, error: err.message });
    return problem(
      503,
      'Service Unavailable',
      `${preset.label} API did not give the person; try again later`,
    );
  }
}

export const adapterFunction = (deps: () => AdapterDeps) =>
  httpFunction(handleAdapter, {
    deps,
    failure: 'try again later',
    body: WEBHOOK_BODY,
  });

export const handler = adapterFunction(hrAdapterDeps);
