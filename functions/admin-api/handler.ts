import httpRouterHandler from '@middy/http-router';
import { createError } from '@middy/util';
import { type AdminContext, type AdminEvent, adminAuth } from '../../src/admin/auth-middleware';
import { httpFunction } from '../../src/kernel/http/chains';
import { adminApiDeps } from '../production';
import { adoptRoute } from './routes/adopt';
import { cancelRoute } from './routes/cancel';
import { hireStatusRoute } from './routes/hire-status';
import { importWaveRoute } from './routes/import-wave';
import { listHiresRoute } from './routes/list-hires';
import { preflightHireRoute } from './routes/preflight-hire';
import { preflightWaveRoute } from './routes/preflight-wave';
import { reinviteRoute } from './routes/reinvite';
import { reportRoute } from './routes/report';
import { resumeRoute } from './routes/resume';
import type { AdminApiDeps } from './routes/route';

/**
 * The admin API (`/admin/*`) as src/admin/contract.ts declares it, one file per route in routes/, routed by
 * @middy/http-router behind the shared HTTP chain and the admin authentication (src/admin/auth-middleware.ts).
 * Every caller is recorded in the history of every hire it changes.
 */
export const ROUTES = [
  listHiresRoute,
  hireStatusRoute,
  reinviteRoute,
  resumeRoute,
  cancelRoute,
  adoptRoute,
  importWaveRoute,
  preflightWaveRoute,
  preflightHireRoute,
  reportRoute,
];

const router = httpRouterHandler({
  routes: ROUTES,
  // Only reached when API Gateway routes more than serverless.yml names (it answers 404 itself otherwise).
  notFoundResponse: ({ method, path }) => {
    throw createError(404, `no admin route ${method} ${path}`);
  },
});

/** Builds the function's chain around `deps` (tests pass in-memory fakes). */
export const adminApiFunction = (deps: () => AdminApiDeps) =>
  httpFunction<AdminApiDeps, AdminEvent>(
    (event, _deps, context) => router(event, context as AdminContext<AdminApiDeps>) as Promise<never>,
    {
      deps,
      failure: 'the request failed; see the logs of the admin-api function',
      use: [adminAuth<AdminApiDeps>()],
    },
  );

export const handler = adminApiFunction(adminApiDeps);
