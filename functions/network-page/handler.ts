import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpFunction } from '../../src/kernel/http/chains';
import { type HttpResult, header } from '../../src/kernel/http/responses';
import { log } from '../../src/kernel/log';
import { NETWORK_PAGE_POLICY, renderNetworkPage } from '../../src/network/emails/network-page-html';
import { type NetworkPageDeps, networkPage } from '../../src/network/network-page';
import { networkPageDeps } from '../production';

/**
 * GET /network/{region}?protocol=WSP|PCOIP&lang=en|ja: the Region's firewall allowlist, as a page for the
 * new hire's IT or network team. The same for everyone (no personal data), so caches may keep it a while.
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'public, max-age=900',
  vary: 'accept-language',
};

export async function handleNetworkPage(
  event: APIGatewayProxyEventV2,
  d: NetworkPageDeps,
): Promise<HttpResult> {
  const query = event.queryStringParameters ?? {};
  const { ctx, view } = await networkPage(d, {
    region: event.pathParameters?.region ?? '',
    protocol: query.protocol,
    lang: query.lang,
    acceptLanguage: header(event, 'accept-language'),
  });
  const { status, html } = await renderNetworkPage(ctx, view);
  log.info('network page', { view: view.kind, status, locale: ctx.locale });
  return {
    statusCode: status,
    headers: PAGE_HEADERS,
    body: html,
  };
}

export const networkPageFunction = (deps: () => NetworkPageDeps) =>
  httpFunction(handleNetworkPage, {
    deps,
    failure: 'The allowlist cannot be shown right now; please try again later.',
    render: (status, title, detail) => ({
      statusCode: status,
      headers: { ...PAGE_HEADERS, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' },
      body: status >= 500 ? detail : title,
    }),
    page: NETWORK_PAGE_POLICY,
  });

export const handler = networkPageFunction(networkPageDeps);
