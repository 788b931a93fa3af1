import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf } from './route';

/** POST /admin/hires/{employeeId}/resume: a stuck hire driven on now, as the reconciler would. */
export const resumeRoute = adminRoute('resume', async ({ params }, { deps, by }) => {
  const hireId = await hireIdOf(params, deps);
  // Loaded on first use: the change paths render email, which the reads' cold start does without.
  const { resumeHire } = await import('../../../src/admin/resume');
  const result = await resumeHire(deps, { hireId, by });
  log.info('admin resume', { hireId, action: result.action });
  return json(200, { employeeId: params.employeeId, ...result });
});
