import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf, JSON_ACTION_BODY, jsonObject } from './route';

/** POST /admin/hires/{employeeId}/adopt: the WorkSpace the hire FAILED on is confirmed as this person's. */
export const adoptRoute = adminRoute(
  'POST',
  '/admin/hires/{employeeId}/adopt',
  async (event, { deps, by }) => {
    const body = jsonObject(event);
    if ('problem' in body) return body.problem;
    const hireId = await hireIdOf(event, deps);
    // Loaded on first use: the change paths render email, which the reads' cold start does without.
    const { adoptWorkspace } = await import('../../../src/admin/adopt');
    const result = await adoptWorkspace(deps, { hireId, by });
    log.info('admin adopt', { hireId, workspaceId: result.workspaceId });
    return json(200, { employeeId: event.pathParameters?.employeeId, ...result });
  },
  JSON_ACTION_BODY,
);
