/**
 * The HR events the webhook acts on, as one envelope `{type, data}`:
 *
 * - `employee.hired`: a new hire (src/domain/hire.ts has the body). Sent again with other content for a
 *   known employee, it is a change.
 * - `employee.updated`: the same body as `employee.hired`, for a known employee: the corrected record.
 * - `employee.hire_cancelled`: `data: {employeeId}`: the offer was withdrawn or the hire rescinded before
 *   the start; onboarding stops. Named like other HR systems' `<subject>.<action>_cancelled` events.
 *
 * Any other type is acknowledged and ignored, so the sender stops retrying it.
 */
import type { FieldError } from './errors';
import {
  EMPLOYEE_ID_MESSAGE,
  HIRE_EVENT_TYPE,
  type HireInput,
  isEmployeeId,
  type ParseHireOptions,
  parseHireEvent,
} from './hire';

export const HIRE_UPDATED_TYPE = 'employee.updated';
export const HIRE_CANCELLED_TYPE = 'employee.hire_cancelled';

export type HireEventType = typeof HIRE_EVENT_TYPE | typeof HIRE_UPDATED_TYPE;

export type ParsedHrEvent =
  | { kind: 'hire'; type: HireEventType; hire: HireInput }
  | { kind: 'cancel'; employeeId: string }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; errors: FieldError[] };

export function parseHrEvent(body: unknown, opts: ParseHireOptions): ParsedHrEvent {
  const type = isObject(body) && typeof body.type === 'string' ? body.type.trim() : undefined;
  if (type === HIRE_CANCELLED_TYPE) return parseCancel(body as Record<string, unknown>);
  const asHired = type === HIRE_UPDATED_TYPE ? { ...(body as object), type: HIRE_EVENT_TYPE } : body;
  const parsed = parseHireEvent(asHired, opts);
  if (parsed.kind !== 'hire') return parsed;
  return {
    kind: 'hire',
    type: type === HIRE_UPDATED_TYPE ? HIRE_UPDATED_TYPE : HIRE_EVENT_TYPE,
    hire: parsed.hire,
  };
}

function parseCancel(body: Record<string, unknown>): ParsedHrEvent {
  const data = body.data;
  if (!isObject(data)) {
    return invalid('data', data === undefined ? 'is required' : 'must be an object');
  }
  const raw = data.employeeId;
  if (raw === undefined || raw === null) return invalid('data.employeeId', 'is required');
  if (typeof raw !== 'string') return invalid('data.employeeId', 'must be a string');
  const employeeId = raw.trim();
  if (!isEmployeeId(employeeId)) return invalid('data.employeeId', EMPLOYEE_ID_MESSAGE);
  return { kind: 'cancel', employeeId };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): ParsedHrEvent {
  return { kind: 'invalid', errors: [{ field, message }] };
}
