/**
 * The schemas of the webhook body (the public contract, docs/contract.md): an envelope
 * `{type, data}`, then the `data` of its type. Every bad field is listed at once as `{field, message}`
 * (`data.email`, ...) so the sender can fix the record in one go. The wave import checks each CSV row
 * with the same schema (src/intake/wave/wave.ts).
 *
 * - `employee.hired` and `employee.updated`: the hire (src/kernel/hire/hire.ts has its rules).
 * - `employee.hire_cancelled`: `data: {employeeId}`.
 * - any other type is acknowledged and ignored, so the sender stops retrying it.
 *
 * Strings are trimmed; a field over 1000 characters is refused before anything else is read from it. An
 * optional field that is null or blank is "not given": the configured default applies.
 */
import * as v from 'valibot';
import type { FieldError } from '../kernel/errors';
import {
  COUNTRY_MESSAGE,
  checkDirectoryId,
  checkEmail,
  checkLocale,
  checkName,
  checkUserName,
  EMPLOYEE_ID_MESSAGE,
  HIRE_EVENT_TYPE,
  type HireInput,
  isCalendarDate,
  isCountryCode,
  isEmployeeId,
  latestStartDate,
  MAX_START_DAYS_AHEAD,
  MAX_STRING_LENGTH,
  type ParsedHireEvent,
  type ParseHireOptions,
  resolveTimeZone,
} from '../kernel/hire/hire';
import { isProtectedUserName, PROTECTED_USER_NAME_MESSAGE } from '../kernel/hire/user-name';
import { crossCheck, type Issue, issuePath, plainObject, rule } from '../kernel/schemas';
import { HIRE_CANCELLED_TYPE, HIRE_UPDATED_TYPE, type ParsedHrEvent } from './hr-event';

type Check = (value: string) => string | undefined;

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A string of the hire, trimmed, at most 1000 characters. */
function hireString() {
  return v.pipe(
    v.string((issue) =>
      issue.input === undefined || issue.input === null
        ? 'is required'
        : `must be a string, got ${describeType(issue.input)}`,
    ),
    v.maxLength(MAX_STRING_LENGTH, `too long: at most ${MAX_STRING_LENGTH} characters`),
    v.trim(),
  );
}

function required(check: Check) {
  return v.pipe(hireString(), v.nonEmpty('must not be empty or blank'), rule(check));
}

/** Absent, null or blank is "not given" (undefined). */
function optional(check: Check) {
  return v.pipe(
    v.nullish(hireString()),
    v.transform((value) => value || undefined),
    rule((value: string | undefined) => (value === undefined ? undefined : check(value))),
  );
}

function hireData(opts: ParseHireOptions) {
  return v.pipe(
    plainObject({
      employeeId: required((id) => (isEmployeeId(id) ? undefined : EMPLOYEE_ID_MESSAGE)),
      givenName: required(checkName),
      familyName: required(checkName),
      email: required(checkEmail),
      userName: required(checkUserName),
      startDate: required((date) =>
        isCalendarDate(date) ? undefined : 'must be a real date in the form YYYY-MM-DD',
      ),
      locale: v.pipe(
        optional((tag) => checkLocale(tag, opts.supportedLocales)),
        v.transform((tag) => (tag === undefined ? undefined : Intl.getCanonicalLocales(tag)[0])),
      ),
      timeZone: v.pipe(
        optional((zone) =>
          resolveTimeZone(zone) ? undefined : 'must be an IANA time zone such as Asia/Tokyo',
        ),
        v.transform((zone) => (zone === undefined ? undefined : resolveTimeZone(zone))),
      ),
      department: optional(checkName),
      jobTitle: optional(checkName),
      managerEmail: optional(checkEmail),
      managerLocale: v.pipe(
        optional((tag) => checkLocale(tag, opts.supportedLocales)),
        v.transform((tag) => (tag === undefined ? undefined : Intl.getCanonicalLocales(tag)[0])),
      ),
      country: v.pipe(
        optional((code) => (isCountryCode(code) ? undefined : COUNTRY_MESSAGE)),
        v.transform((code) => code?.toUpperCase()),
      ),
      directoryId: optional((id) => checkDirectoryId(id, opts.directoryIds)),
    }),
    crossCheck({
      fields: [['userName']],
      at: ['userName'],
      test: (data) => !isProtectedUserName(data.userName, opts.protectedUserNames),
      message: PROTECTED_USER_NAME_MESSAGE,
    }),
    // "Ahead" counts from today in the hire's zone, or the configured one when theirs is missing or bad.
    crossCheck({
      fields: [['startDate']],
      at: ['startDate'],
      test: (data) => data.startDate <= latestStartDate(opts.now, zoneOf(data.timeZone, opts)),
      message: (data) =>
        `must be at most ${MAX_START_DAYS_AHEAD} days ahead (${latestStartDate(opts.now, zoneOf(data.timeZone, opts))} or earlier)`,
    }),
  );
}

function zoneOf(zone: unknown, opts: ParseHireOptions): string {
  return (typeof zone === 'string' ? resolveTimeZone(zone) : undefined) ?? opts.defaultTimeZone;
}

const cancelData = plainObject({
  employeeId: v.pipe(
    v.string((issue) =>
      issue.input === undefined || issue.input === null ? 'is required' : 'must be a string',
    ),
    v.trim(),
    v.check(isEmployeeId, EMPLOYEE_ID_MESSAGE),
  ),
});

const envelope = v.pipe(
  v.custom<Record<string, unknown>>(
    (body) => typeof body === 'object' && body !== null && !Array.isArray(body),
    'must be a JSON object',
  ),
  v.object(
    {
      type: v.pipe(
        v.string((issue) => (issue.input === undefined ? 'is required' : 'must be a non-empty string')),
        v.trim(),
        v.nonEmpty('must be a non-empty string'),
      ),
    },
    'is required',
  ),
);

/** The hire schema for these options; one per options object (a wave checks all its rows with one). */
const hireSchemas = new WeakMap<ParseHireOptions, ReturnType<typeof hireEventSchema>>();

function hireEventSchema(opts: ParseHireOptions) {
  return v.object({ data: hireData(opts) }, 'is required');
}

/** An `employee.hired` body (the wave import reads each row as one). */
export function parseHireEvent(body: unknown, opts: ParseHireOptions): ParsedHireEvent {
  const head = v.safeParse(envelope, body);
  if (!head.success) return { kind: 'invalid', errors: fieldErrors(head.issues) };
  if (head.output.type !== HIRE_EVENT_TYPE) return { kind: 'ignored', type: head.output.type };
  let schema = hireSchemas.get(opts);
  if (!schema) {
    schema = hireEventSchema(opts);
    hireSchemas.set(opts, schema);
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.issues) };
  const {
    locale,
    timeZone,
    department,
    jobTitle,
    managerEmail,
    managerLocale,
    country,
    directoryId,
    ...required
  } = parsed.output.data;
  const hire: HireInput = required;
  if (locale !== undefined) hire.locale = locale;
  if (timeZone !== undefined) hire.timeZone = timeZone;
  if (department !== undefined) hire.department = department;
  if (jobTitle !== undefined) hire.jobTitle = jobTitle;
  if (managerEmail !== undefined) hire.managerEmail = managerEmail;
  if (managerLocale !== undefined) hire.managerLocale = managerLocale;
  if (country !== undefined) hire.country = country;
  if (directoryId !== undefined) hire.directoryId = directoryId;
  return { kind: 'hire', hire };
}

/** Any HR event the webhook acts on (src/intake/hr-event.ts). */
export function parseHrEvent(body: unknown, opts: ParseHireOptions): ParsedHrEvent {
  const head = v.safeParse(envelope, body);
  if (!head.success) return { kind: 'invalid', errors: fieldErrors(head.issues) };
  const type = head.output.type;
  if (type === HIRE_CANCELLED_TYPE) {
    const parsed = v.safeParse(v.object({ data: cancelData }, 'is required'), body);
    if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.issues) };
    return { kind: 'cancel', employeeId: parsed.output.data.employeeId };
  }
  if (type !== HIRE_EVENT_TYPE && type !== HIRE_UPDATED_TYPE) return { kind: 'ignored', type };
  const parsed = parseHireEvent({ ...(body as object), type: HIRE_EVENT_TYPE }, opts);
  return parsed.kind === 'hire' ? { kind: 'hire', type, hire: parsed.hire } : parsed;
}

function fieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.map((issue) => ({ field: issuePath(issue) || 'body', message: issue.message }));
}
