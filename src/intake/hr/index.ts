import type { HrPreset, HrSourceConfig, MappedField } from '../../kernel/config/config';
import { bamboohr } from './bamboohr';
import { hibob } from './hibob';
import { personio } from './personio';
import type { Preset } from './preset';
import { smarthr } from './smarthr';

export const PRESETS: Readonly<Record<HrPreset, Preset>> = { hibob, bamboohr, smarthr, personio };

/** The fields a hire cannot do without: a person record without one cannot be onboarded. */
const REQUIRED: readonly MappedField[] = ['givenName', 'familyName', 'email', 'userName', 'startDate'];

export interface MissingField {
  /** Our field (`data.userName`, as the Standard Webhooks contract names it). */
  field: MappedField;
  /** Where in the vendor's record we looked (`custom.it.directoryUserName`), or undefined if unmapped. */
  path: string | undefined;
}

/** The preset's mapping with the source's own on top. */
export function mappingOf(source: HrSourceConfig): Partial<Record<MappedField, string>> {
  return { ...PRESETS[source.preset].defaultMapping, ...source.mapping };
}

/**
 * The Standard Webhooks `data` of a hire from a vendor's person record: each mapped path read (numbers
 * become text, a date-time keeps its date), and every required field that is unmapped or empty reported.
 */
export function mapPerson(
  source: HrSourceConfig,
  employeeId: string,
  person: Record<string, unknown>,
): { data: Record<string, string>; missing: MissingField[] } {
  const mapping = mappingOf(source);
  const data: Record<string, string> = { employeeId };
  const missing: MissingField[] = [];
  for (const [field, path] of Object.entries(mapping) as [MappedField, string][]) {
    const value = valueAt(person, path);
    if (value !== undefined) data[field] = field === 'startDate' ? dateOf(value) : value;
  }
  for (const field of REQUIRED) {
    if (data[field] === undefined) missing.push({ field, path: mapping[field] });
  }
  return { data, missing };
}

/** The text at a field path (`work.title`, `employments.0.start_date`), or undefined. */
export function valueAt(record: Record<string, unknown>, path: string): string | undefined {
  let here: unknown = record;
  for (const key of path.split('.')) {
    if (Array.isArray(here) && /^\d+$/.test(key)) here = here[Number(key)];
    else if (typeof here === 'object' && here !== null && !Array.isArray(here) && Object.hasOwn(here, key)) {
      here = (here as Record<string, unknown>)[key];
    } else return undefined;
  }
  if (typeof here === 'string') return here.trim() || undefined;
  if (typeof here === 'number' && Number.isFinite(here)) return String(here);
  return undefined;
}

/** `2027-04-01T00:00:00+09:00` → `2027-04-01`: HR systems send start dates as dates or midnight date-times. */
function dateOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}
