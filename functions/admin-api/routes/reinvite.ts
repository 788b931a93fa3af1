import { isEmailAddress } from '../../../src/kernel/hire/hire';
import { json, problem } from '../../../src/kernel/http/responses';
import { log } from '../../../src/kernel/log';
import { adminRoute, hireIdOf, JSON_ACTION_BODY, jsonObject } from './route';

/** POST /admin/hires/{employeeId}/reinvite `{email?}`: a fresh link and invitation now (README "Re-invites"). */
export const reinviteRoute = adminRoute(
  'POST',
  '/admin/hires/{employeeId}/reinvite',
  async (event, { deps, by }) => {
    const body = jsonObject(event);
    if ('problem' in body) return body.problem;
    const email = body.value.email;
    if (email !== undefined && (typeof email !== 'string' || !isEmailAddress(email.trim()))) {
      return problem(400, 'Bad Request', 'invalid email', {
        errors: [{ field: 'email', message: 'must be an email address like name@example.com' }],
      });
    }
    const hireId = await hireIdOf(event, deps);
    // Loaded on first use: the change paths render email, which the reads' cold start does without.
    const { reinvite } = await import('../../../src/admin/reinvite');
    const result = await reinvite(deps, { hireId, email: email?.trim(), by });
    log.info('admin reinvite', { hireId, outcome: result.outcome });
    return json(200, { employeeId: event.pathParameters?.employeeId, ...result });
  },
  JSON_ACTION_BODY,
);
