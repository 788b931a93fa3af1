import { cancelHire } from '../../../src/admin/cancel';
import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf } from './route';

/** POST /admin/hires/{employeeId}/cancel `{reason?}`: stops the workflow and reminders, frees the user name. */
export const cancelRoute = adminRoute('cancel', async ({ params, body }, { deps, by }) => {
  const hireId = await hireIdOf(params, deps);
  const result = await cancelHire(deps, { hireId, reason: body.reason, by });
  log.info('admin cancel', { hireId });
  return json(200, { employeeId: params.employeeId, ...result });
});
