import { describe, expect, it } from 'vitest';
import { httpFunction } from '../../src/kernel/http/chains';
import { type HttpResult, json } from '../../src/kernel/http/responses';
import type { PagePolicy } from '../../src/kernel/http/security-headers';
import { NETWORK_PAGE_POLICY } from '../../src/network/emails/network-page-html';
import { SETUP_PAGE_POLICY } from '../../src/tracking/emails/setup-page';
import { httpRequest, lambdaContext } from '../support/lambda';

/** The security headers every HTTP function's chain adds (src/kernel/http/security-headers.ts). */
const html = (body = '<p>hi</p>'): HttpResult => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body,
});

const answer = (result: () => Promise<HttpResult>, page?: PagePolicy) =>
  httpFunction(result, {
    deps: () => ({}),
    failure: 'try again later',
    ...(page ? { page } : {}),
  })(httpRequest('GET', '/page'), lambdaContext('page'));

const EVERY_ANSWER = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000',
};

describe('the security headers', () => {
  it('gives the setup page its policy: its own style element, a form posting back, no framing', async () => {
    const res = await answer(async () => html(), SETUP_PAGE_POLICY);
    expect(res.headers).toMatchObject({
      ...EVERY_ANSWER,
      'content-security-policy':
        "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
        `style-src 'sha256-${SETUP_PAGE_POLICY.styleSha256}'`,
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    });
  });

  it('gives the network page no form at all', async () => {
    const res = await answer(async () => html(), NETWORK_PAGE_POLICY);
    expect(res.headers?.['content-security-policy']).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
        `style-src 'sha256-${NETWORK_PAGE_POLICY.styleSha256}'`,
    );
  });

  it('locks down HTML of a function that names no page: nothing may load', async () => {
    const res = await answer(async () => html());
    expect(res.headers?.['content-security-policy']).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('writes each header once, in lower case, and none the pages do not need', async () => {
    const res = await answer(async () => html(), SETUP_PAGE_POLICY);
    const names = Object.keys(res.headers ?? {});
    expect(names.every((name) => name === name.toLowerCase())).toBe(true);
    expect(Object.values(res.headers ?? {})).not.toContain(undefined);
    for (const absent of ['permissions-policy', 'x-xss-protection', 'report-to', 'server', 'x-powered-by']) {
      expect(names).not.toContain(absent);
    }
  });

  it('gives JSON answers the headers of every answer and no page policy', async () => {
    const res = await answer(async () => json(200, { ok: true }));
    expect(res.headers).toMatchObject({ ...EVERY_ANSWER, 'content-type': 'application/json' });
    expect(res.headers?.['content-security-policy']).toBeUndefined();
    expect(res.headers?.['x-frame-options']).toBeUndefined();
  });

  it('gives error answers the same headers', async () => {
    const res = await answer(async () => {
      throw new Error('disk on fire');
    });
    expect(res.statusCode).toBe(500);
    expect(res.headers).toMatchObject({ ...EVERY_ANSWER, 'content-type': 'application/problem+json' });
  });
});
