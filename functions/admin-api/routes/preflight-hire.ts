import { runPreflight } from '../../../src/admin/preflight';
import { hirePreflightInput } from '../../../src/intake/preflight-input';
import { json, problem } from '../../../src/kernel/http/responses';
import { adminRoute } from './route';

/**
 * GET /admin/preflight?directoryId&bundleId&userName: the preflight for one hire (a configured directory and
 * bundle, the defaults when absent). Reads only.
 */
export const preflightHireRoute = adminRoute('preflightHire', async ({ query }, { deps }) => {
  const read = await hirePreflightInput(deps, query);
  if (!read.ok) return problem(400, 'Bad Request', 'invalid request', { errors: read.errors });
  return json(200, await runPreflight(deps, read.input));
});
