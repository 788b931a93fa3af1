import { hireStatus } from '../../../src/app/admin/status';
import { json } from '../../../src/http/responses';
import { adminRoute, hireIdOf } from './route';

/** GET /admin/hires/{employeeId}: stage, timeline, WorkSpace and its live state, emails, next reminder. */
export const hireStatusRoute = adminRoute('GET', '/admin/hires/{employeeId}', async (event, { deps }) =>
  json(200, await hireStatus(deps, hireIdOf(event, deps))),
);
