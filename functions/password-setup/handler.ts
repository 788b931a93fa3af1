import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adminEmailContext, hireEmailContext } from '../../src/app/email-context';
import {
  openSetupPage,
  type PasswordSetupDeps,
  type SetupOutcome,
  submitPassword,
} from '../../src/app/password-setup';
import { passwordSetupDeps } from '../../src/app/production';
import type { OnboardingConfig } from '../../src/config/load';
import { renderSetupPage, setupPageContentSecurityPolicy } from '../../src/email/setup-page';
import { type HttpResult, header, rawBody } from '../../src/http/responses';
import { describeError, log } from '../../src/log';

/** GET/POST /setup/{token}: the hosted password page. The password is never logged, stored or echoed. */
export const MAX_FORM_BYTES = 4 * 1024;

interface Deps extends PasswordSetupDeps {
  config: OnboardingConfig;
}

let productionDeps: Deps | undefined;
function deps(): Deps {
  productionDeps ??= passwordSetupDeps();
  return productionDeps;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function page(config: OnboardingConfig, outcome: SetupOutcome): HttpResult {
  const person = outcome.hire?.person;
  const ctx = person ? hireEmailContext(config, person) : adminEmailContext(config);
  const showUser =
    person && (outcome.page === 'form' || outcome.page === 'invalid' || outcome.page === 'done');
  const { status, html } = renderSetupPage(outcome.page, ctx, {
    ...(showUser ? { userName: person.userName } : {}),
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(outcome.newerEmail ? { newerEmail: outcome.newerEmail } : {}),
  });
  return {
    statusCode: outcome.status ?? status,
    headers: { ...PAGE_HEADERS, 'content-security-policy': setupPageContentSecurityPolicy() },
    body: html,
  };
}

function plain(statusCode: number, text: string): HttpResult {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  };
}

export async function handleSetup(event: APIGatewayProxyEventV2, d: Deps): Promise<HttpResult> {
  const token = event.pathParameters?.token ?? '';
  const method = event.requestContext.http.method.toUpperCase();
  if (method === 'GET') return page(d.config, await openSetupPage(d, token));
  if (method !== 'POST') return plain(405, 'Method Not Allowed');
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return plain(415, 'Unsupported Media Type');
  const body = rawBody(event);
  if (body.length > MAX_FORM_BYTES) return plain(413, 'Payload Too Large');
  const form = new URLSearchParams(body.toString('utf8'));
  const outcome = await submitPassword(d, token, {
    password: form.get('password') ?? '',
    confirm: form.get('confirm') ?? '',
  });
  log.info('password setup', { page: outcome.page, hireId: outcome.hire?.hireId, status: outcome.status });
  return page(d.config, outcome);
}

export async function handler(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  try {
    return await handleSetup(event, deps());
  } catch (err) {
    log.error('password setup failed', { error: describeError(err) });
    return plain(500, 'Something went wrong. Nothing was changed; please try again later.');
  }
}
