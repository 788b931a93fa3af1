import { hireStatus } from '../../../src/admin/status';
import { json } from '../../../src/kernel/http/responses';
import { adminRoute, hireIdOf } from './route';

/** GET /admin/hires/{employeeId} (a hire id or an employee id): stage, timeline, WorkSpace and its live state, emails, next reminder. */
export const hireStatusRoute = adminRoute('hireStatus', async ({ params }, { deps }) =>
  json(200, await hireStatus(deps, await hireIdOf(params, deps))),
);
