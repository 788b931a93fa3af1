/**
 * A hire as the HR system sends it (the `employee.hired` body of the public webhook contract) and the rules
 * its fields follow. src/intake/hr-event-schema.ts reads a body with these rules and lists every bad field at once.
 */
import { createHash } from 'node:crypto';
import type { FieldError } from '../errors';
import { EXECUTION_MAX_DAYS, localDate } from './provisioning-date';
import { halfWidthForm } from './user-name';

export type { FieldError } from '../errors';

export const HIRE_EVENT_TYPE = 'employee.hired';

/** A hire as the HR system sent it, trimmed and validated. Optional fields get config defaults later. */
export interface HireInput {
  employeeId: string;
  givenName: string;
  familyName: string;
  email: string;
  /** The directory user name (sAMAccountName). */
  userName: string;
  /** `YYYY-MM-DD`, the first working day, in the hire's time zone. */
  startDate: string;
  /** Canonical BCP 47 tag, e.g. `ja-JP`. */
  locale?: string;
  /** IANA time zone as resolved by Intl, e.g. `Asia/Tokyo`. */
  timeZone?: string;
  department?: string;
  jobTitle?: string;
  managerEmail?: string;
  /** The manager's language (canonical BCP 47) for the readiness check; else the configured default. */
  managerLocale?: string;
  /** ISO 3166-1 alpha-2, upper case: where the person works (directory rules may route on it). */
  country?: string;
  /** One of the configured directories; when not given, the directory rules choose (else the default). */
  directoryId?: string;
}

/** A hire with every default applied. */
export interface Hire extends HireInput {
  locale: string;
  timeZone: string;
}

export type ParsedHireEvent =
  | { kind: 'hire'; hire: HireInput }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; errors: FieldError[] };

export const MAX_STRING_LENGTH = 1000;
/**
 * How far ahead a start date may be: a hire's workflow execution lives at most one year, and one still
 * waiting then would end TIMED_OUT past every Catch. Counted from today in the hire's time zone.
 */
export const MAX_START_DAYS_AHEAD = EXECUTION_MAX_DAYS;
const DAY_MS = 86_400_000;

const EMPLOYEE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * What a name, label or user name must not contain, because a reader cannot see it or it changes what they
 * see: C0/C1 controls (Cc); format characters (Cf: zero-width space and joiners U+200B–U+200D, word joiner
 * U+2060, byte order mark U+FEFF, soft hyphen, the direction marks U+200E, U+200F, U+061C, embeddings and
 * overrides U+202A–U+202E, isolates U+2066–U+2069, invisible operators, tag characters); line and paragraph
 * separators (Zl, Zp); the Hangul fillers that render blank; lone surrogates (Cs), which are not text;
 * and U+FFFD, which stands where a conversion lost a character (mojibake, never a name).
 * Variation selectors stay allowed: Japanese names use them for kanji variants.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115f\u1160\u3164\uffa0\ufffd]/u;
// Characters Active Directory forbids in sAMAccountName (`@` ends the name at sign-in).
const SAM_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export interface ParseHireOptions {
  supportedLocales: readonly string[];
  /** The injected clock's now: "ahead" is relative to it. */
  now: Date;
  /** The configured zone, for a hire that names none: whose "today" the start date is counted from. */
  defaultTimeZone: string;
  /** The configured directories a hire may name; without it any `d-` id is accepted. */
  directoryIds?: readonly string[];
  /** Configured user names never given to a hire, on top of the built-in accounts (always refused). */
  protectedUserNames?: readonly string[];
}

/** Fills `locale` and `timeZone` from the configured defaults. */
export function applyHireDefaults(
  input: HireInput,
  config: { defaults: { locale: string; timeZone: string } },
): Hire {
  return {
    ...input,
    locale: input.locale ?? config.defaults.locale,
    timeZone: input.timeZone ?? config.defaults.timeZone,
  };
}

// Not countries: the user-assigned ranges (AA, QM-QZ, XA-XZ, ZZ) and the exceptional reservations
// (EU, EZ, UK, UN) that Intl still names.
const NOT_A_COUNTRY = /^(AA|Q[M-Z]|X[A-Z]|ZZ|EU|EZ|UK|UN)$/;
let regionNames: Intl.DisplayNames | undefined;

/** True for an assigned ISO 3166-1 alpha-2 code (any case), as Intl knows them. */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(value)) return false;
  const code = value.toUpperCase();
  if (NOT_A_COUNTRY.test(code)) return false;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const name = regionNames.of(code);
  return name !== undefined && name !== 'Unknown Region';
}

export const COUNTRY_MESSAGE = 'must be an ISO 3166-1 alpha-2 country code such as JP or US';

/** True for an employee id as the contract accepts it. */
export function isEmployeeId(value: string): boolean {
  return EMPLOYEE_ID.test(value);
}

export const EMPLOYEE_ID_MESSAGE = 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"';

/** True for a syntactically valid email address as this product accepts it (ASCII, dotted domain). */
export function isEmailAddress(value: string): boolean {
  return checkEmail(value) === undefined;
}

/** The last start date accepted today: `MAX_START_DAYS_AHEAD` days after today in `timeZone`. */
export function latestStartDate(now: Date, timeZone: string): string {
  return new Date(localDate(now.getTime(), timeZone) + MAX_START_DAYS_AHEAD * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** True for `YYYY-MM-DD` naming a day that exists. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

// Building an Intl.DateTimeFormat costs more than the rest of a hire's checks: each name is resolved once.
// Only names that resolve are kept, and at most MAX_ZONES of them (Intl also accepts every spelling in
// upper and lower case), so no input grows the map without bound.
const MAX_ZONES = 1_000;
const resolvedZones = new Map<string, string>();

/** The IANA name Intl resolves `value` to, or undefined when it is not a time zone. */
export function resolveTimeZone(value: string): string | undefined {
  const known = resolvedZones.get(value);
  if (known) return known;
  try {
    const zone = new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions().timeZone;
    if (resolvedZones.size < MAX_ZONES) resolvedZones.set(value, zone);
    return zone;
  } catch {
    return undefined;
  }
}

// ---- ids --------------------------------------------------------------------------------------------

const STEP_FUNCTIONS_NAME_MAX = 80;
const EXECUTION_PREFIX = 'hire-';
/** Letters, digits, `-` and `_`: allowed by Step Functions and by its CloudWatch logging. */
const SAFE_CHAR = /[A-Za-z0-9_-]/;
const HASH_HEX = 12;

/**
 * The hire's stable id: `<source>-<employeeId>`, at most 75 characters of `[A-Za-z0-9_-]`, with every "-"
 * of the source's name written "_". No source name contains "_" (src/kernel/config/schema.ts refuses two sources
 * that would read the same), so the first "-" ends the source and two sources never share a hire id:
 * `hibob` + `42` is `hibob-42`, `hr` + `hibob-42` is `hr-hibob-42`, `bamboo-hr` + `1` is `bamboo_hr-1`.
 * Any other character of the employee id becomes `_`; if anything was replaced or cut, a hash of the
 * original is appended so two different employee ids never share an id.
 */
export function hireIdFor(source: string, employeeId: string): string {
  return safeName(`${sourceKey(source)}-${employeeId}`, STEP_FUNCTIONS_NAME_MAX - EXECUTION_PREFIX.length);
}

/** A source name as its hire ids begin: "-" written "_". */
export function sourceKey(source: string): string {
  return source.replace(/-/g, '_');
}

/**
 * Every id a hire of this employee may be stored under: hireIdFor's, then, for a source whose name has a
 * "-", the id hires were given before (`<source>-<employeeId>` as written), so they are still found.
 */
export function storedHireIdsFor(source: string, employeeId: string): string[] {
  const current = hireIdFor(source, employeeId);
  const earlier = safeName(`${source}-${employeeId}`, STEP_FUNCTIONS_NAME_MAX - EXECUTION_PREFIX.length);
  return earlier === current ? [current] : [current, earlier];
}

/** The onboarding execution name: `hire-` + `hireIdFor(...)`, so a duplicate start is harmless. */
export function executionNameFor(source: string, employeeId: string): string {
  return EXECUTION_PREFIX + hireIdFor(source, employeeId);
}

function safeName(original: string, maxLength: number): string {
  let replaced = false;
  let safe = '';
  for (const char of original) {
    if (SAFE_CHAR.test(char)) {
      safe += char;
    } else {
      safe += '_';
      replaced = true;
    }
  }
  if (!replaced && safe.length <= maxLength) return safe;
  const hash = createHash('sha256').update(original, 'utf8').digest('hex').slice(0, HASH_HEX);
  return `${safe.slice(0, maxLength - HASH_HEX - 1)}-${hash}`;
}

// ---- field rules: each names the problem, or returns undefined -------------------------------------

/** The one character rule of names, labels and user names (webhook and wave import alike). */
export function unsafeCharacterProblem(value: string): string | undefined {
  const match = UNSAFE_CHARACTER.exec(value);
  if (!match) return undefined;
  const char = match[0];
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const at = `${code} at character ${[...value.slice(0, match.index)].length + 1}`;
  if (/\p{Cs}/u.test(char)) return `must be well-formed Unicode: a lone surrogate (${at})`;
  if (char === '\ufffd')
    return `must not contain U+FFFD, the mark of a character lost in a conversion (${at}): send the name as written`;
  if (/\p{Cc}/u.test(char)) return `must not contain control characters (${at})`;
  return `must not contain invisible or text-direction characters (${at})`;
}

/** A given or family name, a department or a job title. */
export function checkName(value: string): string | undefined {
  if ([...value].length > 100) return 'must be at most 100 characters';
  return unsafeCharacterProblem(value);
}

export function checkEmail(value: string): string | undefined {
  const problem = 'must be an email address like name@example.com';
  if (value.length > 254) return 'must be at most 254 characters';
  const at = value.lastIndexOf('@');
  if (at < 1) return problem;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return problem;
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return problem;
  if (!/^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]!)) return problem;
  return undefined;
}

/**
 * A directory user name as Active Directory takes it for sAMAccountName: at most 20 characters, none of
 * `" / \\ [ ] : ; | = , + * ? < > @` in either width (the directory reads a full-width `＼` as `\\`),
 * written in half-width characters (a full-width name is the half-width one to the directory).
 */
export function checkUserName(value: string): string | undefined {
  if ([...value].length > 20) return 'must be at most 20 characters (Active Directory sAMAccountName)';
  const forbidden = SAM_FORBIDDEN.exec(value.normalize('NFKC'));
  if (forbidden) {
    const as = [...value].find((c) => c.normalize('NFKC').includes(forbidden[0]));
    const which = as && as !== forbidden[0] ? ` (${as} is ${forbidden[0]})` : '';
    return `must not contain any of " / \\ [ ] : ; | = , + * ? < > @, in either width${which}`;
  }
  const unsafe = unsafeCharacterProblem(value);
  if (unsafe) return unsafe;
  const halfWidth = halfWidthForm(value);
  if (halfWidth !== undefined)
    return `must be written in half-width characters: the directory reads it as ${halfWidth}`;
  if (value.endsWith('.')) return 'must not end with "."';
  return undefined;
}

/**
 * A WorkSpaces directory id: Directory Service's `d-` and 10 hex digits, or a WorkSpaces directory's own
 * `wsd-` id (IAM Identity Center), as the WorkSpaces API's DirectoryId pattern allows.
 */
export function isDirectoryId(value: string): boolean {
  return /^d-[0-9a-f]{10}$/.test(value) || /^wsd-[0-9a-z]{8,63}$/.test(value);
}

export const DIRECTORY_ID_FORMS =
  '"d-" followed by 10 hex digits, or "wsd-" followed by 8 to 63 lower-case letters and digits';

export function checkDirectoryId(
  value: string,
  configured: readonly string[] | undefined,
): string | undefined {
  if (!isDirectoryId(value)) return `must be a directory id: ${DIRECTORY_ID_FORMS}`;
  if (configured && !configured.includes(value))
    return `unknown directory: configured are ${configured.join(', ')}`;
  return undefined;
}

export function checkLocale(value: string, supported: readonly string[]): string | undefined {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(value)[0]!;
  } catch {
    return 'must be a BCP 47 language tag such as ja-JP';
  }
  const wanted = new Set(supported.map((tag) => tag.toLowerCase()));
  const language = canonical.split('-')[0]!.toLowerCase();
  if (wanted.has(canonical.toLowerCase()) || wanted.has(language)) return undefined;
  return `unknown locale: supported are ${supported.join(', ')}`;
}

/** The fields of a hire that the HR system owns: a change to one is an HR change. */
export const HR_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'userName',
  'directoryId',
  'startDate',
  'locale',
  'timeZone',
  'department',
  'jobTitle',
  'managerEmail',
  'managerLocale',
  'country',
] as const;
export type HrField = (typeof HR_FIELDS)[number];
