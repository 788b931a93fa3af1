import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { OnboardingConfig } from '../../src/kernel/config/load';
import { adminEmailContext, hireEmailContext } from '../../src/kernel/email/context';
import { httpFunction } from '../../src/kernel/http/chains';
import { type HttpResult, rawBody } from '../../src/kernel/http/responses';
import { log } from '../../src/kernel/log';
import { renderSetupPage, SETUP_PAGE_POLICY } from '../../src/tracking/emails/setup-page';
import {
  openSetupPage,
  type PasswordSetupDeps,
  type SetupOutcome,
  submitPassword,
} from '../../src/tracking/password-setup';
import { passwordSetupDeps } from '../production';

/**
 * GET/POST /setup/{token}: the hosted password page. The password is never logged, stored or echoed. A
 * person reads these answers, so every one is a page or plain text, errors included (no problem+json).
 */
export const MAX_FORM_BYTES = 4 * 1024;

export interface SetupDeps extends PasswordSetupDeps {
  config: OnboardingConfig;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
};

async function page(config: OnboardingConfig, outcome: SetupOutcome): Promise<HttpResult> {
  const person = outcome.hire?.person;
  const ctx = outcome.hire
    ? hireEmailContext(config, { ...outcome.hire.person, directoryId: outcome.hire.directoryId })
    : adminEmailContext(config);
  const showUser =
    person && (outcome.page === 'form' || outcome.page === 'invalid' || outcome.page === 'done');
  const { status, html } = await renderSetupPage(outcome.page, ctx, {
    ...(showUser ? { userName: person.userName } : {}),
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(outcome.newerEmail ? { newerEmail: outcome.newerEmail } : {}),
    ...(outcome.signIn ? { signIn: outcome.signIn } : {}),
  });
  return {
    statusCode: outcome.status ?? status,
    headers: PAGE_HEADERS,
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

export async function handleSetup(
  event: APIGatewayProxyEventV2,
  d: SetupDeps,
  context?: Partial<Pick<Context, 'getRemainingTimeInMillis'>>,
): Promise<HttpResult> {
  const token = event.pathParameters?.token ?? '';
  const method = event.requestContext.http.method.toUpperCase();
  if (method === 'GET') return page(d.config, await openSetupPage(d, token));
  if (method !== 'POST') return plain(405, 'Method Not Allowed');
  const form = new URLSearchParams(rawBody(event).toString('utf8'));
  const timeLeftMs = context?.getRemainingTimeInMillis?.bind(context);
  const outcome = await submitPassword(
    d,
    token,
    { password: form.get('password') ?? '', confirm: form.get('confirm') ?? '' },
    timeLeftMs ? { timeLeftMs } : {},
  );
  log.info('password setup', { page: outcome.page, hireId: outcome.hire?.hireId, status: outcome.status });
  return page(d.config, outcome);
}

/** Builds the function's chain around `deps` (tests pass in-memory fakes). */
export const setupFunction = (deps: () => SetupDeps) =>
  httpFunction(handleSetup, {
    deps,
    failure: 'Something went wrong. Nothing was changed; please try again later.',
    // The status line's words for a refused request, the failure text for an error of ours.
    render: (status, title, detail) => plain(status, status >= 500 ? detail : title),
    page: SETUP_PAGE_POLICY,
    body: {
      type: 'application/x-www-form-urlencoded',
      maxBytes: MAX_FORM_BYTES,
      methods: ['POST'],
      unsupported: 'Unsupported Media Type',
      tooLarge: 'Payload Too Large',
    },
  });

export const handler = setupFunction(passwordSetupDeps);
