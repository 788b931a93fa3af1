import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf, JSON_ACTION_BODY } from './route';

/** POST /admin/hires/{employeeId}/resume: a stuck hire driven on now, as the reconciler would. */
export const resumeRoute = adminRoute(
  'POST',
  '/admin/hires/{employeeId}/resume',
  async (event, { deps, by }) => {
    const hireId = await hireIdOf(event, deps);
    // Loaded on first use: the change paths render email, which the reads' cold start does without.
    const { resumeHire } = await import('../../../src/admin/resume');
    const result = await resumeHire(deps, { hireId, by });
    log.info('admin resume', { hireId, action: result.action });
    return json(200, { employeeId: event.pathParameters?.employeeId, ...result });
  },
  JSON_ACTION_BODY,
);
