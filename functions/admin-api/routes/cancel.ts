import { cancelHire } from '../../../src/admin/cancel';
import { json } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf, JSON_ACTION_BODY, jsonObject } from './route';

/** POST /admin/hires/{employeeId}/cancel `{reason?}`: stops the workflow and reminders, frees the user name. */
export const cancelRoute = adminRoute(
  'POST',
  '/admin/hires/{employeeId}/cancel',
  async (event, { deps, by }) => {
    const body = jsonObject(event);
    if ('problem' in body) return body.problem;
    const reason = typeof body.value.reason === 'string' ? body.value.reason.slice(0, 500) : undefined;
    const hireId = await hireIdOf(event, deps);
    const result = await cancelHire(deps, { hireId, reason, by });
    log.info('admin cancel', { hireId });
    return json(200, { employeeId: event.pathParameters?.employeeId, ...result });
  },
  JSON_ACTION_BODY,
);
