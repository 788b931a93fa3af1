import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf } from './route';

/** POST /admin/hires/{employeeId}/reinvite `{email?}`: a fresh link and invitation now (README "Re-invites"). */
export const reinviteRoute = adminRoute('reinvite', async ({ params, body }, { deps, by }) => {
  const hireId = await hireIdOf(params, deps);
  // Loaded on first use: the change paths render email, which the reads' cold start does without.
  const { reinvite } = await import('../../../src/admin/reinvite');
  const result = await reinvite(deps, { hireId, email: body.email, by });
  log.info('admin reinvite', { hireId, outcome: result.outcome });
  return json(200, { employeeId: params.employeeId, ...result });
});
