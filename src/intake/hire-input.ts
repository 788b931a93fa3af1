import { chooseDirectory, type OnboardingConfig } from '../kernel/config/load';
import { applyHireDefaults, type HireInput, type ParseHireOptions } from '../kernel/hire/hire';
import { provisioningTime } from '../kernel/hire/provisioning-date';
import { hireCalendar } from '../tracking/schedule';
import type { HrRecord } from './hr-change';

/** What the webhook and the wave import check a hire against: the configuration and today. */
export function hireParseOptions(config: OnboardingConfig, now: Date): ParseHireOptions {
  return {
    supportedLocales: config.locales,
    now,
    defaultTimeZone: config.defaults.timeZone,
    directoryIds: config.directories.map((d) => d.id),
    protectedUserNames: config.protectedUserNames,
  };
}

/**
 * A hire as HR sent it, with every default applied: the person and the directory (the one HR named, else
 * the first directory rule matching the person with their defaults, else the default directory).
 */
export function hrRecordOf(config: OnboardingConfig, input: HireInput): HrRecord {
  const { directoryId, ...rest } = input;
  const person = applyHireDefaults(rest, config);
  return { person, directoryId: directoryId ?? chooseDirectory(config, person).id };
}

/**
 * When the workflow starts provisioning, in whole seconds: Step Functions timestamps and a repeated
 * StartExecution must see identical input.
 */
export function provisionAtFor(config: OnboardingConfig, hire: HrRecord, now: Date): string {
  const { person } = hire;
  const at = provisioningTime({
    startDate: person.startDate,
    timeZone: person.timeZone,
    leadDays: config.provisioning.leadDays,
    calendar: hireCalendar(config, hire),
    now,
  });
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
