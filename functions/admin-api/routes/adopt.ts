import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf } from './route';

/** POST /admin/hires/{employeeId}/adopt: the WorkSpace the hire FAILED on is confirmed as this person's. */
export const adoptRoute = adminRoute('adopt', async ({ params }, { deps, by }) => {
  const hireId = await hireIdOf(params, deps);
  // Loaded on first use: the change paths render email, which the reads' cold start does without.
  const { adoptWorkspace } = await import('../../../src/admin/adopt');
  const result = await adoptWorkspace(deps, { hireId, by });
  log.info('admin adopt', { hireId, workspaceId: result.workspaceId });
  return json(200, { employeeId: params.employeeId, ...result });
});
