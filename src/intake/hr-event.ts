/**
 * The HR events the webhook acts on, as one envelope `{type, data}`:
 *
 * - `employee.hired`: a new hire (src/kernel/hire/hire.ts has the body). Sent again with other content for a
 *   known employee, it is a change.
 * - `employee.updated`: the same body as `employee.hired`, for a known employee: the corrected record.
 * - `employee.hire_cancelled`: `data: {employeeId}`: the offer was withdrawn or the hire rescinded before
 *   the start; onboarding stops. Named like other HR systems' `<subject>.<action>_cancelled` events.
 *
 * Any other type is acknowledged and ignored, so the sender stops retrying it. The body is read by
 * src/intake/hr-event-schema.ts.
 */
import type { FieldError } from '../kernel/errors';
import type { HIRE_EVENT_TYPE, HireInput } from '../kernel/hire/hire';

export const HIRE_UPDATED_TYPE = 'employee.updated';
export const HIRE_CANCELLED_TYPE = 'employee.hire_cancelled';

export type HireEventType = typeof HIRE_EVENT_TYPE | typeof HIRE_UPDATED_TYPE;

export type ParsedHrEvent =
  | { kind: 'hire'; type: HireEventType; hire: HireInput }
  | { kind: 'cancel'; employeeId: string }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; errors: FieldError[] };
