import type { MiddlewareObj, Request } from '@middy/core';

/**
 * What a page may do beyond nothing at all, its part of the Content-Security-Policy. Our pages run no
 * script and load nothing: one <style> element, allowed by its hash, and at most a form posting back.
 */
export interface PagePolicy {
  /** base64 SHA-256 of the page's one <style> element. */
  styleSha256: string;
  /** Where the page's form may post: `'self'`, or `'none'` for a page without a form. */
  formAction: "'self'" | "'none'";
}

/**
 * @middy/http-security-headers merges our directives over its own, and only a falsy value drops one of
 * its directives: these would change the policy our pages are written for (`sandbox` blocks the setup
 * form, `upgrade-insecure-requests` breaks the local cloud's http:// form post).
 */
const OFF = false as unknown as string;
const DROPPED_DIRECTIVES = {
  sandbox: OFF,
  'navigate-to': OFF,
  'report-to': OFF,
  'require-trusted-types-for': OFF,
  'trusted-types': OFF,
  'upgrade-insecure-requests': OFF,
};

/** The Content-Security-Policy directives of an HTML answer: nothing but what `page` names. */
export function contentSecurityPolicy(page?: PagePolicy): Record<string, string> {
  return {
    ...DROPPED_DIRECTIVES,
    'default-src': "'none'",
    'base-uri': "'none'",
    'form-action': page?.formAction ?? "'none'",
    'frame-ancestors': "'none'",
    ...(page ? { 'style-src': `'sha256-${page.styleSha256}'` } : {}),
  };
}

/**
 * The security headers of every HTTP answer, set in this one place for every function's chain
 * (src/kernel/http/chains.ts). Every answer: nosniff, no referrer, HSTS (browsers heed it only on an
 * https:// answer, so the local cloud's http:// is unaffected; no preload or subdomains: the product does
 * not own the company's domain). HTML answers also:
 * the page's CSP, no framing, and cross-origin isolation. Left out: the library's Permissions-Policy (our
 * pages run no script, and it names features browsers reject), X-XSS-Protection (retired by browsers,
 * the CSP does its work), the reporting headers (no endpoint) and the legacy X-Download-Options,
 * X-DNS-Prefetch-Control and X-Permitted-Cross-Domain-Policies.
 *
 * Header names come out in lower case, as every other header of this product (and as HTTP/2 sends them),
 * so a header is never there twice in two spellings.
 */
export function securityHeaders(page?: PagePolicy): MiddlewareObj {
  let headers: Promise<MiddlewareObj> | undefined;
  const apply = async (request: Request) => {
    // Loaded on the first answer, not at import: the library builds its tables when evaluated, which no
    // cold start needs before its first request, and a bundle without HTTP routes leaves it out.
    headers ??= import('@middy/http-security-headers').then(({ default: httpSecurityHeaders }) =>
      httpSecurityHeaders({
        contentSecurityPolicy: contentSecurityPolicy(page),
        strictTransportSecurity: { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false, preload: false },
        permissionsPolicy: false,
        xssProtection: false,
        reportTo: false,
        reportingEndpoints: false,
        poweredBy: false,
        originAgentCluster: false,
        downloadOptions: false,
        dnsPrefetchControl: false,
        permittedCrossDomainPolicies: false,
      } as Parameters<typeof httpSecurityHeaders>[0]),
    );
    await (await headers).after?.(request);
    lowerCaseHeaders(request);
  };
  return {
    name: 'securityHeaders',
    after: apply,
    onError: async (request) => {
      if (request.response !== undefined) await apply(request);
    },
  };
}

function lowerCaseHeaders(request: Request): void {
  const response = request.response as { headers?: Record<string, unknown> } | undefined;
  if (!response?.headers) return;
  response.headers = Object.fromEntries(
    Object.entries(response.headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}
